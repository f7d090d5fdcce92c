"""The wholesale channel: business buyers, sellers' wholesale offers, quotes, standing and
pooled orders, and invoices on payment terms.

Wholesale orders are ordinary `orders.Order` rows (channel "wholesale", with the business, the
requested delivery date and PPN); what is wholesale-only lives here.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db

# -- Business accounts -----------------------------------------------------------------------


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
    """What a member does for the business (the owner may do everything)."""

    OWNER = "owner"
    BUYER = "buyer"
    APPROVER = "approver"
    FINANCE = "finance"


class PaymentTerms(StrEnum):
    """How a business pays its orders, set by the platform's admins."""

    CASH_BEFORE_DELIVERY = "cbd"
    NET_7 = "net7"
    NET_14 = "net14"
    NET_30 = "net30"


# Days between an invoice and its due date; None: paid before delivery (no credit).
TERM_DAYS: dict[str, int | None] = {
    PaymentTerms.CASH_BEFORE_DELIVERY: None,
    PaymentTerms.NET_7: 7,
    PaymentTerms.NET_14: 14,
    PaymentTerms.NET_30: 30,
}


class Business(TimestampMixin, db.Model):
    """A business buyer: a hotel, supermarket, restaurant or caterer."""

    __tablename__ = "businesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    legal_name: Mapped[str] = mapped_column(String(200))
    # NIB (13 digits, OSS) and NPWP (16 digits); company identifiers, printed on invoices.
    nib: Mapped[str | None] = mapped_column(String(13), index=True)
    npwp: Mapped[str | None] = mapped_column(String(16), index=True)
    is_pkp: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Billing address (Kemendagri codes).
    address_line: Mapped[str] = mapped_column(String(200), default="", server_default="")
    village_code: Mapped[str | None] = mapped_column(String(16))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    city_name: Mapped[str] = mapped_column(String(120))
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    billing_email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=BusinessStatus.PENDING, index=True)
    status_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Set by admins: terms, how much may be owed at once, and above what an order needs an
    # approver (None: no approval step).
    payment_terms: Mapped[str] = mapped_column(
        String(6), default=PaymentTerms.CASH_BEFORE_DELIVERY, server_default="cbd"
    )
    credit_limit_idr: Mapped[int] = mapped_column(default=0, server_default="0")
    approval_threshold_idr: Mapped[int | None]

    members: Mapped[list[BusinessMember]] = relationship(
        back_populates="business", cascade="all, delete-orphan"
    )
    locations: Mapped[list[BusinessLocation]] = relationship(
        back_populates="business", order_by="BusinessLocation.id", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.status == BusinessStatus.VERIFIED


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

    business: Mapped[Business] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class BusinessLocation(TimestampMixin, db.Model):
    """A delivery location of a business: a hotel outlet, a supermarket branch."""

    __tablename__ = "business_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(80))
    recipient_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    address_line: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    district_code: Mapped[str] = mapped_column(String(13))
    village_code: Mapped[str] = mapped_column(String(16))
    postal_code: Mapped[str] = mapped_column(String(5))
    is_active: Mapped[bool] = mapped_column(default=True)

    business: Mapped[Business] = relationship(back_populates="locations")


class BusinessDocumentKind(StrEnum):
    """Papers a business shows to be verified."""

    NIB = "nib"
    NPWP = "npwp"
    SPPKP = "sppkp"  # PKP registration letter
    OTHER = "other"


class BusinessDocument(TimestampMixin, db.Model):
    """A verification document in private storage: only the business's members and admins."""

    __tablename__ = "business_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    file_key: Mapped[str] = mapped_column(String(120))
    file_type: Mapped[str] = mapped_column(String(40))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class BusinessEvent(db.Model):
    """Every verification decision and admin change of terms: who, when, what, why."""

    __tablename__ = "business_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))  # "submitted", "verified", "terms"...
    note: Mapped[str] = mapped_column(String(300), default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)


# -- Sellers' offer --------------------------------------------------------------------------


class SupplierProfile(TimestampMixin, db.Model):
    """What a store tells business buyers: capacity, samples, delivery area, tax status."""

    __tablename__ = "supplier_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), unique=True)
    is_open: Mapped[bool] = mapped_column(default=False, index=True)  # listed for businesses
    capacity_note: Mapped[str] = mapped_column(String(200), default="")
    offers_samples: Mapped[bool] = mapped_column(default=False)
    sample_note: Mapped[str] = mapped_column(String(200), default="")
    # Province codes the store delivers wholesale orders to; empty: anywhere by courier.
    delivery_province_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    npwp: Mapped[str | None] = mapped_column(String(16))
    is_pkp: Mapped[bool] = mapped_column(default=False)


class WholesaleOffer(TimestampMixin, db.Model):
    """A variant sold wholesale: minimum, pack multiple, lead time, weekly capacity, tiers.

    lead_time_days 0 ships from stock (stock is reserved like a retail order); more is made to
    order, bounded by weekly_capacity units per ISO week of delivery.
    """

    __tablename__ = "wholesale_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("product_variants.id", ondelete="CASCADE"), unique=True
    )
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True, index=True)
    min_order_qty: Mapped[int] = mapped_column(default=1)
    pack_size: Mapped[int] = mapped_column(default=1)
    lead_time_days: Mapped[int] = mapped_column(default=0)
    weekly_capacity: Mapped[int | None]

    tiers: Mapped[list[WholesaleTier]] = relationship(
        back_populates="offer", order_by="WholesaleTier.min_qty", cascade="all, delete-orphan"
    )


class WholesaleTier(db.Model):
    """From `min_qty` units up (to the next tier), each unit costs `unit_price_idr` (before PPN)."""

    __tablename__ = "wholesale_tiers"
    __table_args__ = (UniqueConstraint("offer_id", "min_qty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("wholesale_offers.id", ondelete="CASCADE"), index=True
    )
    min_qty: Mapped[int]
    unit_price_idr: Mapped[int]

    offer: Mapped[WholesaleOffer] = relationship(back_populates="tiers")


# -- Ordering --------------------------------------------------------------------------------


class OrderList(TimestampMixin, db.Model):
    """A saved order list ("daftar belanja rutin") a business reorders in one click."""

    __tablename__ = "order_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    items: Mapped[list[OrderListItem]] = relationship(
        back_populates="order_list", order_by="OrderListItem.id", cascade="all, delete-orphan"
    )


class OrderListItem(db.Model):
    """A variant and quantity on a saved order list."""

    __tablename__ = "order_list_items"
    __table_args__ = (UniqueConstraint("order_list_id", "variant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_list_id: Mapped[int] = mapped_column(
        ForeignKey("order_lists.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("product_variants.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[int]

    order_list: Mapped[OrderList] = relationship(back_populates="items")


class ApprovalStatus(StrEnum):
    """An approver's decision on a purchase above the business's threshold."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class PurchaseApproval(TimestampMixin, db.Model):
    """A wholesale checkout above the threshold, waiting for (or decided by) an approver."""

    __tablename__ = "purchase_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id"), unique=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default=ApprovalStatus.PENDING, index=True)
    total_idr: Mapped[int]
    threshold_idr: Mapped[int]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(String(300), default="")


# -- Requests for quotation ------------------------------------------------------------------


class RfqStatus(StrEnum):
    """A request for quotation: open for quotes until a quote is accepted or it is closed."""

    OPEN = "open"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class Rfq(TimestampMixin, db.Model):
    """A business asks one or more sellers for a price on a quantity and a delivery date."""

    __tablename__ = "rfqs"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("business_locations.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    # The product asked about, when the buyer started from one (sellers may quote another).
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    quantity: Mapped[int]
    unit: Mapped[str] = mapped_column(String(20), default="pcs")
    delivery_on: Mapped[date]
    respond_by: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default=RfqStatus.OPEN, index=True)

    invites: Mapped[list[RfqInvite]] = relationship(
        back_populates="rfq", order_by="RfqInvite.id", cascade="all, delete-orphan"
    )
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="rfq", order_by="Quote.id", cascade="all, delete-orphan"
    )


class RfqInviteStatus(StrEnum):
    """Where one invited seller stands on a request."""

    INVITED = "invited"
    QUOTED = "quoted"
    DECLINED = "declined"


class RfqInvite(db.Model):
    """A seller asked to quote."""

    __tablename__ = "rfq_invites"
    __table_args__ = (UniqueConstraint("rfq_id", "store_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=RfqInviteStatus.INVITED)
    decline_reason: Mapped[str] = mapped_column(String(300), default="")

    rfq: Mapped[Rfq] = relationship(back_populates="invites")


class QuoteStatus(StrEnum):
    """A seller's quote: the buyer accepts it (it becomes an order) or it lapses."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class Quote(TimestampMixin, db.Model):
    """A seller's price per unit for a request, valid until a date, for one of its variants."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("product_variants.id"), index=True)
    quantity: Mapped[int]
    unit_price_idr: Mapped[int]
    lead_time_days: Mapped[int]
    valid_until: Mapped[date]
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default=QuoteStatus.SUBMITTED, index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)

    rfq: Mapped[Rfq] = relationship(back_populates="quotes")


class RfqEvent(db.Model):
    """Every step of a request, shown to both sides: created, invited, quoted, declined..."""

    __tablename__ = "rfq_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")


# -- Pooled orders for a cluster -------------------------------------------------------------


class PoolStatus(StrEnum):
    """A pooled request: sellers claim shares while open; the buyer orders once it is covered."""

    OPEN = "open"
    ORDERED = "ordered"
    CANCELLED = "cancelled"


class PooledRequest(TimestampMixin, db.Model):
    """More than one IKM can make (2,000 seragam): qualified sellers of a category claim shares."""

    __tablename__ = "pooled_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("business_locations.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    total_quantity: Mapped[int]
    unit: Mapped[str] = mapped_column(String(20), default="pcs")
    max_unit_price_idr: Mapped[int | None]
    delivery_on: Mapped[date]
    claim_until: Mapped[date]
    # Qualification: sellers must hold a valid halal certificate / a verified training.
    requires_halal: Mapped[bool] = mapped_column(default=False)
    requires_training: Mapped[bool] = mapped_column(default=False)
    # An agency or admin coordinating the cluster (optional).
    coordinator_note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default=PoolStatus.OPEN, index=True)

    shares: Mapped[list[PoolShare]] = relationship(
        back_populates="pooled_request", order_by="PoolShare.id", cascade="all, delete-orphan"
    )


class PoolShareStatus(StrEnum):
    """A seller's share of a pooled request."""

    CLAIMED = "claimed"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"  # by the coordinator
    ORDERED = "ordered"


class PoolShare(TimestampMixin, db.Model):
    """The quantity one seller commits to make for a pooled request, at its unit price."""

    __tablename__ = "pool_shares"
    __table_args__ = (UniqueConstraint("pooled_request_id", "store_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pooled_request_id: Mapped[int] = mapped_column(
        ForeignKey("pooled_requests.id", ondelete="CASCADE"), index=True
    )
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("product_variants.id"), index=True)
    quantity: Mapped[int]
    unit_price_idr: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default=PoolShareStatus.CLAIMED, index=True)
    claimed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(String(300), default="")
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)

    pooled_request: Mapped[PooledRequest] = relationship(back_populates="shares")


# -- Standing orders -------------------------------------------------------------------------


class StandingStatus(StrEnum):
    """A recurring order runs while active; it pauses when stock, capacity or credit is short."""

    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class StandingOrder(TimestampMixin, db.Model):
    """A recurring order (200 bungkus roti every Monday to Outlet A) from one store."""

    __tablename__ = "standing_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("business_locations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    weekday: Mapped[int]  # delivery day, 0 = Monday
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default=StandingStatus.ACTIVE, index=True)
    pause_reason: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    # When it may start running: at once within the approval threshold (no approver), else
    # when a member with "approve" (not its creator) approves it. None: waiting.
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Who last asked for approval (the creator, or whoever raised it above the threshold): the
    # four-eyes rule is against that person. The approved amount per delivery (goods, delivery
    # and PPN): a week costing more waits for an approver again.
    approval_requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    approved_total_idr: Mapped[int | None]

    lines: Mapped[list[StandingOrderLine]] = relationship(
        back_populates="standing_order",
        order_by="StandingOrderLine.id",
        cascade="all, delete-orphan",
    )


class StandingOrderLine(db.Model):
    """A variant and quantity delivered every period."""

    __tablename__ = "standing_order_lines"
    __table_args__ = (UniqueConstraint("standing_order_id", "variant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standing_order_id: Mapped[int] = mapped_column(
        ForeignKey("standing_orders.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(ForeignKey("product_variants.id"), index=True)
    quantity: Mapped[int]

    standing_order: Mapped[StandingOrder] = relationship(back_populates="lines")


class StandingOrderRun(db.Model):
    """One period of a standing order: the order it made, or why it was skipped. Unique per
    period, so running the job twice makes one order."""

    __tablename__ = "standing_order_runs"
    __table_args__ = (UniqueConstraint("standing_order_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standing_order_id: Mapped[int] = mapped_column(
        ForeignKey("standing_orders.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(8))  # ISO week of delivery, "2026-W48"
    delivery_on: Mapped[date]
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    skipped_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# -- Invoices --------------------------------------------------------------------------------


class InvoiceStatus(StrEnum):
    """An invoice's state; overdue is set by the reminder job once the due date has passed."""

    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    VOID = "void"


class InvoiceCounter(db.Model):
    """The last invoice number a store used in a year; incremented under a row lock in the
    transaction that writes the invoice, so numbers have no gaps and no duplicates."""

    __tablename__ = "invoice_counters"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_sequence: Mapped[int] = mapped_column(default=0)


class Invoice(TimestampMixin, db.Model):
    """A seller's invoice to a business for one wholesale order, with snapshots of both parties.

    Amounts: subtotal (goods + delivery, before tax), PPN when the seller is PKP, total.
    """

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("store_id", "year", "sequence"),
        Index("ix_invoices_business_id_status", "business_id", "status"),
        Index("ix_invoices_store_id_status", "store_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    year: Mapped[int]
    sequence: Mapped[int]
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=InvoiceStatus.ISSUED, index=True)
    issued_on: Mapped[date]
    due_on: Mapped[date] = mapped_column(index=True)
    payment_terms: Mapped[str] = mapped_column(String(6))
    seller_name: Mapped[str] = mapped_column(String(200))
    seller_address: Mapped[str] = mapped_column(Text)
    seller_npwp: Mapped[str | None] = mapped_column(String(16))
    seller_is_pkp: Mapped[bool]
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_address: Mapped[str] = mapped_column(Text)
    buyer_npwp: Mapped[str | None] = mapped_column(String(16))
    delivery_address: Mapped[str] = mapped_column(Text)
    subtotal_idr: Mapped[int]  # harga jual before tax (goods + delivery)
    dpp_idr: Mapped[int]  # DPP nilai lain: 11/12 of the subtotal (0 when not PKP)
    tax_idr: Mapped[int]  # PPN
    total_idr: Mapped[int]
    paid_idr: Mapped[int] = mapped_column(default=0)
    paid_at: Mapped[datetime | None]
    void_reason: Mapped[str] = mapped_column(String(300), default="")
    voided_at: Mapped[datetime | None]

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.id", cascade="all, delete-orphan"
    )
    payments: Mapped[list[InvoicePayment]] = relationship(
        back_populates="invoice", order_by="InvoicePayment.id", cascade="all, delete-orphan"
    )

    @property
    def balance_idr(self) -> int:
        return self.total_idr - self.paid_idr


class InvoiceLine(db.Model):
    """A line of an invoice (goods or delivery), a snapshot."""

    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(String(250))
    sku: Mapped[str] = mapped_column(String(40), default="")
    quantity: Mapped[int]
    unit_price_idr: Mapped[int]
    line_total_idr: Mapped[int]

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class InvoicePayment(db.Model):
    """Money received against an invoice: a bank transfer recorded by an admin, or a card."""

    __tablename__ = "invoice_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    amount_idr: Mapped[int]
    method: Mapped[str] = mapped_column(String(20))  # "bank_transfer", "card", "checkout"
    reference: Mapped[str] = mapped_column(String(80))
    paid_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="payments")


class InvoiceReminder(db.Model):
    """A reminder sent for an invoice; unique per kind so the job never repeats one."""

    __tablename__ = "invoice_reminders"
    __table_args__ = (UniqueConstraint("invoice_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # "due_in_3", "due_today", "overdue_7"...
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
