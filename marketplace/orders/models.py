"""Carts, addresses, checkouts, orders and their events, the sellers' earnings ledger."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db
from marketplace.stores.models import Store

if TYPE_CHECKING:
    from marketplace.wholesale.models import Business


class CartItem(TimestampMixin, db.Model):
    """A variant in a signed-in shopper's cart (guests keep theirs in the session)."""

    __tablename__ = "cart_items"
    __table_args__ = (UniqueConstraint("user_id", "variant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("product_variants.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[int]
    # The price the shopper saw when adding: the cart says so when it changes.
    price_seen_idr: Mapped[int]
    is_saved_for_later: Mapped[bool] = mapped_column(default=False)


class Address(TimestampMixin, db.Model):
    """A delivery address in a shopper's address book (Kemendagri codes down to kelurahan)."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(40), default="")
    recipient_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    address_line: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str] = mapped_column(String(13))
    district_code: Mapped[str] = mapped_column(String(13))
    village_code: Mapped[str] = mapped_column(String(16))
    postal_code: Mapped[str] = mapped_column(String(5))
    is_default: Mapped[bool] = mapped_column(default=False)


class CheckoutStatus(StrEnum):
    """Where the one payment of a checkout stands."""

    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    # Wholesale: waiting for the business's approver; then on payment terms (invoiced later).
    AWAITING_APPROVAL = "awaiting_approval"
    ON_TERMS = "on_terms"


class PaymentMethod(StrEnum):
    """How a checkout is paid; each has a provider in `marketplace.payments` except INVOICE
    (a verified business's payment terms: the seller invoices, the business pays later)."""

    BANK_TRANSFER = "bank_transfer"
    CARD = "card"
    INVOICE = "invoice"


# What a consumer's checkout may use.
RETAIL_PAYMENT_METHODS = frozenset({PaymentMethod.BANK_TRANSFER, PaymentMethod.CARD})


class OrderChannel(StrEnum):
    """Retail (consumers) or wholesale (verified business accounts)."""

    RETAIL = "retail"
    WHOLESALE = "wholesale"


class Checkout(TimestampMixin, db.Model):
    """One placement by a shopper: one payment covering one order per store."""

    __tablename__ = "checkouts"
    __table_args__ = (UniqueConstraint("buyer_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # In URLs instead of the id, so that checkouts cannot be counted or guessed.
    public_id: Mapped[str] = mapped_column(String(24), unique=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # From the checkout form: a double click or a resubmitted form finds this checkout.
    idempotency_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(
        String(20), default=CheckoutStatus.PENDING_PAYMENT, index=True
    )
    payment_method: Mapped[str] = mapped_column(String(20))
    goods_idr: Mapped[int]
    shipping_idr: Mapped[int]
    # Bank transfer: a 3-digit code added to the amount so the transfer can be matched.
    unique_code: Mapped[int] = mapped_column(default=0)
    amount_due_idr: Mapped[int]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    paid_at: Mapped[datetime | None]
    business_id: Mapped[int | None] = mapped_column(ForeignKey("businesses.id"), index=True)
    # The delivery address as it was at checkout (the address book may change later).
    recipient_name: Mapped[str] = mapped_column(String(120))
    recipient_phone: Mapped[str] = mapped_column(String(20))
    address_line: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(13))
    village_code: Mapped[str] = mapped_column(String(16))
    postal_code: Mapped[str] = mapped_column(String(5))
    address_text: Mapped[str] = mapped_column(Text)  # kelurahan, kecamatan, kab/kota, province

    orders: Mapped[list[Order]] = relationship(back_populates="checkout", order_by="Order.id")


class OrderStatus(StrEnum):
    """An order's life; `ORDER_TRANSITIONS` says which changes are allowed."""

    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    # Wholesale: waiting for the business's approver; accepted on payment terms (not paid yet).
    AWAITING_APPROVAL = "awaiting_approval"
    CONFIRMED = "confirmed"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUND_REQUESTED = "refund_requested"
    REFUNDED = "refunded"


S = OrderStatus
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED, S.EXPIRED}),
    S.AWAITING_APPROVAL: frozenset({S.CONFIRMED, S.PENDING_PAYMENT, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.PROCESSING, S.CANCELLED}),
    S.PAID: frozenset({S.PROCESSING, S.CANCELLED}),
    S.PROCESSING: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.COMPLETED, S.REFUND_REQUESTED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUND_REQUESTED}),
    S.REFUND_REQUESTED: frozenset({S.REFUNDED, S.DELIVERED, S.COMPLETED}),
    S.COMPLETED: frozenset({S.REFUND_REQUESTED}),
    S.CANCELLED: frozenset(),
    S.EXPIRED: frozenset(),
    S.REFUNDED: frozenset(),
}


class Order(TimestampMixin, db.Model):
    """What one store sends to one buyer from one checkout."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)  # "PIK-261123-7F3K2Q"
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=OrderStatus.PENDING_PAYMENT)
    goods_idr: Mapped[int]
    shipping_idr: Mapped[int]
    total_idr: Mapped[int]
    weight_grams: Mapped[int]
    shipping_code: Mapped[str] = mapped_column(String(20))  # "jne_reg", "pickup", "local"
    shipping_label: Mapped[str] = mapped_column(String(60))
    etd_min_days: Mapped[int] = mapped_column(default=0)
    etd_max_days: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(300), default="")  # buyer's note to the seller
    courier: Mapped[str | None] = mapped_column(String(40))
    tracking_no: Mapped[str | None] = mapped_column(String(40))
    paid_at: Mapped[datetime | None]
    shipped_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    # When an order shipped (or delivered) and not confirmed completes by itself.
    auto_complete_at: Mapped[datetime | None] = mapped_column(index=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    commission_idr: Mapped[int | None]
    # The commission rate (basis points) in force when the order was placed, used when it
    # completes; None on orders placed before rates were kept (see marketplace/admin/commission).
    commission_bps: Mapped[int | None]
    # Wholesale: the business bought for, the delivery date it asked for, PPN (included in
    # total_idr, when the seller is PKP), where the order came from.
    channel: Mapped[str] = mapped_column(
        String(10), default=OrderChannel.RETAIL, server_default="retail"
    )
    business_id: Mapped[int | None] = mapped_column(ForeignKey("businesses.id"), index=True)
    requested_delivery_on: Mapped[date | None] = mapped_column(index=True)
    tax_idr: Mapped[int] = mapped_column(default=0, server_default="0")
    source: Mapped[str | None] = mapped_column(String(12))  # quick/list/quote/pool/standing

    checkout: Mapped[Checkout] = relationship(back_populates="orders")
    store: Mapped[Store] = relationship()
    business: Mapped[Business | None] = relationship("Business")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_orders_store_id_status", "store_id", "status"),
        Index("ix_orders_buyer_id_created_at", "buyer_id", "created_at"),
        Index("ix_orders_status", "status"),
    )


class OrderLine(db.Model):
    """A variant bought, with a snapshot of what it was: later edits never change an order."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int | None] = mapped_column(
        ForeignKey("product_variants.id", ondelete="SET NULL"), index=True
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    product_name: Mapped[str] = mapped_column(String(160))
    variant_label: Mapped[str] = mapped_column(String(80), default="")
    sku: Mapped[str] = mapped_column(String(40))
    unit_price_idr: Mapped[int]
    quantity: Mapped[int]
    line_total_idr: Mapped[int]
    weight_grams: Mapped[int]
    # False for wholesale goods made to order: nothing to give back to stock on cancel.
    stock_reserved: Mapped[bool] = mapped_column(default=True, server_default="1")

    order: Mapped[Order] = relationship(back_populates="lines")


class OrderEvent(db.Model):
    """Every status change of an order: who (None for the platform's jobs), when, from, to, note."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")


class LedgerKind(StrEnum):
    """Why a seller's balance moved."""

    SALE = "sale"  # a completed order: total minus commission
    REFUND = "refund"  # a refund after completion takes it back
    PAYOUT = "payout"  # money sent to the seller's bank account


class LedgerEntry(db.Model):
    """An append-only movement of a store's earnings; the sum is its balance."""

    __tablename__ = "ledger_entries"
    __table_args__ = (UniqueConstraint("order_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    # A PAYOUT entry's payout (marketplace.payouts): unique, so a payout is debited once.
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("payouts.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount_idr: Mapped[int]  # signed
    memo: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class RefundStatus(StrEnum):
    """A buyer's refund request: open until the seller or an admin decides."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Refund(TimestampMixin, db.Model):
    """A refund request on an order and its decision (Stripe refund or bank transfer back)."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default=RefundStatus.REQUESTED, index=True)
    reason: Mapped[str] = mapped_column(Text)
    # Private storage keys of the buyer's photos (through the image pipeline).
    photo_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    amount_idr: Mapped[int]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(String(300), default="")
    # Stripe refund id, or the reference of the bank transfer back to the buyer.
    provider_ref: Mapped[str | None] = mapped_column(String(80))


class Review(TimestampMixin, db.Model):
    """A buyer's rating of one order line (1-5, text, up to 3 photos) and the seller's reply."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), unique=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    buyer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    rating: Mapped[int]
    body: Mapped[str] = mapped_column(Text, default="")
    photo_digests: Mapped[list[str]] = mapped_column(JSON, default=list)
    seller_reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None]
    is_hidden: Mapped[bool] = mapped_column(default=False)
    # Why an admin hid it (admin.moderation); shown to the buyer who wrote it and the seller.
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
