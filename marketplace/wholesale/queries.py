"""Wholesale reads."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.wholesale.models import Business, BusinessMember


def list_businesses_of_user(user_id: int) -> list[tuple[Business, str]]:
    """The business accounts a user acts for, with the user's role, one query."""
    rows = db.session.execute(
        select(Business, BusinessMember.role)
        .join(BusinessMember, BusinessMember.business_id == Business.id)
        .where(BusinessMember.user_id == user_id)
        .order_by(Business.legal_name)
    )
    return [(business, role) for business, role in rows]
