"""Agencies, their staff memberships and training programs."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db


class AgencyRole(StrEnum):
    """What a staff member may do in the agency area."""

    VIEWER = "viewer"
    EDITOR = "editor"
    MANAGER = "manager"


class ProgramKind(StrEnum):
    """The kinds of support a Dinas gives."""

    TRAINING = "pelatihan"
    MENTORING = "pendampingan"
    CONSULTATION = "konsultasi_produktivitas"
    EQUIPMENT_GRANT = "bantuan_peralatan"
    CONTEST = "lomba"


class SkillField(StrEnum):
    """The skill a program teaches."""

    CULINARY = "kuliner"
    GARMENT = "konveksi"
    CRAFT = "kerajinan"
    ENTREPRENEURSHIP = "kewirausahaan"
    DIGITAL_MARKETING = "pemasaran_digital"
    OTHER = "lainnya"


class FundingSource(StrEnum):
    """Where a program's budget comes from."""

    APBD = "APBD"
    DBHCHT = "DBHCHT"
    APBN = "APBN"
    OTHER = "lainnya"


class Agency(TimestampMixin, db.Model):
    """A Dinas: the regional office that trains and supports IKM."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(60))
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    region_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(20))

    programs: Mapped[list[Program]] = relationship(back_populates="agency")


class AgencyMember(TimestampMixin, db.Model):
    """A user working for an agency, with a role."""

    __tablename__ = "agency_members"
    __table_args__ = (UniqueConstraint("agency_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=AgencyRole.VIEWER)

    agency: Mapped[Agency] = relationship()
    user: Mapped[User] = relationship()


class Program(TimestampMixin, db.Model):
    """A training, mentoring, consultation, equipment grant or contest run by an agency."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    skill_field: Mapped[str] = mapped_column(String(30), index=True)
    venue: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date]
    capacity: Mapped[int] = mapped_column(default=40)
    funding_source: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    district_code: Mapped[str | None] = mapped_column(String(13), index=True)
    village_code: Mapped[str | None] = mapped_column(String(16))
    budget_idr: Mapped[int | None]

    agency: Mapped[Agency] = relationship(back_populates="programs")


class EnrollmentStatus(StrEnum):
    """Where a participant stands in a program."""

    REGISTERED = "registered"
    ATTENDED = "attended"
    COMPLETED = "completed"
    DROPPED = "dropped"


# Allowed status changes. Completion is final; a dropped participant can be registered again.
ENROLLMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    EnrollmentStatus.REGISTERED: frozenset(
        {EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED, EnrollmentStatus.DROPPED}
    ),
    EnrollmentStatus.ATTENDED: frozenset({EnrollmentStatus.COMPLETED, EnrollmentStatus.DROPPED}),
    EnrollmentStatus.COMPLETED: frozenset(),
    EnrollmentStatus.DROPPED: frozenset({EnrollmentStatus.REGISTERED}),
}


class Gender(StrEnum):
    """As on the KTP: laki-laki or perempuan."""

    MALE = "L"
    FEMALE = "P"


class Participant(TimestampMixin, db.Model):
    """A person as the agencies know them; one per NIK across the platform.

    The NIK itself is never stored: only its keyed hash (to match) and last 4 digits (to show).
    """

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    nik_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nik_last4: Mapped[str] = mapped_column(String(4))
    phone: Mapped[str | None] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(1))
    birth_year: Mapped[int | None]
    district_code: Mapped[str | None] = mapped_column(String(13), index=True)
    village_code: Mapped[str | None] = mapped_column(String(16), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    claimed_at: Mapped[datetime | None]
    # The alumnus agreed (when claiming, revocable on "Pelatihan saya") that the agencies who
    # trained them may see their own store's sales; without it agencies see aggregates only.
    sales_consent_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="participant")


class Enrollment(TimestampMixin, db.Model):
    """A participant in a program: status, certificate, award or grant."""

    __tablename__ = "enrollments"
    __table_args__ = (
        UniqueConstraint("program_id", "participant_id"),
        # Certificate numbers are unique within the agency that issues them.
        UniqueConstraint("agency_id", "certificate_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    # Denormalised from the program: the certificate constraint and agency filters need it.
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=EnrollmentStatus.REGISTERED, index=True)
    certificate_no: Mapped[str | None] = mapped_column(String(60), index=True)
    award_title: Mapped[str | None] = mapped_column(String(120))
    award_rank: Mapped[int | None]
    award_amount_idr: Mapped[int | None]
    grant_items: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship()
    participant: Mapped[Participant] = relationship(back_populates="enrollments")
    agency: Mapped[Agency] = relationship()


class EnrollmentEvent(db.Model):
    """Every change of an enrollment: who, when, from, to, and which fields."""

    __tablename__ = "enrollment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), index=True
    )
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(40))


class ParticipantEvent(db.Model):
    """Claims, invitations and unlinks of a participant record: who, when, what."""

    __tablename__ = "participant_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ClaimInvitation(db.Model):
    """A single-use link an agency sends an alumnus to link their record to their account."""

    __tablename__ = "claim_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    participant: Mapped[Participant] = relationship()
    agency: Mapped[Agency] = relationship()


class ParticipantImport(db.Model):
    """An uploaded participant sheet: previewed first, applied whole or not at all."""

    __tablename__ = "participant_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    program: Mapped[Program] = relationship()
