"""Contest winners and equipment-grant recipients, and what they sold since."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.training.outcomes.base import (
    _COMPLETED,
    _NET,
    AWARD_ROWS,
    OutcomeFilters,
    _alumni_stores,
    _count,
    _enrollments,
    _local,
    _rupiah,
    _shown,
)

# -- 3. Contest and grant follow-up ------------------------------------------------------------


@dataclass(frozen=True)
class AwardRow:
    """A contest winner or grant recipient who consented to share their sales."""

    enrollment_id: int
    participant_id: int
    full_name: str
    program_id: int
    end_date: date
    award_title: str | None
    award_rank: int | None
    award_amount_idr: int | None
    grant_items: str | None
    orders: int
    omzet_idr: int


@dataclass(frozen=True)
class AwardFollowUp:
    """Consenting recipients one by one; everyone else only as a group."""

    rows: list[AwardRow] = field(default_factory=list)
    others: int | None = 0  # recipients without consent (None: "< 5")
    others_sellers: int = 0
    others_omzet_idr: int | None = 0
    more: bool = False  # more consenting rows than listed


def get_award_follow_up(
    agency_id: int, filters: OutcomeFilters, *, limit: int | None = AWARD_ROWS
) -> AwardFollowUp:
    """Winners and equipment-grant recipients (completed enrollments) with their stores' sales
    since the program's end date; one query. Non-consenting recipients fold into one row."""
    enr = _enrollments(agency_id, filters)
    astores = _alumni_stores(enr)
    awarded = or_(enr.c.award_title.isnot(None), func.coalesce(enr.c.grant_items, "") != "")
    recipients = select(enr).where(enr.c.status == _COMPLETED, awarded).cte("recipients")
    per_enrollment = (
        select(
            recipients.c.enrollment_id,
            func.count(Order.id).label("orders"),
            func.coalesce(func.sum(_NET), 0).label("omzet"),
        )
        .select_from(
            recipients.outerjoin(astores, astores.c.pid == recipients.c.pid).outerjoin(
                Order,
                and_(
                    Order.store_id == astores.c.store_id,
                    Order.status == OrderStatus.COMPLETED,
                    _local(Order.completed_at) >= recipients.c.end_date,
                ),
            )
        )
        .group_by(recipients.c.enrollment_id)
        .subquery()
    )
    consented = recipients.c.consent_at.isnot(None)
    key = case((consented, recipients.c.enrollment_id))

    def named(column: Any) -> ColumnElement[Any]:
        return func.max(case((consented, column)))

    stmt = (
        select(
            key.label("enrollment_id"),
            named(recipients.c.pid).label("pid"),
            named(recipients.c.full_name).label("full_name"),
            named(recipients.c.program_id).label("program_id"),
            named(recipients.c.end_date).label("end_date"),
            named(recipients.c.award_title).label("award_title"),
            named(recipients.c.award_rank).label("award_rank"),
            named(recipients.c.award_amount_idr).label("award_amount_idr"),
            named(recipients.c.grant_items).label("grant_items"),
            func.count(distinct(recipients.c.pid)).label("people"),
            func.count(distinct(case((per_enrollment.c.orders > 0, recipients.c.pid)))).label(
                "sellers"
            ),
            func.sum(per_enrollment.c.orders).label("orders"),
            func.sum(per_enrollment.c.omzet).label("omzet"),
        )
        .join(per_enrollment, per_enrollment.c.enrollment_id == recipients.c.enrollment_id)
        .group_by(key)
        # The group of others first, then the best sellers.
        .order_by(key.isnot(None), func.sum(per_enrollment.c.omzet).desc(), key)
    )
    if limit is not None:
        stmt = stmt.limit(limit + 2)
    follow = AwardFollowUp()
    rows: list[AwardRow] = []
    for row in db.session.execute(stmt):
        if row.enrollment_id is None:
            n = int(row.sellers)
            follow = AwardFollowUp(
                others=_count(row.people),
                others_sellers=n,
                others_omzet_idr=_shown(_rupiah(row.omzet), n),
            )
            continue
        rows.append(
            AwardRow(
                enrollment_id=row.enrollment_id,
                participant_id=row.pid,
                full_name=row.full_name,
                program_id=row.program_id,
                end_date=_as_date(row.end_date),
                award_title=row.award_title,
                award_rank=row.award_rank,
                award_amount_idr=row.award_amount_idr,
                grant_items=row.grant_items,
                orders=int(row.orders),
                omzet_idr=_rupiah(row.omzet),
            )
        )
    more = limit is not None and len(rows) > limit
    return AwardFollowUp(
        rows=rows[:limit] if limit is not None else rows,
        others=follow.others,
        others_sellers=follow.others_sellers,
        others_omzet_idr=follow.others_omzet_idr,
        more=more,
    )


def _as_date(value: Any) -> date:
    # max() over a DATE comes back as text on SQLite.
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
