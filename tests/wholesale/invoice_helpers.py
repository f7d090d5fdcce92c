"""Builders for invoice tests: a Demak seller (PKP or not) with an owner, wholesale orders of a
Medan hotel placed, processed and shipped as the seller's pages do (which issues the invoice)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.extensions import db
from marketplace.orders.fulfilment import process_order, ship_order
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import mark_checkout_paid, transition
from marketplace.stores.models import Store
from marketplace.wholesale.invoices import issue_invoice
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    Invoice,
    WholesaleOffer,
    WholesaleTier,
)
from marketplace.wholesale.ordering import _wholesale_shipping
from tests.factories import make_user
from tests.orders.helpers import make_seller_store
from tests.wholesale.helpers import make_supplier, make_wholesale_item, purchase


def make_seller(*, is_pkp: bool = True, name: str | None = None) -> tuple[Store, User]:
    """A Demak store open to business buyers, with its owner."""
    owner = make_user(name="Bu Sri Rahayu")
    store = make_seller_store(name, owner=owner)
    return make_supplier(store, is_pkp=is_pkp), owner


def place_order(
    business: Business,
    members: dict[str, User],
    location: BusinessLocation,
    store: Store,
    *,
    quantity: int = 60,
    variant: ProductVariant | None = None,
    pay_upfront: str | None = None,
) -> Order:
    """A wholesale order of the store for the business, on terms (confirmed) unless paid
    upfront (then paid through the checkout as the payment confirmation does)."""
    variant = variant or make_wholesale_item(store)
    checkout = purchase(
        business, members["buyer"], location, [(variant, quantity)], pay_upfront=pay_upfront
    )
    if pay_upfront:
        mark_checkout_paid(checkout, actor=None)
        db.session.commit()
    order = checkout.orders[0]
    assert order.status in (OrderStatus.CONFIRMED, OrderStatus.PAID)
    return order


def ship(order: Order, owner: User) -> Invoice:
    """The seller processes and ships the order (the invoice is issued then); commits."""
    process_order(order, actor=owner)
    ship_order(order, actor=owner, courier="JNE", tracking_no="JNE0012345678")
    db.session.commit()
    invoice = db.session.scalar(select(Invoice).where(Invoice.order_id == order.id))
    assert invoice is not None
    return invoice


def ship_new_order(
    business: Business,
    members: dict[str, User],
    location: BusinessLocation,
    store: Store,
    owner: User,
    **kw: Any,
) -> tuple[Order, Invoice]:
    """Place and ship one order; (order, its invoice)."""
    order = place_order(business, members, location, store, **kw)
    return order, ship(order, owner)


def issue_shipped_at(order: Order, owner: User, shipped_at: datetime) -> Invoice:
    """Ship an order as if it left at `shipped_at` (UTC) and issue its invoice; commits."""
    process_order(order, actor=owner)
    transition(order, OrderStatus.SHIPPED, actor=owner)
    order.shipped_at = shipped_at
    invoice = issue_invoice(order, actor=owner)
    db.session.commit()
    return invoice


def variant_for_subtotal(
    store: Store, location: BusinessLocation, subtotal_idr: int, *, weight_grams: int = 400
) -> ProductVariant:
    """A wholesale item whose one unit plus the delivery to `location` costs `subtotal_idr`."""
    variant = make_wholesale_item(store, "Bolu Meranti Gulung", tiers=((1, 1),))
    quote = _wholesale_shipping(store, destination_region=location.region_code, weight=weight_grams)
    offer = db.session.scalar(select(WholesaleOffer).where(WholesaleOffer.variant_id == variant.id))
    assert offer is not None
    db.session.execute(
        update(WholesaleTier)
        .where(WholesaleTier.offer_id == offer.id)
        .values(unit_price_idr=subtotal_idr - quote.cost_idr)
    )
    db.session.commit()
    return variant


def set_due(invoice: Invoice, due_on: date, *, status: str | None = None) -> None:
    """Move an invoice's due date (and status) for a dated scenario; commits."""
    values: dict[str, Any] = {"due_on": due_on}
    if status is not None:
        values["status"] = status
    db.session.execute(update(Invoice).where(Invoice.id == invoice.id).values(**values))
    db.session.commit()
    db.session.refresh(invoice)
