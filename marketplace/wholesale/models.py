"""Business buyer accounts and their members."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import TimestampMixin
from marketplace.extensions import db


class BusinessKind(StrEnum):
    """What sort of buyer a business is."""

    HOTEL = "hotel"
    SUPERMARKET = "supermarket"
    RESTAURANT = "restaurant"
    CATERER = "caterer"
    RESELLER = "reseller"
    OTHER = "other"


class BusinessStatus(StrEnum):
    """Verification by the platform."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class BusinessRole(StrEnum):
    """What a member does for the business."""

    OWNER = "owner"
    BUYER = "buyer"
    APPROVER = "approver"
    FINANCE = "finance"


class Business(TimestampMixin, db.Model):
    """A business buyer: a hotel, supermarket, restaurant or caterer."""

    __tablename__ = "businesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    legal_name: Mapped[str] = mapped_column(String(200))
    city_name: Mapped[str] = mapped_column(String(120))
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    status: Mapped[str] = mapped_column(String(10), default=BusinessStatus.PENDING, index=True)


class BusinessMember(TimestampMixin, db.Model):
    """A user acting for a business."""

    __tablename__ = "business_members"
    __table_args__ = (UniqueConstraint("business_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=BusinessRole.BUYER)

    business: Mapped[Business] = relationship()
    user: Mapped[User] = relationship()
