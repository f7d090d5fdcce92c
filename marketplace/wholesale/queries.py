"""Wholesale reads: business accounts, their members, locations, documents and history."""

from __future__ import annotations

import re

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.wholesale.models import (
    Business,
    BusinessDocument,
    BusinessEvent,
    BusinessLocation,
    BusinessMember,
    BusinessRole,
    BusinessStatus,
)

_SEPARATORS = re.compile(r"[\s.\-/]")


def list_businesses_of_user(user_id: int) -> list[tuple[Business, str]]:
    """The business accounts a user acts for, with the user's role, one query."""
    rows = db.session.execute(
        select(Business, BusinessMember.role)
        .join(BusinessMember, BusinessMember.business_id == Business.id)
        .where(BusinessMember.user_id == user_id)
        .order_by(Business.legal_name)
    )
    return [(business, role) for business, role in rows]


def get_business_for_member(business_id: int, user_id: int) -> tuple[Business, str] | None:
    """(business, the user's role) when the user is a member of it, else None; one query."""
    row = db.session.execute(
        select(Business, BusinessMember.role)
        .join(BusinessMember, BusinessMember.business_id == Business.id)
        .where(Business.id == business_id, BusinessMember.user_id == user_id)
    ).first()
    return (row[0], row[1]) if row else None


def list_business_members(business_id: int) -> list[tuple[BusinessMember, User]]:
    """Members with their accounts, owners first then by name; one query."""
    rows = db.session.execute(
        select(BusinessMember, User)
        .join(User, User.id == BusinessMember.user_id)
        .where(BusinessMember.business_id == business_id)
        .order_by(BusinessMember.role != BusinessRole.OWNER, User.name, BusinessMember.id)
    )
    return [(member, user) for member, user in rows]


def list_business_owners(business_id: int) -> list[User]:
    """The accounts of the business's owners."""
    return list(
        db.session.scalars(
            select(User)
            .join(BusinessMember, BusinessMember.user_id == User.id)
            .where(
                BusinessMember.business_id == business_id,
                BusinessMember.role == BusinessRole.OWNER,
            )
            .order_by(User.id)
        )
    )


def get_business_member(business_id: int, member_id: int) -> BusinessMember | None:
    """A membership only if it belongs to the business."""
    return db.session.scalar(
        select(BusinessMember).where(
            BusinessMember.id == member_id, BusinessMember.business_id == business_id
        )
    )


def list_business_locations(
    business_id: int, *, active_only: bool = False
) -> list[BusinessLocation]:
    """The business's delivery locations, active first."""
    stmt = select(BusinessLocation).where(BusinessLocation.business_id == business_id)
    if active_only:
        stmt = stmt.where(BusinessLocation.is_active.is_(True))
    return list(
        db.session.scalars(stmt.order_by(BusinessLocation.is_active.desc(), BusinessLocation.label))
    )


def get_business_location(business_id: int, location_id: int) -> BusinessLocation | None:
    """A delivery location only if it belongs to the business."""
    return db.session.scalar(
        select(BusinessLocation).where(
            BusinessLocation.id == location_id, BusinessLocation.business_id == business_id
        )
    )


def list_business_documents(business_id: int) -> list[BusinessDocument]:
    """The business's verification documents, newest first."""
    return list(
        db.session.scalars(
            select(BusinessDocument)
            .where(BusinessDocument.business_id == business_id)
            .order_by(BusinessDocument.id.desc())
        )
    )


def get_business_document(business_id: int, document_id: int) -> BusinessDocument | None:
    """A document only if it belongs to the business."""
    return db.session.scalar(
        select(BusinessDocument).where(
            BusinessDocument.id == document_id, BusinessDocument.business_id == business_id
        )
    )


def list_business_events(business_id: int) -> list[tuple[BusinessEvent, str | None]]:
    """The business's history, newest first, with the actor's name; one query."""
    rows = db.session.execute(
        select(BusinessEvent, User.name)
        .outerjoin(User, User.id == BusinessEvent.actor_user_id)
        .where(BusinessEvent.business_id == business_id)
        .order_by(BusinessEvent.at.desc(), BusinessEvent.id.desc())
    )
    return [(event, name) for event, name in rows]


def list_pending_businesses(*, limit: int = 100) -> list[tuple[Business, list[BusinessDocument]]]:
    """Businesses waiting for verification, oldest first, each with its documents; two
    queries."""
    businesses = list(
        db.session.scalars(
            select(Business)
            .where(Business.status == BusinessStatus.PENDING)
            .order_by(Business.created_at, Business.id)
            .limit(limit)
        )
    )
    documents: dict[int, list[BusinessDocument]] = {b.id: [] for b in businesses}
    if businesses:
        for document in db.session.scalars(
            select(BusinessDocument)
            .where(BusinessDocument.business_id.in_(documents))
            .order_by(BusinessDocument.id)
        ):
            documents[document.business_id].append(document)
    return [(b, documents[b.id]) for b in businesses]


def list_businesses(
    *, status: str | None = None, text: str = "", page: int = 1, per_page: int = 50
) -> Pagination:
    """All businesses newest first, by status and by a name, NIB or NPWP fragment; two
    queries (page + count) at any page size."""
    stmt = select(Business).order_by(Business.created_at.desc(), Business.id.desc())
    if status in set(BusinessStatus):
        stmt = stmt.where(Business.status == status)
    text = " ".join(text.split())[:100]
    if text:
        conditions = [func.lower(Business.legal_name).contains(text.lower(), autoescape=True)]
        digits = _SEPARATORS.sub("", text)
        if digits.isdigit() and len(digits) >= 3:
            conditions += [
                Business.nib.contains(digits, autoescape=True),
                Business.npwp.contains(digits, autoescape=True),
            ]
        stmt = stmt.where(or_(*conditions))
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=200, error_out=False)


def get_own_membership(business_id: int, user_id: int) -> BusinessMember | None:
    """The user's membership of the business, or None."""
    return db.session.scalar(
        select(BusinessMember).where(
            BusinessMember.business_id == business_id, BusinessMember.user_id == user_id
        )
    )
