"""Moderation records: what users report, and every moderation action an admin takes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db


class ReportCategory(StrEnum):
    """Why a user reports a product or a review."""

    MISLEADING = "misleading"  # palsu / menyesatkan
    PROHIBITED = "prohibited"  # dilarang / tidak halal tanpa keterangan
    ABUSIVE = "abusive"  # kasar / spam
    OTHER = "other"


class ReportStatus(StrEnum):
    """Open until an admin acts on the item (actioned) or dismisses the report."""

    OPEN = "open"
    ACTIONED = "actioned"
    DISMISSED = "dismissed"


_OPEN = "status = 'open'"


class ContentReport(TimestampMixin, db.Model):
    """A signed-in user's report of one product or one review; one open report per user and
    item (partial unique indexes), closed by an admin's action or dismissal with a note."""

    __tablename__ = "content_reports"
    __table_args__ = (
        CheckConstraint("(product_id IS NULL) <> (review_id IS NULL)", name="one_target"),
        Index(
            "uq_content_reports_open_product",
            "reporter_id",
            "product_id",
            unique=True,
            sqlite_where=text(f"{_OPEN} AND product_id IS NOT NULL"),
            postgresql_where=text(f"{_OPEN} AND product_id IS NOT NULL"),
        ),
        Index(
            "uq_content_reports_open_review",
            "reporter_id",
            "review_id",
            unique=True,
            sqlite_where=text(f"{_OPEN} AND review_id IS NOT NULL"),
            postgresql_where=text(f"{_OPEN} AND review_id IS NOT NULL"),
        ),
        # The queue: open reports, oldest first.
        Index("ix_content_reports_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(10), default=ReportStatus.OPEN)
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    handled_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(String(300), default="")


class ModerationTarget(StrEnum):
    """What a moderation action was taken on."""

    PRODUCT = "product"
    REVIEW = "review"
    STORE = "store"
    USER = "user"


class ModerationKind(StrEnum):
    """What the admin did."""

    HIDE = "hide"
    RESTORE = "restore"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    DISMISS = "dismiss"


class ModerationAction(db.Model):
    """One explicit admin moderation action with its full reason: the item's history (product
    and store events keep a short copy of the reason next to their status change)."""

    __tablename__ = "moderation_actions"
    __table_args__ = (Index("ix_moderation_actions_target", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(300))
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # How many open reports this action closed (hide or dismiss from the queue).
    reports_closed: Mapped[int] = mapped_column(default=0, server_default="0")
