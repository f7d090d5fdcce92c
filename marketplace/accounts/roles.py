"""Role resolution from memberships, in one query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import exists, select

from marketplace.accounts.models import Role
from marketplace.extensions import db

if TYPE_CHECKING:
    from marketplace.accounts.models import User


def get_roles(user: User) -> frozenset[Role]:
    """Every role the user holds: buyer always, the others by membership or is_admin."""
    from marketplace.stores.models import StoreMember
    from marketplace.training.models import AgencyMember
    from marketplace.wholesale.models import BusinessMember

    row = db.session.execute(
        select(
            exists().where(StoreMember.user_id == user.id),
            exists().where(BusinessMember.user_id == user.id),
            exists().where(AgencyMember.user_id == user.id),
        )
    ).one()
    roles = {Role.BUYER}
    if row[0]:
        roles.add(Role.SELLER)
    if row[1]:
        roles.add(Role.WHOLESALE_BUYER)
    if row[2]:
        roles.add(Role.AGENCY_STAFF)
    if user.is_admin:
        roles.add(Role.ADMIN)
    return frozenset(roles)
