"""Shared by the outcome queries: filters, suppression, the alumni and their stores in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    extract,
    func,
    literal_column,
    select,
)
from sqlalchemy.sql.selectable import CTE

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderChannel, OrderStatus
from marketplace.stores.models import Store, StoreMember, StoreRole
from marketplace.training.models import (
    Enrollment,
    EnrollmentStatus,
    Participant,
    Program,
    ProgramKind,
)

MIN_GROUP = 5
MONTHS = 12
LOCAL_ZONE = "Asia/Jakarta"  # months and program dates are read in WIB
MENTORING_KINDS = (ProgramKind.MENTORING, ProgramKind.CONSULTATION)
WINDOW_MONTHS = 3  # before/after a mentoring programme
AWARD_ROWS = 200  # consenting recipients listed on the page (the CSV has them all)
# Upper bounds (exclusive) of the omzet buckets per alumnus over the last 12 months.
BUCKETS = (1, 1_000_000, 5_000_000, 20_000_000, 100_000_000)
GROUPINGS = ("program", "cohort", "skill", "district")


@dataclass(frozen=True)
class OutcomeFilters:
    """Which alumni the dashboard looks at."""

    program_id: int | None = None
    cohort: int | None = None  # year of the program's start
    skill_field: str | None = None
    district_code: str | None = None  # the participant's kecamatan


def local_today() -> date:
    """Today in WIB."""
    return datetime.now(ZoneInfo(LOCAL_ZONE)).date()


def month_keys(today: date, months: int = MONTHS) -> list[str]:
    """The last `months` months as 'YYYY-MM', oldest first, ending with today's month."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


def _window_start(today: date) -> datetime:
    first = month_keys(today)[0]
    local = datetime(int(first[:4]), int(first[5:]), 1, tzinfo=ZoneInfo(LOCAL_ZONE))
    return local.astimezone(UTC)


def _shown(value: Any, size: int) -> Any:
    """`value` unless it rests on 1 to MIN_GROUP - 1 people (then None: "< 5")."""
    return None if 0 < size < MIN_GROUP else value


def _count(value: Any) -> int | None:
    """A head count, suppressed when small but not zero."""
    number = int(value or 0)
    return _shown(number, number)


def _rupiah(value: Any) -> int:
    """A SQL number (int, Decimal or float) as whole Rupiah, half up."""
    if value is None:
        return 0
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- SQL building blocks -----------------------------------------------------------------------


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _month_of(column: Any) -> ColumnElement[str]:
    """'YYYY-MM' of a UTC timestamp, in WIB."""
    # Literal SQL, not bound parameters: PostgreSQL must see the GROUP BY expression as the
    # very same text as the selected one.
    if _dialect() == "postgresql":
        zone = literal_column(f"'{LOCAL_ZONE}'")
        return func.to_char(func.timezone(zone, column), literal_column("'YYYY-MM'"))
    return func.strftime(literal_column("'%Y-%m'"), column, literal_column("'+7 hours'"))


def _local(column: Any) -> ColumnElement[Any]:
    """A UTC timestamp as WIB wall time, comparable with a DATE column on both backends."""
    if _dialect() == "postgresql":
        return func.timezone(LOCAL_ZONE, column)
    return func.datetime(column, "+7 hours")


def _add_months(column: Any, months: int) -> ColumnElement[Any]:
    """A DATE column shifted by whole months (a timestamp on PostgreSQL, a date on SQLite)."""
    if _dialect() == "postgresql":
        return column.op("+")(literal_column(f"interval '{int(months)} months'"))
    return func.date(column, f"{int(months):+d} months")


def _inline(cte: CTE) -> CTE:
    """A CTE PostgreSQL plans inside each query that uses it (with the tables' statistics),
    rather than materialising it once with a guessed row count: a guess of 1 row for the
    filtered alumni turned a hash join into a 48-million-row nested loop."""
    return cte.prefix_with("NOT MATERIALIZED", dialect="postgresql")


_NET = Order.total_idr - Order.tax_idr
_WHOLESALE = Order.channel == OrderChannel.WHOLESALE
_COMPLETED = EnrollmentStatus.COMPLETED


def _enrollments(agency_id: int, filters: OutcomeFilters) -> CTE:
    """The agency's enrollments that match the filters, with program and participant fields."""
    stmt = (
        select(
            Enrollment.id.label("enrollment_id"),
            Enrollment.participant_id.label("pid"),
            Enrollment.program_id.label("program_id"),
            Enrollment.status.label("status"),
            Enrollment.award_title.label("award_title"),
            Enrollment.award_rank.label("award_rank"),
            Enrollment.award_amount_idr.label("award_amount_idr"),
            Enrollment.grant_items.label("grant_items"),
            Program.kind.label("kind"),
            Program.skill_field.label("skill_field"),
            Program.start_date.label("start_date"),
            Program.end_date.label("end_date"),
            Program.budget_idr.label("budget_idr"),
            extract("year", Program.start_date).label("cohort"),
            Participant.user_id.label("user_id"),
            Participant.district_code.label("district_code"),
            Participant.full_name.label("full_name"),
            Participant.sales_consent_at.label("consent_at"),
        )
        .join(Program, Program.id == Enrollment.program_id)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .where(Enrollment.agency_id == agency_id, Program.agency_id == agency_id)
    )
    if filters.program_id:
        stmt = stmt.where(Enrollment.program_id == filters.program_id)
    if filters.cohort:
        stmt = stmt.where(
            Program.start_date >= date(filters.cohort, 1, 1),
            Program.start_date < date(filters.cohort + 1, 1, 1),
        )
    if filters.skill_field:
        stmt = stmt.where(Program.skill_field == filters.skill_field)
    if filters.district_code:
        stmt = stmt.where(Participant.district_code == filters.district_code)
    return _inline(stmt.cte("enr"))


def _alumni_stores(enr: CTE) -> CTE:
    """(pid, store) for every store an alumnus (completed, claimed) owns."""
    return (
        select(
            enr.c.pid,
            Store.id.label("store_id"),
            Store.status.label("store_status"),
            Store.live_since.label("live_since"),
        )
        .select_from(enr)
        .join(
            StoreMember,
            and_(StoreMember.user_id == enr.c.user_id, StoreMember.role == StoreRole.OWNER),
        )
        .join(Store, Store.id == StoreMember.store_id)
        .where(enr.c.status == _COMPLETED)
        .distinct()
        .cte("astores")
    )


def _store_sales(astores: CTE, name: str, *, since: datetime | None = None) -> CTE:
    """Completed-order totals per alumni store (optionally since a moment)."""
    stmt = select(
        Order.store_id.label("store_id"),
        func.count(Order.id).label("orders"),
        func.sum(_NET).label("omzet"),
        func.sum(case((_WHOLESALE, 1), else_=0)).label("ws_orders"),
        func.sum(case((_WHOLESALE, _NET), else_=0)).label("ws_omzet"),
    ).where(Order.status == OrderStatus.COMPLETED, Order.store_id.in_(select(astores.c.store_id)))
    if since is not None:
        stmt = stmt.where(Order.completed_at >= since)
    return stmt.group_by(Order.store_id).cte(name)
