"""Account reads."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db


def get_user_by_email(email: str) -> User | None:
    """The user with this (already normalised) email, or None."""
    return db.session.scalar(select(User).where(User.email == email))


def get_user_for_session(session_id: str) -> User | None:
    """Load the user of a session id 'user_id:session_version'; None when it is stale or the
    user is suspended."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.suspended_at is not None:
        return None
    return user
