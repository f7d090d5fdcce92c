"""Payments of checkouts (and card payments of wholesale invoices) and the provider events
that move them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db


class PaymentStatus(StrEnum):
    """A payment's state at its provider, as we know it."""

    PENDING = "pending"  # waiting for the buyer (card form, transfer)
    PROOF_SUBMITTED = "proof_submitted"  # bank transfer: proof uploaded, awaiting an admin
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # declined card, rejected proof (the buyer may try again)
    CANCELLED = "cancelled"  # the checkout expired or was cancelled


class Payment(TimestampMixin, db.Model):
    """The one payment of a checkout, or a card payment of a wholesale invoice (an invoice may
    have several over time, at most one open), with the provider's reference."""

    __tablename__ = "payments"
    __table_args__ = (
        # Exactly one of the two: what the payment pays.
        CheckConstraint(
            "(checkout_id IS NULL) != (invoice_id IS NULL)", name="checkout_or_invoice"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int | None] = mapped_column(ForeignKey("checkouts.id"), unique=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20))  # "bank_transfer", "stripe"
    status: Mapped[str] = mapped_column(String(20), default=PaymentStatus.PENDING, index=True)
    amount_idr: Mapped[int]
    # Stripe: the PaymentIntent id; bank transfer: None.
    provider_ref: Mapped[str | None] = mapped_column(String(80), unique=True)
    # Bank transfer proof in private storage, and the admin's decision.
    proof_key: Mapped[str | None] = mapped_column(String(120))
    proof_uploaded_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reviewed_at: Mapped[datetime | None]
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    succeeded_at: Mapped[datetime | None]


class WebhookEvent(db.Model):
    """A provider event received (stored once: a replay changes nothing)."""

    __tablename__ = "webhook_events"
    __table_args__ = (UniqueConstraint("provider", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(80))
    type: Mapped[str] = mapped_column(String(60))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    payload: Mapped[dict] = mapped_column(JSON)
