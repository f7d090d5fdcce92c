"""Who may do what for a business: roles by action, checked in services and views."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.wholesale.errors import NotAllowed, NotVerified
from marketplace.wholesale.models import Business, BusinessMember, BusinessRole

R = BusinessRole
# The owner may do everything; the others what their role names.
ACTIONS: dict[str, frozenset[str]] = {
    "view": frozenset({R.OWNER, R.BUYER, R.APPROVER, R.FINANCE}),
    "order": frozenset({R.OWNER, R.BUYER}),
    "approve": frozenset({R.OWNER, R.APPROVER}),
    "invoices": frozenset({R.OWNER, R.FINANCE, R.APPROVER}),
    "manage": frozenset({R.OWNER}),
}


def member_role(business_id: int, user_id: int) -> str | None:
    """The user's role in the business, or None when not a member."""
    return db.session.scalar(
        select(BusinessMember.role).where(
            BusinessMember.business_id == business_id, BusinessMember.user_id == user_id
        )
    )


def can(role: str | None, action: str) -> bool:
    """Whether a member with `role` may do `action` (see ACTIONS)."""
    return role is not None and role in ACTIONS[action]


def require(business: Business, user: User, action: str, *, verified: bool = False) -> str:
    """The user's role if it allows `action` for the business (and the business is verified
    when `verified`). Raises NotAllowed, NotVerified."""
    role = member_role(business.id, user.id)
    if not can(role, action):
        raise NotAllowed()
    if verified and not business.is_verified:
        raise NotVerified()
    assert role is not None
    return role


def require_store_member(store_id: int, user: User) -> None:
    """Seller-side wholesale services act only for a store the user belongs to (views check
    the same; this keeps a service from being called for another store). Raises NotAllowed."""
    from marketplace.stores.models import StoreMember

    member = db.session.scalar(
        select(StoreMember.id).where(
            StoreMember.store_id == store_id, StoreMember.user_id == user.id
        )
    )
    if member is None:
        raise NotAllowed()
