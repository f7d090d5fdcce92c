"""Stores and the people who run them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import TimestampMixin, utcnow
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
    # Address down to the kelurahan, by Kemendagri code; region_code is the kabupaten/kota.
    address_line: Mapped[str] = mapped_column(String(200), default="")
    province_code: Mapped[str | None] = mapped_column(String(2), index=True)
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    district_code: Mapped[str | None] = mapped_column(String(13), index=True)
    village_code: Mapped[str | None] = mapped_column(String(16))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    city_name: Mapped[str] = mapped_column(String(120))
    whatsapp: Mapped[str | None] = mapped_column(String(20))
    nib: Mapped[str | None] = mapped_column(String(13))
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    is_preorder_only: Mapped[bool] = mapped_column(default=False)
    is_on_holiday: Mapped[bool] = mapped_column(default=False)
    holiday_note: Mapped[str] = mapped_column(String(200), default="")
    logo_digest: Mapped[str | None] = mapped_column(String(32))
    banner_digest: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12), default=StoreStatus.DRAFT, index=True)
    # The go-live rule's second path: a platform admin vouches for an untrained IKM.
    review_requested_at: Mapped[datetime | None] = mapped_column(index=True)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    live_since: Mapped[datetime | None]
    # Shipping the seller offers: courier service codes (marketplace.shipping), pick-up at the
    # store, and its own delivery within its kabupaten/kota for a flat fee (None: not offered).
    shipping_services: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: ["jne_reg", "pos_kilat"]
    )
    offers_pickup: Mapped[bool] = mapped_column(default=True, server_default="1")
    local_delivery_fee_idr: Mapped[int | None]
    # Kept by the review service, like the products' counters.
    rating_count: Mapped[int] = mapped_column(default=0, server_default="0")
    rating_sum: Mapped[int] = mapped_column(default=0, server_default="0")

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


class DocumentKind(StrEnum):
    """Permits and certificates a seller can hold."""

    PIRT = "pirt"
    HALAL = "halal"
    BPOM = "bpom"
    NIB = "nib"


class StoreDocument(TimestampMixin, db.Model):
    """A compliance document (P-IRT, halal, BPOM, NIB): number, expiry, private file."""

    __tablename__ = "store_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    number: Mapped[str] = mapped_column(String(40), index=True)
    expires_on: Mapped[date | None] = mapped_column(index=True)
    # In private storage: never served by URL, only to members of the store (and admins).
    file_key: Mapped[str] = mapped_column(String(120))
    file_type: Mapped[str] = mapped_column(String(40))
    reminded_at: Mapped[datetime | None]
    expired_at: Mapped[datetime | None]

    store: Mapped[Store] = relationship()


# Allowed store status changes; suspension is the platform's (admin moderation).
STORE_TRANSITIONS: dict[str, frozenset[str]] = {
    StoreStatus.DRAFT: frozenset({StoreStatus.LIVE, StoreStatus.SUSPENDED}),
    StoreStatus.LIVE: frozenset({StoreStatus.DRAFT, StoreStatus.SUSPENDED}),
    StoreStatus.SUSPENDED: frozenset({StoreStatus.DRAFT}),
}


class StoreEvent(db.Model):
    """Every status change of a store: who, when, from, to, why (e.g. "approved")."""

    __tablename__ = "store_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(60), default="")
