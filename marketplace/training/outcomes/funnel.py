"""The funnel: from trained to first wholesale sale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.selectable import CTE

from marketplace.extensions import db
from marketplace.stores.models import StoreStatus
from marketplace.training.outcomes.base import (
    _COMPLETED,
    MIN_GROUP,
    OutcomeFilters,
    _alumni_stores,
    _enrollments,
    _shown,
    _store_sales,
)

# -- 1. Funnel ---------------------------------------------------------------------------------

FUNNEL_STEPS = (
    "trained",
    "completed",
    "claimed",
    "store",
    "live",
    "first_sale",
    "repeat",
    "wholesale",
)
# Counts of the agency's own records: shown whatever the group size.
OWN_RECORD_STEPS = frozenset({"trained", "completed"})


@dataclass(frozen=True)
class FunnelRow:
    """One group's funnel: distinct participants reaching each step (None: "< 5")."""

    key: str | None  # None: no value (e.g. no kecamatan recorded), or the total row
    is_total: bool
    alumni: int  # completed in this group: the group's size for suppression
    steps: dict[str, int | None]

    @property
    def suppressed(self) -> bool:
        """True when the group is too small to show its outcomes."""
        return 0 < self.alumni < MIN_GROUP


def _group_key(enr: CTE, grouping: str) -> ColumnElement[Any]:
    column = {
        "program": enr.c.program_id,
        "cohort": enr.c.cohort,
        "skill": enr.c.skill_field,
        "district": enr.c.district_code,
    }[grouping]
    return cast(column, String)


def get_funnel(
    agency_id: int, filters: OutcomeFilters, *, grouping: str = "program"
) -> list[FunnelRow]:
    """The funnel per group (program, cohort, skill or kecamatan), total row last; one query.

    Steps nest: each counts participants who also reached the previous one (a sale needs a
    store that has been live). Raises KeyError for an unknown grouping.
    """
    enr = _enrollments(agency_id, filters)
    astores = _alumni_stores(enr)
    sales = _store_sales(astores, "store_sales")
    went_live = or_(astores.c.store_status == StoreStatus.LIVE, astores.c.live_since.isnot(None))
    flags = (
        select(
            astores.c.pid,
            func.max(case((went_live, 1), else_=0)).label("live"),
            func.coalesce(func.sum(sales.c.orders), 0).label("orders"),
            func.coalesce(func.sum(sales.c.ws_orders), 0).label("ws_orders"),
        )
        .select_from(astores.outerjoin(sales, sales.c.store_id == astores.c.store_id))
        .group_by(astores.c.pid)
        .cte("flags")
    )
    done = enr.c.status == _COMPLETED
    claimed = and_(done, enr.c.user_id.isnot(None))
    store = and_(claimed, flags.c.pid.isnot(None))
    live = and_(store, flags.c.live == 1)
    conditions = {
        "completed": done,
        "claimed": claimed,
        "store": store,
        "live": live,
        "first_sale": and_(live, flags.c.orders >= 1),
        "repeat": and_(live, flags.c.orders >= 2),
        "wholesale": and_(live, flags.c.ws_orders >= 1),
    }
    # First one row per person and group with a 0/1 flag per step (and one per person for the
    # total), then sums: cheaper than eight COUNT(DISTINCT ...) over every enrollment.
    reached = [func.max(case((cond, 1), else_=0)).label(step) for step, cond in conditions.items()]
    source = enr.outerjoin(flags, flags.c.pid == enr.c.pid)
    key = _group_key(enr, grouping)
    per_person = union_all(
        select(literal(0).label("is_total"), key.label("key"), enr.c.pid, *reached)
        .select_from(source)
        .group_by(key, enr.c.pid),
        select(literal(1), null(), enr.c.pid, *reached).select_from(source).group_by(enr.c.pid),
    ).subquery("per_person")
    rows = db.session.execute(
        select(
            per_person.c.is_total,
            per_person.c.key,
            func.count().label("trained"),
            *(func.sum(per_person.c[step]).label(step) for step in conditions),
        ).group_by(per_person.c.is_total, per_person.c.key)
    ).all()
    result = []
    for row in sorted(rows, key=lambda r: (r.is_total, r.key is None, r.key or "")):
        is_total = bool(row.is_total)
        alumni = int(row.completed)
        steps: dict[str, int | None] = {}
        for step in FUNNEL_STEPS:
            value = int(getattr(row, step))
            steps[step] = value if step in OWN_RECORD_STEPS else _shown(value, alumni)
        result.append(FunnelRow(key=row.key, is_total=is_total, alumni=alumni, steps=steps))
    return result
