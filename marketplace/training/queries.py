"""Training reads. Lists run a fixed number of SQL queries whatever their length."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import joinedload

from marketplace.core.pagination import Page, paginate_rows
from marketplace.extensions import db
from marketplace.training.models import (
    Agency,
    AgencyMember,
    Enrollment,
    EnrollmentStatus,
    Participant,
    ParticipantImport,
    Program,
)

if TYPE_CHECKING:
    from marketplace.training.mentoring import TimelineVisit


def list_agencies_of_user(user_id: int) -> list[tuple[Agency, str]]:
    """The agencies a user works for, with the user's role, one query."""
    rows = db.session.execute(
        select(Agency, AgencyMember.role)
        .join(AgencyMember, AgencyMember.agency_id == Agency.id)
        .where(AgencyMember.user_id == user_id)
        .order_by(Agency.name)
    )
    return [(agency, role) for agency, role in rows]


def get_agency_for_member(agency_id: int, user_id: int) -> tuple[Agency, str] | None:
    """The agency and the user's role in it, or None if the user is not its staff."""
    row = db.session.execute(
        select(Agency, AgencyMember.role)
        .join(AgencyMember, AgencyMember.agency_id == Agency.id)
        .where(Agency.id == agency_id, AgencyMember.user_id == user_id)
    ).first()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class ProgramRow:
    """A program with its enrollment counts."""

    program: Program
    enrolled: int
    completed: int


def list_programs(agency_id: int) -> list[ProgramRow]:
    """An agency's programs, newest first, with counts; one query."""
    counts = (
        select(
            Enrollment.program_id,
            func.count(Enrollment.id).label("enrolled"),
            func.sum(case((Enrollment.status == EnrollmentStatus.COMPLETED, 1), else_=0)).label(
                "completed"
            ),
        )
        .where(Enrollment.agency_id == agency_id)
        .group_by(Enrollment.program_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Program, func.coalesce(counts.c.enrolled, 0), func.coalesce(counts.c.completed, 0))
        .outerjoin(counts, counts.c.program_id == Program.id)
        .where(Program.agency_id == agency_id)
        .order_by(Program.start_date.desc(), Program.id.desc())
    )
    return [ProgramRow(p, int(e), int(c)) for p, e, c in rows]


def get_program_for_agency(program_id: int, agency_id: int) -> Program | None:
    """A program only if it belongs to the agency."""
    return db.session.scalar(
        select(Program).where(Program.id == program_id, Program.agency_id == agency_id)
    )


def get_enrollment_for_agency(enrollment_id: int, agency_id: int) -> Enrollment | None:
    """An enrollment only if it is in one of the agency's programs."""
    return db.session.scalar(
        select(Enrollment)
        .where(Enrollment.id == enrollment_id, Enrollment.agency_id == agency_id)
        .options(joinedload(Enrollment.participant), joinedload(Enrollment.program))
    )


def get_participant_for_agency(participant_id: int, agency_id: int) -> Participant | None:
    """A participant only if the agency trained them (an enrollment in one of its programs)."""
    return db.session.scalar(
        select(Participant).where(
            Participant.id == participant_id,
            Participant.id.in_(
                select(Enrollment.participant_id).where(Enrollment.agency_id == agency_id)
            ),
        )
    )


def list_participant_enrollments(participant_id: int, agency_id: int) -> list[Enrollment]:
    """The participant's enrollments in this agency's programs, newest program first."""
    return list(
        db.session.scalars(
            select(Enrollment)
            .join(Program, Program.id == Enrollment.program_id)
            .where(Enrollment.participant_id == participant_id, Enrollment.agency_id == agency_id)
            .options(joinedload(Enrollment.program))
            .order_by(Program.start_date.desc())
        )
    )


@dataclass(frozen=True)
class EnrollmentFilters:
    """Filters of the agency's participant list."""

    program_id: int | None = None
    status: str | None = None
    district_code: str | None = None
    village_code: str | None = None
    skill_field: str | None = None
    text: str = ""


def _enrollments_stmt(agency_id: int, filters: EnrollmentFilters) -> Select[Any]:
    stmt = (
        select(Enrollment, Participant, Program)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .join(Program, Program.id == Enrollment.program_id)
        .where(Enrollment.agency_id == agency_id)
    )
    if filters.program_id:
        stmt = stmt.where(Enrollment.program_id == filters.program_id)
    if filters.status:
        stmt = stmt.where(Enrollment.status == filters.status)
    if filters.district_code:
        stmt = stmt.where(Participant.district_code == filters.district_code)
    if filters.village_code:
        stmt = stmt.where(Participant.village_code == filters.village_code)
    if filters.skill_field:
        stmt = stmt.where(Program.skill_field == filters.skill_field)
    if filters.text:
        text = filters.text.lower()
        stmt = stmt.where(
            func.lower(Participant.full_name).contains(text, autoescape=True)
            | func.lower(Enrollment.certificate_no).contains(text, autoescape=True)
        )
    return stmt.order_by(Program.start_date.desc(), Participant.full_name, Enrollment.id)


def list_enrollments(
    agency_id: int, filters: EnrollmentFilters, *, page: int = 1, per_page: int = 50
) -> Page[Any]:
    """One page of (enrollment, participant, program) rows; two queries at any page size."""
    return paginate_rows(_enrollments_stmt(agency_id, filters), page=page, per_page=per_page)


def iter_enrollments(agency_id: int, filters: EnrollmentFilters) -> Iterator[Any]:
    """Every matching row, streamed in batches (for CSV export)."""
    yield from db.session.execute(
        _enrollments_stmt(agency_id, filters).execution_options(yield_per=1000)
    )


EXPORT_HEADER = [
    "program",
    "program_start",
    "full_name",
    "nik_last4",
    "gender",
    "birth_year",
    "phone",
    "kecamatan",
    "kelurahan",
    "status",
    "certificate_no",
    "award",
    "award_amount_idr",
    "grant_items",
    "claimed",
]


def export_enrollment_rows(agency_id: int, filters: EnrollmentFilters) -> Iterator[list[Any]]:
    """Rows of the participant export (EXPORT_HEADER order), streamed: NIK only as last 4."""
    from marketplace.regions.reference import get_district, get_village

    for enrollment, participant, program in iter_enrollments(agency_id, filters):
        district = get_district(participant.district_code or "")
        village = get_village(participant.village_code or "")
        yield [
            program.title,
            program.start_date.isoformat(),
            participant.full_name,
            participant.nik_last4,
            participant.gender,
            participant.birth_year,
            participant.phone,
            district.name if district else "",
            village.name if village else "",
            enrollment.status,
            enrollment.certificate_no,
            enrollment.award_title,
            enrollment.award_amount_idr,
            enrollment.grant_items,
            "ya" if participant.user_id else "tidak",
        ]


def get_import_for_agency(public_id: str, agency_id: int) -> ParticipantImport | None:
    """A staged or applied import of this agency."""
    return db.session.scalar(
        select(ParticipantImport).where(
            ParticipantImport.public_id == public_id, ParticipantImport.agency_id == agency_id
        )
    )


# -- A user's own training history -----------------------------------------------------------


def get_participant_of_user(user_id: int) -> Participant | None:
    """The participant record linked to a user, if any."""
    return db.session.scalar(select(Participant).where(Participant.user_id == user_id))


@dataclass(frozen=True)
class TimelineEntry:
    """One program in a person's training history."""

    enrollment: Enrollment
    program: Program
    agency: Agency


def list_timeline(participant_id: int) -> list[TimelineEntry | TimelineVisit]:
    """Every enrollment and mentoring visit of a participant across agencies, newest first
    (visits without the staff's internal notes); two queries."""
    from marketplace.training.mentoring import list_timeline_visits

    rows = db.session.execute(
        select(Enrollment, Program, Agency)
        .join(Program, Program.id == Enrollment.program_id)
        .join(Agency, Agency.id == Enrollment.agency_id)
        .where(Enrollment.participant_id == participant_id)
        .order_by(Program.start_date.desc(), Enrollment.id.desc())
    )
    entries: list[TimelineEntry | TimelineVisit] = [TimelineEntry(e, p, a) for e, p, a in rows]
    entries.extend(list_timeline_visits(participant_id))
    # A stable sort: each kind keeps its own order within a day.
    entries.sort(
        key=lambda x: x.program.start_date if isinstance(x, TimelineEntry) else x.visit_date,
        reverse=True,
    )
    return entries


@dataclass(frozen=True)
class Badge:
    """A completed program shown on a person's profile and, later, their store."""

    skill_field: str
    kind: str
    agency_short_name: str
    year: int
    certificate_no: str | None
    award_title: str | None


def badges_from_timeline(timeline: Sequence[TimelineEntry | TimelineVisit]) -> list[Badge]:
    """Completed programs (and contest awards) as badges, newest first; visits are skipped."""
    badges = []
    for entry in timeline:
        if not isinstance(entry, TimelineEntry):
            continue
        if entry.enrollment.status != EnrollmentStatus.COMPLETED:
            continue
        badges.append(
            Badge(
                skill_field=entry.program.skill_field,
                kind=entry.program.kind,
                agency_short_name=entry.agency.short_name,
                year=entry.program.end_date.year,
                certificate_no=entry.enrollment.certificate_no,
                award_title=entry.enrollment.award_title,
            )
        )
    return badges


def list_store_badges(store_id: int) -> list[tuple[Badge, str | None]]:
    """Badges of a store's owners (completed programs, awards), newest first; one query.

    Each comes with the certificate number to link to its public verification.
    """
    from marketplace.stores.models import StoreMember, StoreRole

    rows = db.session.execute(
        select(Enrollment, Program, Agency)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .join(StoreMember, StoreMember.user_id == Participant.user_id)
        .join(Program, Program.id == Enrollment.program_id)
        .join(Agency, Agency.id == Enrollment.agency_id)
        .where(
            StoreMember.store_id == store_id,
            StoreMember.role == StoreRole.OWNER,
            Enrollment.status == EnrollmentStatus.COMPLETED,
        )
        .order_by(Program.end_date.desc())
    )
    timeline = [TimelineEntry(e, p, a) for e, p, a in rows]
    return [(b, b.certificate_no) for b in badges_from_timeline(timeline)]


# -- Public certificate verification ---------------------------------------------------------


def mask_name(full_name: str) -> str:
    """'Sri Wahyuni' -> 'S** W******': enough to compare with a seller's name, not to dox."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in full_name.split() if word)


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public may know about a certificate: nothing that identifies beyond the name."""

    certificate_no: str
    holder: str
    program_title: str
    program_kind: str
    skill_field: str
    agency_name: str
    start_date: date
    end_date: date
    status: str
    award_title: str | None


def verify_certificate(certificate_no: str) -> list[VerifiedCertificate]:
    """Every enrollment with this certificate number (unique per agency, so maybe several)."""
    rows = db.session.execute(
        select(Enrollment, Participant.full_name, Program, Agency.name)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .join(Program, Program.id == Enrollment.program_id)
        .join(Agency, Agency.id == Enrollment.agency_id)
        .where(Enrollment.certificate_no == certificate_no.strip())
        .order_by(Agency.name)
        .limit(10)
    )
    return [
        VerifiedCertificate(
            certificate_no=e.certificate_no or "",
            holder=mask_name(name),
            program_title=p.title,
            program_kind=p.kind,
            skill_field=p.skill_field,
            agency_name=agency_name,
            start_date=p.start_date,
            end_date=p.end_date,
            status=e.status,
            award_title=e.award_title,
        )
        for e, name, p, agency_name in rows
    ]
