"""Placing orders, moving them through their lifecycle, and releasing what expired.

Stock is reserved when an order is placed (subtracted under row locks taken in variant-id
order, so concurrent checkouts neither deadlock nor oversell) and given back when an unpaid
checkout expires or an order is cancelled before shipping.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.admin.commission import get_rate_in_force, stamp_commission
from marketplace.catalog.models import ProductVariant
from marketplace.core.db import utcnow
from marketplace.core.mail import send_user_email
from marketplace.core.phone import InvalidPhone, normalize_phone
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.cart import DbCart, load_sellable
from marketplace.orders.errors import (
    EmptyCart,
    IllegalTransition,
    InvalidAddress,
    InvalidCheckout,
    InvalidQuantity,
    NotAvailable,
    OutOfStock,
)
from marketplace.orders.models import (
    ORDER_TRANSITIONS,
    RETAIL_PAYMENT_METHODS,
    Address,
    Checkout,
    CheckoutStatus,
    LedgerEntry,
    LedgerKind,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
)
from marketplace.regions.reference import get_district, get_province, get_regency, get_village
from marketplace.search.indexing import mark_products_changed
from marketplace.shipping.rates import StoreShipping, quote_for
from marketplace.stores.models import Store

MAX_NOTE = 300


# -- Address book ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressInput:
    """An address as typed in the form."""

    label: str
    recipient_name: str
    phone: str
    address_line: str
    village_code: str
    postal_code: str
    is_default: bool = False


def save_address(user: User, data: AddressInput, *, address: Address | None = None) -> Address:
    """Add an address to the user's book (or update one of theirs). Raises InvalidAddress."""
    name = " ".join(data.recipient_name.split())
    line = " ".join(data.address_line.split())
    village = get_village(data.village_code or "")
    postal = (data.postal_code or "").strip()
    if not name or len(name) > 120 or not line or len(line) > 200 or village is None:
        raise InvalidAddress()
    if not (postal.isdigit() and len(postal) == 5):
        raise InvalidAddress(_postal_message())
    try:
        phone = normalize_phone(data.phone)
    except InvalidPhone as exc:
        raise InvalidAddress(exc.message) from exc
    if address is None:
        address = Address(user_id=user.id)
        db.session.add(address)
    elif address.user_id != user.id:
        raise InvalidAddress()
    district = village.code.rsplit(".", 1)[0]
    address.label = " ".join(data.label.split())[:40]
    address.recipient_name = name
    address.phone = phone
    address.address_line = line
    address.village_code = village.code
    address.district_code = district
    address.region_code = district.rsplit(".", 1)[0]
    address.province_code = district[:2]
    address.postal_code = postal
    has_default = db.session.scalar(
        select(Address.id).where(
            Address.user_id == user.id, Address.is_default.is_(True), Address.id != address.id
        )
    )
    address.is_default = data.is_default or has_default is None
    if address.is_default:
        db.session.execute(
            update(Address)
            .where(Address.user_id == user.id, Address.id != address.id)
            .values(is_default=False)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()
    return address


def _postal_message() -> Any:
    return _l("Kode pos harus 5 angka.")


def address_text(address: Address) -> str:
    """Kelurahan, kecamatan, kabupaten/kota and province names of an address."""
    parts = [
        get_village(address.village_code),
        get_district(address.district_code),
        get_regency(address.region_code),
        get_province(address.province_code),
    ]
    return ", ".join(p.name.title() if p.name.isupper() else p.name for p in parts if p)


# -- Checkout --------------------------------------------------------------------------------


def store_shipping(store: Store) -> StoreShipping:
    """What a store offers for shipping."""
    return StoreShipping(
        services=tuple(store.shipping_services or ()),
        offers_pickup=store.offers_pickup,
        local_delivery_fee_idr=store.local_delivery_fee_idr,
    )


@dataclass(frozen=True)
class CheckoutRequest:
    """What the checkout form asks for; prices are never taken from it."""

    idempotency_key: str
    address_id: int
    payment_method: str
    shipping: dict[int, str]  # store id -> shipping code chosen
    notes: dict[int, str]  # store id -> note to the seller


def payment_window(method: str) -> timedelta:
    """How long a checkout waits for its payment (24 h bank transfer, 1 h card by default)."""
    hours = current_app.config["PAYMENT_WINDOW_HOURS"].get(method, 24)
    return timedelta(hours=hours)


def find_checkout(buyer: User, idempotency_key: str) -> Checkout | None:
    """The checkout this buyer already placed with this form, if any."""
    return db.session.scalar(
        select(Checkout).where(
            Checkout.buyer_id == buyer.id, Checkout.idempotency_key == idempotency_key
        )
    )


def place_checkout(buyer: User, request: CheckoutRequest) -> Checkout:
    """Turn the buyer's cart into one order per store under one payment, reserving stock.

    Idempotent per form: the same key returns the checkout already placed. Prices, shipping
    and totals are computed here from current data. Flushes; the caller commits (and on an
    IntegrityError from a concurrent twin submit, rolls back and calls `find_checkout`).
    Raises EmptyCart, NotAvailable, OutOfStock, InvalidQuantity, InvalidAddress,
    InvalidCheckout, ShippingUnavailable.
    """
    key = (request.idempotency_key or "").strip()
    if not (16 <= len(key) <= 64):
        raise InvalidCheckout()
    existing = find_checkout(buyer, key)
    if existing is not None:
        return existing
    if request.payment_method not in RETAIL_PAYMENT_METHODS:
        raise InvalidCheckout()
    if request.payment_method == PaymentMethod.CARD and not card_payments_enabled():
        raise InvalidCheckout()
    address = db.session.get(Address, request.address_id)
    if address is None or address.user_id != buyer.id:
        raise InvalidAddress()

    cart = DbCart(buyer.id)
    lines = [ln for ln in cart.lines() if not ln.saved]
    if not lines:
        raise EmptyCart()
    sellable = load_sellable([ln.variant_id for ln in lines])
    missing = [ln for ln in lines if ln.variant_id not in sellable]
    if missing:
        raise NotAvailable()
    for line in lines:
        minimum = max(1, sellable[line.variant_id].variant.min_order)
        if not minimum <= line.quantity <= 9_999:
            raise InvalidQuantity()

    # Lock the variants in id order: two checkouts wanting the same variants queue up in the
    # same order and cannot deadlock; the stock read under the lock is the truth.
    wanted = {ln.variant_id: ln.quantity for ln in lines}
    locked = db.session.scalars(
        select(ProductVariant)
        .where(ProductVariant.id.in_(sorted(wanted)))
        .order_by(ProductVariant.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    short = [
        (sellable[v.id].product.name, wanted[v.id], v.stock)
        for v in locked
        if v.stock < wanted[v.id]
    ]
    if short:
        raise OutOfStock(short)
    for variant in locked:
        variant.stock -= wanted[variant.id]

    by_store: dict[int, list[Any]] = defaultdict(list)
    for line in lines:
        by_store[sellable[line.variant_id].store.id].append(sellable[line.variant_id])
    now = utcnow()
    checkout = Checkout(
        public_id=secrets.token_urlsafe(12),
        buyer_id=buyer.id,
        idempotency_key=key,
        status=CheckoutStatus.PENDING_PAYMENT,
        payment_method=request.payment_method,
        goods_idr=0,
        shipping_idr=0,
        amount_due_idr=0,
        expires_at=now + payment_window(request.payment_method),
        recipient_name=address.recipient_name,
        recipient_phone=address.phone,
        address_line=address.address_line,
        region_code=address.region_code,
        village_code=address.village_code,
        postal_code=address.postal_code,
        address_text=address_text(address),
    )
    db.session.add(checkout)
    for store_id, items in sorted(by_store.items()):
        store = items[0].store
        weight = sum(s.variant.weight_grams * wanted[s.variant.id] for s in items)
        code = request.shipping.get(store_id)
        if not code:
            raise InvalidCheckout()
        quote = quote_for(
            code,
            store_shipping(store),
            origin_region=store.region_code,
            destination_region=address.region_code,
            weight_grams=weight,
        )
        goods = sum(s.variant.price_idr * wanted[s.variant.id] for s in items)
        order = Order(
            number=_order_number(now),
            checkout=checkout,
            store_id=store_id,
            buyer_id=buyer.id,
            status=OrderStatus.PENDING_PAYMENT,
            goods_idr=goods,
            shipping_idr=quote.cost_idr,
            total_idr=goods + quote.cost_idr,
            weight_grams=weight,
            shipping_code=quote.code,
            shipping_label=quote.label,
            etd_min_days=quote.etd_days[0],
            etd_max_days=quote.etd_days[1],
            note=" ".join((request.notes.get(store_id) or "").split())[:MAX_NOTE],
        )
        for s in items:
            order.lines.append(
                order_line(s, quantity=wanted[s.variant.id], unit_price_idr=s.variant.price_idr)
            )
        db.session.add(order)
        checkout.goods_idr += goods
        checkout.shipping_idr += quote.cost_idr
    stamp_commission(checkout.orders, at=now)
    checkout.unique_code = (
        _unique_code(checkout.goods_idr + checkout.shipping_idr)
        if request.payment_method == PaymentMethod.BANK_TRANSFER
        else 0
    )
    checkout.amount_due_idr = checkout.goods_idr + checkout.shipping_idr + checkout.unique_code
    db.session.flush()
    for order in checkout.orders:
        _event(order, None, OrderStatus.PENDING_PAYMENT, actor=buyer, note="")
    for line in lines:
        cart.remove(line.variant_id)
    db.session.flush()
    send_user_email(
        buyer,
        template="orders/email/placed.txt",
        subject=_l("Pesanan Anda di Pasar IKM"),
        checkout=checkout,
        link=public_url("payments.pay", public_id=checkout.public_id),
    )
    return checkout


def order_line(
    item: Any, *, quantity: int, unit_price_idr: int, stock_reserved: bool = True
) -> OrderLine:
    """An order line snapshotting a sellable variant (its product's name, SKU, category) at
    the price charged; later edits of the product never change it."""
    return OrderLine(
        variant_id=item.variant.id,
        product_id=item.product.id,
        category_id=item.product.category_id,
        product_name=item.product.name,
        variant_label=item.variant.label,
        sku=item.variant.sku,
        unit_price_idr=unit_price_idr,
        quantity=quantity,
        line_total_idr=unit_price_idr * quantity,
        weight_grams=item.variant.weight_grams * quantity,
        stock_reserved=stock_reserved,
    )


def card_payments_enabled() -> bool:
    """True when Stripe is configured (secret, publishable and webhook keys)."""
    cfg = current_app.config
    return bool(
        cfg.get("STRIPE_SECRET_KEY")
        and cfg.get("STRIPE_PUBLISHABLE_KEY")
        and cfg.get("STRIPE_WEBHOOK_SECRET")
    )


def _order_number(now: datetime) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    suffix = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"PIK-{now:%y%m%d}-{suffix}"


def _unique_code(base: int) -> int:
    """A 1-999 code such that no other open bank-transfer checkout owes the same amount."""
    taken = set(
        db.session.scalars(
            select(Checkout.amount_due_idr).where(
                Checkout.status == CheckoutStatus.PENDING_PAYMENT,
                Checkout.payment_method == PaymentMethod.BANK_TRANSFER,
                Checkout.amount_due_idr.between(base + 1, base + 999),
            )
        )
    )
    free = [code for code in range(1, 1000) if base + code not in taken]
    return secrets.choice(free) if free else secrets.randbelow(999) + 1


# -- Lifecycle -------------------------------------------------------------------------------


def _event(
    order: Order, from_status: str | None, to_status: str, *, actor: User | None, note: str
) -> None:
    db.session.add(
        OrderEvent(
            order_id=order.id,
            actor_user_id=actor.id if actor else None,
            from_status=from_status,
            to_status=to_status,
            note=note[:300],
        )
    )


def transition(
    order: Order,
    to_status: str,
    *,
    actor: User | None,
    note: str = "",
    only_from: frozenset[str] | set[str] | None = None,
) -> None:
    """Move an order along ORDER_TRANSITIONS, with its event; the only way to change status.

    `only_from` narrows the table for one action (e.g. a seller marks delivered only what is
    shipped, never an order whose refund is being decided). A conditional UPDATE on the
    status read makes a concurrent change lose cleanly. Raises IllegalTransition.
    """
    from_status = order.status
    if to_status not in ORDER_TRANSITIONS.get(from_status, frozenset()) or (
        only_from is not None and from_status not in only_from
    ):
        raise IllegalTransition(from_status, to_status)
    now = utcnow()
    values: dict[str, Any] = {"status": to_status, "updated_at": now}
    stamp = {
        OrderStatus.PAID: "paid_at",
        OrderStatus.SHIPPED: "shipped_at",
        OrderStatus.DELIVERED: "delivered_at",
        OrderStatus.COMPLETED: "completed_at",
    }.get(OrderStatus(to_status))
    if stamp:
        values[stamp] = now
    result = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == from_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise IllegalTransition(from_status, to_status, changed=True)
    for name, value in values.items():
        setattr(order, name, value)
    _event(order, from_status, to_status, actor=actor, note=note)
    db.session.flush()


def release_stock(*orders: Order) -> None:
    """Give orders' reserved units back to their variants, all lines in one pass in variant-id
    order (the order checkouts lock them in, so the two cannot deadlock)."""
    lines = sorted(
        (
            ln
            for order in orders
            for ln in order.lines
            if ln.variant_id is not None and ln.stock_reserved
        ),
        key=lambda ln: ln.variant_id or 0,
    )
    for line in lines:
        db.session.execute(
            update(ProductVariant)
            .where(ProductVariant.id == line.variant_id)
            .values(stock=ProductVariant.stock + line.quantity)
            .execution_options(synchronize_session=False)
        )
    # The stock moved by UPDATE: search's in-stock state follows.
    mark_products_changed(db.session(), [ln.product_id for ln in lines if ln.product_id])


def expire_checkouts(*, now: datetime | None = None) -> int:
    """Expire unpaid checkouts past their window and give their stock back, exactly once.

    Safe to run every minute and from two places at once: each checkout is claimed with a
    conditional UPDATE. Returns how many expired. Commits per checkout.
    """
    now = now or utcnow()
    from marketplace.payments.models import Payment, PaymentStatus

    # A transfer proof waiting for an admin keeps its checkout: the buyer paid in time.
    under_review = select(Payment.checkout_id).where(
        Payment.status == PaymentStatus.PROOF_SUBMITTED,
        Payment.checkout_id.is_not(None),  # NOT IN a list holding NULL matches nothing
    )
    ids = list(
        db.session.scalars(
            select(Checkout.id).where(
                Checkout.status == CheckoutStatus.PENDING_PAYMENT,
                Checkout.expires_at < now,
                Checkout.id.not_in(under_review),
            )
        )
    )
    expired = 0
    for checkout_id in ids:
        claimed = db.session.execute(
            update(Checkout)
            .where(
                Checkout.id == checkout_id,
                Checkout.status == CheckoutStatus.PENDING_PAYMENT,
                Checkout.id.not_in(under_review),
            )
            .values(status=CheckoutStatus.EXPIRED, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            continue
        checkout = db.session.get(Checkout, checkout_id, populate_existing=True)
        assert checkout is not None
        pending = [o for o in checkout.orders if o.status == OrderStatus.PENDING_PAYMENT]
        for order in pending:
            transition(order, OrderStatus.EXPIRED, actor=None, note="payment window ended")
        release_stock(*pending)
        _cancel_payment(checkout)
        if checkout.business_id is not None:
            from marketplace.wholesale.ordering import release_requests

            release_requests(checkout, note="payment window ended")
        db.session.commit()
        expired += 1
    return expired


def _cancel_payment(checkout: Checkout) -> None:
    from marketplace.payments.models import Payment, PaymentStatus

    db.session.execute(
        update(Payment)
        .where(
            Payment.checkout_id == checkout.id,
            Payment.status.in_(
                [PaymentStatus.PENDING, PaymentStatus.PROOF_SUBMITTED, PaymentStatus.FAILED]
            ),
        )
        .values(status=PaymentStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )


def mark_checkout_paid(checkout: Checkout, *, actor: User | None, note: str = "") -> bool:
    """Record a checkout's payment: every order becomes paid. Idempotent: False if it was
    already paid. Raises IllegalTransition if the checkout expired or was cancelled meanwhile
    (the caller refunds)."""
    # Every order must still be waiting for this payment, checked under lock before anything
    # changes: a payment never lands half on a checkout.
    statuses = db.session.scalars(
        select(Order.status)
        .where(Order.checkout_id == checkout.id)
        .order_by(Order.id)
        .with_for_update()
    ).all()
    if any(s != OrderStatus.PENDING_PAYMENT for s in statuses):
        db.session.refresh(checkout)
        if checkout.status == CheckoutStatus.PAID:
            return False
        odd = next(s for s in statuses if s != OrderStatus.PENDING_PAYMENT)
        raise IllegalTransition(odd, OrderStatus.PAID)
    result = db.session.execute(
        update(Checkout)
        .where(Checkout.id == checkout.id, Checkout.status == CheckoutStatus.PENDING_PAYMENT)
        .values(status=CheckoutStatus.PAID, paid_at=utcnow(), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(checkout)
    if result.rowcount != 1:
        if checkout.status == CheckoutStatus.PAID:
            return False
        raise IllegalTransition(checkout.status, CheckoutStatus.PAID)
    for order in checkout.orders:
        transition(order, OrderStatus.PAID, actor=actor, note=note)
    return True


def commission_rate(order: Order) -> int:
    """The platform's commission in basis points for the order: the rate stored when it was
    placed, else (older orders) the rate in force at its creation for its first line's
    category (`marketplace.admin.commission`)."""
    if order.commission_bps is not None:
        return order.commission_bps
    category_id = order.lines[0].category_id if order.lines else None
    return get_rate_in_force(category_id, at=order.created_at or utcnow())


def complete_order(order: Order, *, actor: User | None, note: str = "") -> None:
    """Complete an order and credit the seller: total minus commission, once (ledger).

    Raises IllegalTransition.
    """
    transition(order, OrderStatus.COMPLETED, actor=actor, note=note)
    already = db.session.scalar(
        select(LedgerEntry.id).where(
            LedgerEntry.order_id == order.id, LedgerEntry.kind == LedgerKind.SALE
        )
    )
    if already is not None:
        # Completed again after a refund request was turned down: credited once already.
        return
    if order.checkout.status == CheckoutStatus.ON_TERMS:
        # On payment terms the seller is credited when the business pays the invoice
        # (`wholesale.invoices.record_invoice_payment`), not before.
        from marketplace.wholesale.invoices import credit_if_settled

        credit_if_settled(order)
        return
    credit_sale(order)


def net_of_commission(order: Order) -> tuple[int, int]:
    """(what the seller earns, the platform's commission) for an order's total. Commission is
    taken on the price before PPN; the seller keeps the PPN it must pay to the tax office."""
    commission = (order.total_idr - order.tax_idr) * commission_rate(order) // 10_000
    return order.total_idr - commission, commission


def credit_sale(order: Order, **data: Any) -> LedgerEntry:
    """Credit the seller for an order: one SALE ledger entry, total minus commission."""
    net, commission = net_of_commission(order)
    order.commission_idr = commission
    entry = LedgerEntry(
        store_id=order.store_id,
        order_id=order.id,
        kind=LedgerKind.SALE,
        amount_idr=net,
        memo=order.number,
        data={"total_idr": order.total_idr, "commission_idr": commission, **data},
    )
    db.session.add(entry)
    db.session.flush()
    return entry
