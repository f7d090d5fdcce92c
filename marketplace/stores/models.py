"""Stores and the people who run them."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import TimestampMixin
from marketplace.extensions import db


class StoreStatus(StrEnum):
    """A store is public only when live."""

    DRAFT = "draft"
    LIVE = "live"
    SUSPENDED = "suspended"


class StoreRole(StrEnum):
    """Owner or staff of a store."""

    OWNER = "owner"
    STAFF = "staff"


class Store(TimestampMixin, db.Model):
    """An IKM's storefront."""

    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    city_name: Mapped[str] = mapped_column(String(120))
    whatsapp: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default=StoreStatus.DRAFT, index=True)

    members: Mapped[list[StoreMember]] = relationship(back_populates="store")


class StoreMember(TimestampMixin, db.Model):
    """A user who runs a store."""

    __tablename__ = "store_members"
    __table_args__ = (UniqueConstraint("store_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=StoreRole.OWNER)

    store: Mapped[Store] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
