"""Back-office reads."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select

from marketplace.accounts.models import User
from marketplace.extensions import db


def list_users(*, text: str = "", page: int = 1, per_page: int = 50) -> Pagination:
    """Users newest first, filtered by name or email; two queries (page + count) at any size."""
    stmt = select(User).order_by(User.created_at.desc(), User.id.desc())
    if text:
        text = text.lower()
        stmt = stmt.where(
            or_(
                User.email.contains(text, autoescape=True),
                func.lower(User.name).contains(text, autoescape=True),
            )
        )
    return db.paginate(stmt, page=page, per_page=per_page, max_per_page=200, error_out=False)
