"""User accounts and their single-use tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db


class Role(StrEnum):
    """What a user may do; every role but admin comes from a membership."""

    BUYER = "buyer"
    SELLER = "seller"
    WHOLESALE_BUYER = "wholesale_buyer"
    AGENCY_STAFF = "agency_staff"
    ADMIN = "admin"


class User(UserMixin, TimestampMixin, db.Model):
    """A person with a login. Anyone can buy; other roles come from memberships."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    email_verified_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Bumped when the password changes: every other session and remember-me cookie ends.
    session_version: Mapped[int] = mapped_column(default=1)
    # Set by an admin (admin.moderation): no login and no session while set.
    suspended_at: Mapped[datetime | None]
    suspension_reason: Mapped[str | None] = mapped_column(String(300))

    tokens: Mapped[list[UserToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def roles(self) -> frozenset[Role]:
        """All roles, resolved with one query and kept for the rest of the request."""
        cached: frozenset[Role] | None = self.__dict__.get("_roles_cache")
        if cached is None:
            from marketplace.accounts.roles import get_roles

            cached = self.__dict__["_roles_cache"] = get_roles(self)
        return cached

    def has_role(self, role: str | Role) -> bool:
        return Role(role) in self.roles

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class TokenPurpose(StrEnum):
    """Why a token was issued; a token only works for its own purpose."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 (a purpose name, not a password)


class UserToken(db.Model):
    """A single-use, expiring token sent by email. Only its SHA-256 digest is stored."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
