"""Stores' bank accounts (verified by admins), payout runs and payouts, and their events."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db
from marketplace.payouts.banks import bank_name
from marketplace.stores.models import Store


def mask_account_number(number: str) -> str:
    """Only the last four digits of an account number, for every page but the admin's check."""
    return "•••• " + number[-4:]


class BankAccountStatus(StrEnum):
    """An account is paid to only once an admin has verified it; any change asks again."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class StoreBankAccount(TimestampMixin, db.Model):
    """The one bank account a store is paid to (set by an owner, verified by an admin)."""

    __tablename__ = "store_bank_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), unique=True)
    bank_code: Mapped[str] = mapped_column(String(3))
    account_number: Mapped[str] = mapped_column(String(20))
    holder_name: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default=BankAccountStatus.PENDING, index=True)
    # Shown to the owner when rejected.
    status_reason: Mapped[str] = mapped_column(String(300), default="")
    # Bumped on every change: an admin verifies the revision shown, never a newer one.
    revision: Mapped[int] = mapped_column(default=1)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    store: Mapped[Store] = relationship()

    @property
    def bank_name(self) -> str:
        return bank_name(self.bank_code)

    @property
    def masked_number(self) -> str:
        return mask_account_number(self.account_number)


class BankAccountEvent(db.Model):
    """Every change and decision on a bank account: who, when, what, why."""

    __tablename__ = "bank_account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("store_bank_accounts.id", ondelete="CASCADE"), index=True
    )
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(12))  # "set", "verified", "rejected"
    note: Mapped[str] = mapped_column(String(300), default="")
    # The bank and last four digits set (never the whole number).
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class PayoutStatus(StrEnum):
    """A proposed payout is either paid (with the transfer's reference) or cancelled."""

    PROPOSED = "proposed"
    PAID = "paid"
    CANCELLED = "cancelled"


PAYOUT_TRANSITIONS: dict[str, frozenset[str]] = {
    PayoutStatus.PROPOSED: frozenset({PayoutStatus.PAID, PayoutStatus.CANCELLED}),
    PayoutStatus.PAID: frozenset(),
    PayoutStatus.CANCELLED: frozenset(),
}


class PayoutRun(db.Model):
    """One period's payout run (`flask payouts create`); running it again adds to it."""

    __tablename__ = "payout_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "2025-01" (a month) or "2025-01-15" (up to and including a day).
    period: Mapped[str] = mapped_column(String(10), unique=True)
    # Earnings entered before this instant count (the period's end, WIB).
    cutoff_at: Mapped[datetime]
    minimum_idr: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_run_at: Mapped[datetime] = mapped_column(default=utcnow)


class Payout(TimestampMixin, db.Model):
    """Money owed to a store for a period, sent to a snapshot of its verified bank account."""

    __tablename__ = "payouts"
    __table_args__ = (
        UniqueConstraint("store_id", "period"),
        # At most one open payout per store, whatever the period: two runs cannot both propose.
        Index(
            "uq_payouts_store_id_open",
            "store_id",
            unique=True,
            sqlite_where=text("status = 'proposed'"),
            postgresql_where=text("status = 'proposed'"),
        ),
        Index("ix_payouts_period_status", "period", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("payout_runs.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    amount_idr: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default=PayoutStatus.PROPOSED, index=True)
    # Where the money goes, as verified when proposed: later edits of the account never move it.
    bank_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("store_bank_accounts.id", ondelete="SET NULL"), index=True
    )
    bank_code: Mapped[str] = mapped_column(String(3))
    account_number: Mapped[str] = mapped_column(String(20))
    holder_name: Mapped[str] = mapped_column(String(100))
    # Set when the bank file was downloaded: the transfer may be under way.
    exported_at: Mapped[datetime | None]
    transfer_reference: Mapped[str | None] = mapped_column(String(60))
    paid_at: Mapped[datetime | None]
    paid_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")

    store: Mapped[Store] = relationship()
    run: Mapped[PayoutRun] = relationship()

    @property
    def bank_name(self) -> str:
        return bank_name(self.bank_code)

    @property
    def masked_number(self) -> str:
        return mask_account_number(self.account_number)


class PayoutEvent(db.Model):
    """Every status change of a payout: who (None for the run), when, from, to, note."""

    __tablename__ = "payout_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id", ondelete="CASCADE"), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
