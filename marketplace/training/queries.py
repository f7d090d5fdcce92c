"""Training reads."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.training.models import Agency, AgencyMember, Program


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


def list_programs(agency_id: int) -> list[Program]:
    """An agency's programs, newest first, one query."""
    return list(
        db.session.scalars(
            select(Program)
            .where(Program.agency_id == agency_id)
            .order_by(Program.start_date.desc(), Program.id.desc())
        )
    )
