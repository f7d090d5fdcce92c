"""Agencies, their staff memberships and training programs."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import TimestampMixin
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

    agency: Mapped[Agency] = relationship(back_populates="programs")
