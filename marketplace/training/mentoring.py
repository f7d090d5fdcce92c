"""Mentoring follow-up: visits and consultations agency staff record, and who needs one next.

The visit's `notes` are the staff's own: shown to the agency that wrote them, never to the
alumnus nor to another agency. Topic, next step and next date are what was agreed with the
alumnus, so their "Pelatihan saya" timeline shows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ForeignKey,
    Index,
    Select,
    String,
    Text,
    case,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import TimestampMixin
from marketplace.core.errors import DomainError
from marketplace.core.pagination import Page, paginate_rows
from marketplace.extensions import db
from marketplace.training.models import (
    Agency,
    Enrollment,
    EnrollmentStatus,
    Participant,
    Program,
)

# -- Model -----------------------------------------------------------------------------------


class VisitKind(StrEnum):
    """How the mentoring took place."""

    VISIT = "kunjungan"
    CONSULTATION = "konsultasi"
    PHONE = "telepon"


VISIT_KIND_LABELS = {
    VisitKind.VISIT: _l("Kunjungan"),
    VisitKind.CONSULTATION: _l("Konsultasi"),
    VisitKind.PHONE: _l("Telepon"),
}


class MentoringVisit(TimestampMixin, db.Model):
    """A mentoring visit, consultation or call by an agency's staff for one participant."""

    __tablename__ = "mentoring_visits"
    __table_args__ = (
        # The follow-up list asks "last visit of each participant by this agency".
        Index(
            "ix_mentoring_visits_agency_id_participant_id_visit_date",
            "agency_id",
            "participant_id",
            "visit_date",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    visit_date: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(12))
    topic: Mapped[str] = mapped_column(String(200))
    # Staff-internal: never shown to the alumnus.
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(String(300), default="")
    next_date: Mapped[date | None]

    agency: Mapped[Agency] = relationship()
    participant: Mapped[Participant] = relationship()
    recorded_by: Mapped[User | None] = relationship()


# -- Services --------------------------------------------------------------------------------


class InvalidVisit(DomainError):
    code = "invalid_visit"
    message = _l("Data pendampingan tidak valid.")


@dataclass(frozen=True)
class VisitData:
    """The editable fields of a visit, as plain values."""

    visit_date: date
    kind: str
    topic: str
    notes: str
    next_step: str
    next_date: date | None


def today_for(user: User) -> date:
    """Today in the user's zone (WIB/WITA/WIT): staff in Jayapura may record this morning's visit
    while it is still yesterday in Jakarta."""
    try:
        zone = ZoneInfo(user.timezone or current_app.config["BABEL_DEFAULT_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).date()


def _check_visit(data: VisitData, *, today: date) -> None:
    if data.kind not in set(VisitKind):
        raise InvalidVisit(_l("Pilih jenis pendampingan."))
    if not data.topic.strip():
        raise InvalidVisit(_l("Tulis topik pendampingan."))
    if data.visit_date > today:
        raise InvalidVisit(_l("Tanggal pendampingan tidak boleh di masa depan."))
    if data.next_date is not None and data.next_date < data.visit_date:
        raise InvalidVisit(_l("Tanggal tindak lanjut tidak boleh sebelum tanggal pendampingan."))


def record_visit(
    participant: Participant, *, agency: Agency, actor: User, data: VisitData
) -> MentoringVisit:
    """Record a visit of the agency's staff for a participant the agency trained (the caller
    checks that). Raises InvalidVisit (future date, no topic, next date before the visit)."""
    _check_visit(data, today=today_for(actor))
    visit = MentoringVisit(
        agency_id=agency.id,
        participant_id=participant.id,
        recorded_by_id=actor.id,
        **data.__dict__,
    )
    db.session.add(visit)
    db.session.flush()
    return visit


def update_visit(visit: MentoringVisit, *, actor: User, data: VisitData) -> MentoringVisit:
    """Change a visit's fields. Raises InvalidVisit."""
    _check_visit(data, today=today_for(actor))
    for name, value in data.__dict__.items():
        setattr(visit, name, value)
    db.session.flush()
    return visit


def delete_visit(visit: MentoringVisit, *, actor: User) -> None:
    """Remove a visit recorded by mistake (the audit log keeps what it was). Raises nothing."""
    db.session.delete(visit)
    db.session.flush()


# -- Queries ---------------------------------------------------------------------------------


def get_visit_for_agency(visit_id: int, agency_id: int) -> MentoringVisit | None:
    """A visit only if the agency recorded it."""
    return db.session.scalar(
        select(MentoringVisit)
        .where(MentoringVisit.id == visit_id, MentoringVisit.agency_id == agency_id)
        .options(joinedload(MentoringVisit.participant))
    )


def list_participant_visits(participant_id: int, agency_id: int) -> list[MentoringVisit]:
    """The agency's own visits of a participant, notes included, newest first; one query."""
    return list(
        db.session.scalars(
            select(MentoringVisit)
            .where(
                MentoringVisit.participant_id == participant_id,
                MentoringVisit.agency_id == agency_id,
            )
            .options(joinedload(MentoringVisit.recorded_by))
            .order_by(MentoringVisit.visit_date.desc(), MentoringVisit.id.desc())
        )
    )


def list_agency_visits(agency_id: int, *, page: int = 1, per_page: int = 50) -> Page[Any]:
    """One page of the agency's visits, newest first, as (visit, participant) rows; two
    queries at any page size."""
    stmt = (
        select(MentoringVisit, Participant)
        .join(Participant, Participant.id == MentoringVisit.participant_id)
        .where(MentoringVisit.agency_id == agency_id)
        .order_by(MentoringVisit.visit_date.desc(), MentoringVisit.id.desc())
    )
    return paginate_rows(stmt, page=page, per_page=per_page)


@dataclass(frozen=True)
class TimelineVisit:
    """A visit as the alumnus sees it on their timeline: no staff-internal notes."""

    visit_date: date
    kind: str
    topic: str
    next_step: str
    next_date: date | None
    agency: Agency

    is_visit = True


def list_timeline_visits(participant_id: int) -> list[TimelineVisit]:
    """Every agency's visits of a participant without the notes (not even loaded); one query."""
    rows = db.session.execute(
        select(
            MentoringVisit.visit_date,
            MentoringVisit.kind,
            MentoringVisit.topic,
            MentoringVisit.next_step,
            MentoringVisit.next_date,
            Agency,
        )
        .join(Agency, Agency.id == MentoringVisit.agency_id)
        .where(MentoringVisit.participant_id == participant_id)
        .order_by(MentoringVisit.visit_date.desc(), MentoringVisit.id.desc())
    )
    return [TimelineVisit(d, k, t, s, n, a) for d, k, t, s, n, a in rows]


# -- The follow-up list ----------------------------------------------------------------------


class StoreState(StrEnum):
    """Where an alumnus stands on the way to selling (for those still to follow up)."""

    NONE = "none"
    NOT_LIVE = "not_live"
    LIVE_NO_SALE = "live_no_sale"


STORE_STATE_LABELS = {
    StoreState.NONE: _l("Belum punya toko"),
    StoreState.NOT_LIVE: _l("Toko belum tayang"),
    StoreState.LIVE_NO_SALE: _l("Tayang, belum ada penjualan"),
}

DEFAULT_MONTHS = 3
MAX_MONTHS = 36


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (31 March - 1 month = 28/29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class FollowupFilters:
    """Which alumni to list: completed at least `months` ago, maybe one program or field."""

    months: int = DEFAULT_MONTHS
    program_id: int | None = None
    skill_field: str | None = None


@dataclass(frozen=True)
class FollowupRow:
    """One alumnus to follow up (a live store without sales only with their consent)."""

    participant_id: int
    name: str
    program_title: str
    skill_field: str
    completed_on: date
    claimed: bool
    store_state: str
    last_visit: date | None


def _followup_stmt(
    agency_id: int, filters: FollowupFilters, *, today: date, withheld: bool = False
) -> Select[Any]:
    from marketplace.orders.models import Order, OrderStatus
    from marketplace.stores.models import Store, StoreMember, StoreRole, StoreStatus

    cutoff = months_before(today, filters.months)
    # The agency's completed enrollments old enough; the latest of them per participant.
    qualifying = (
        select(
            Enrollment.participant_id,
            Enrollment.program_id,
            Program.end_date,
            func.row_number()
            .over(
                partition_by=Enrollment.participant_id,
                order_by=(Program.end_date.desc(), Enrollment.id.desc()),
            )
            .label("rn"),
        )
        .join(Program, Program.id == Enrollment.program_id)
        .where(
            Enrollment.agency_id == agency_id,
            Enrollment.status == EnrollmentStatus.COMPLETED,
            Program.end_date <= cutoff,
        )
    )
    if filters.program_id:
        qualifying = qualifying.where(Enrollment.program_id == filters.program_id)
    if filters.skill_field:
        qualifying = qualifying.where(Program.skill_field == filters.skill_field)
    latest = qualifying.subquery("latest")

    last_visit = (
        select(
            MentoringVisit.participant_id,
            func.max(MentoringVisit.visit_date).label("last_visit"),
        )
        .where(MentoringVisit.agency_id == agency_id)
        .group_by(MentoringVisit.participant_id)
        .subquery("last_visit")
    )

    def owns_store(*conditions: Any) -> Any:
        return exists(
            select(literal(1))
            .select_from(StoreMember)
            .join(Store, Store.id == StoreMember.store_id)
            .where(
                StoreMember.user_id == Participant.user_id,
                StoreMember.role == StoreRole.OWNER,
                *conditions,
            )
        )

    has_live = owns_store(Store.status == StoreStatus.LIVE)
    sold_live = owns_store(
        Store.status == StoreStatus.LIVE,
        exists(
            select(literal(1)).where(
                Order.store_id == Store.id, Order.status == OrderStatus.COMPLETED
            )
        ),
    )
    store_state = case(
        (has_live, literal(StoreState.LIVE_NO_SALE.value)),
        (owns_store(), literal(StoreState.NOT_LIVE.value)),
        else_=literal(StoreState.NONE.value),
    )
    # "Live store, no sale yet" is a fact about someone's sales: listed by name only with their
    # consent, otherwise counted (see count_withheld_followup).
    shareable = or_(~has_live, Participant.sales_consent_at.is_not(None))
    if withheld:
        return (
            select(func.count())
            .select_from(latest)
            .join(Participant, Participant.id == latest.c.participant_id)
            .where(latest.c.rn == 1, ~sold_live, ~shareable)
        )
    return (
        select(
            Participant.id,
            Participant.full_name,
            Participant.sales_consent_at,
            Participant.user_id,
            Program.title,
            Program.skill_field,
            latest.c.end_date,
            store_state.label("store_state"),
            last_visit.c.last_visit,
        )
        .select_from(latest)
        .join(Participant, Participant.id == latest.c.participant_id)
        .join(Program, Program.id == latest.c.program_id)
        .outerjoin(last_visit, last_visit.c.participant_id == Participant.id)
        .where(latest.c.rn == 1, ~sold_live, shareable)
        # Never followed up first, then the longest since the last visit, then the oldest.
        .order_by(
            last_visit.c.last_visit.is_not(None),
            last_visit.c.last_visit,
            latest.c.end_date,
            Participant.id,
        )
    )


def _row(values: Any) -> FollowupRow:
    pid, full_name, _consent_at, user_id, title, skill, end_date, state, last = values
    return FollowupRow(
        participant_id=pid,
        name=full_name,
        program_title=title,
        skill_field=skill,
        completed_on=end_date,
        claimed=user_id is not None,
        store_state=state,
        last_visit=last,
    )


def list_followup(
    agency_id: int,
    filters: FollowupFilters,
    *,
    today: date,
    page: int = 1,
    per_page: int = 50,
) -> Page[FollowupRow]:
    """Alumni of the agency who completed a program at least N months ago and have no live
    store, or (with their consent to share sales) no completed sale in it; one page, two
    queries at any page size."""
    stmt = _followup_stmt(agency_id, filters, today=today)
    result = paginate_rows(stmt, page=page, per_page=per_page)
    return Page(
        items=[_row(r) for r in result.items],
        total=result.total,
        page=result.page,
        per_page=result.per_page,
    )


def count_withheld_followup(agency_id: int, filters: FollowupFilters, *, today: date) -> int:
    """How many alumni the list leaves out because only their sales would put them on it (a
    live store, no completed sale) and they have not consented to share sales; one query."""
    return int(
        db.session.scalar(_followup_stmt(agency_id, filters, today=today, withheld=True)) or 0
    )


FOLLOWUP_HEADER = [
    "nama",
    "program",
    "bidang",
    "selesai",
    "akun_tertaut",
    "status_toko",
    "pendampingan_terakhir",
]


def export_followup_rows(
    agency_id: int, filters: FollowupFilters, *, today: date
) -> Iterator[list[Any]]:
    """Rows of the follow-up CSV (FOLLOWUP_HEADER order), streamed; one query, never a NIK."""
    stmt = _followup_stmt(agency_id, filters, today=today).execution_options(yield_per=1000)
    for values in db.session.execute(stmt):
        row = _row(values)
        yield [
            row.name,
            row.program_title,
            row.skill_field,
            row.completed_on.isoformat(),
            "ya" if row.claimed else "tidak",
            row.store_state,
            row.last_visit.isoformat() if row.last_visit else "",
        ]
