"""Placing wholesale orders: the one path for quick orders, saved lists, accepted quotes,
pooled requests and standing orders.

A wholesale purchase is a `Checkout` (one order per store) like a consumer's, with the
business, the delivery location and date, tier (or quoted) prices and PPN, and one of three
starts: waiting for the business's approver (above its threshold), confirmed on payment terms
(the seller invoices when it ships), or waiting for payment before delivery (bank transfer or
card through the ordinary payment page).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select, update

from marketplace.accounts.models import User
from marketplace.admin.commission import stamp_commission
from marketplace.catalog.models import ProductVariant
from marketplace.core.db import utcnow
from marketplace.core.mail import send_user_email
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.cart import Sellable, load_sellable
from marketplace.orders.errors import IllegalTransition, OutOfStock
from marketplace.orders.models import (
    Checkout,
    CheckoutStatus,
    Order,
    OrderChannel,
    OrderLine,
    OrderStatus,
    PaymentMethod,
)
from marketplace.orders.services import (
    _event,
    _order_number,
    _unique_code,
    card_payments_enabled,
    find_checkout,
    order_line,
    payment_window,
    release_stock,
    store_shipping,
    transition,
)
from marketplace.regions.reference import get_district, get_province, get_regency, get_village
from marketplace.shipping.rates import PICKUP, ShippingQuote, shipping_options
from marketplace.wholesale.access import require
from marketplace.wholesale.errors import (
    ApprovalClosed,
    CreditLimitExceeded,
    InvalidRequest,
    NotAllowed,
    OrderRowsInvalid,
    SelfApproval,
)
from marketplace.wholesale.models import (
    TERM_DAYS,
    ApprovalStatus,
    Business,
    BusinessLocation,
    BusinessMember,
    BusinessRole,
    Invoice,
    InvoiceStatus,
    PurchaseApproval,
    SupplierProfile,
    WholesaleOffer,
)
from marketplace.wholesale.pricing import quantity_problem, tier_for

CLOSED_ORDER_STATUSES = (OrderStatus.CANCELLED, OrderStatus.EXPIRED, OrderStatus.REFUNDED)
OPEN_INVOICE_STATUSES = (
    InvoiceStatus.ISSUED,
    InvoiceStatus.PARTIALLY_PAID,
    InvoiceStatus.OVERDUE,
)
MAX_ROWS = 200


@dataclass(frozen=True)
class WantedLine:
    """A variant and quantity to buy; `unit_price_idr` set for a quoted or pooled price (made
    to order, outside the offer's tiers and capacity)."""

    variant_id: int
    quantity: int
    unit_price_idr: int | None = None


@dataclass(frozen=True)
class WholesalePurchase:
    """Where, when and how: delivery location, requested date, payment.

    `pay_upfront` None buys on the business's payment terms; "bank_transfer" or "card" pays
    before delivery (required when the terms are cash before delivery).
    """

    location_id: int
    requested_delivery_on: date
    idempotency_key: str
    pay_upfront: str | None = None
    note: str = ""
    source: str = "quick"
    today: date | None = field(default=None, compare=False)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def capacity_left(offer: WholesaleOffer, delivery_on: date) -> int | None:
    """Units of a made-to-order offer still free in the ISO week of `delivery_on` (None: no
    limit, or the offer ships from stock)."""
    if offer.weekly_capacity is None or offer.lead_time_days == 0:
        return None
    monday, sunday = week_bounds(delivery_on)
    used = db.session.scalar(
        select(func.coalesce(func.sum(OrderLine.quantity), 0))
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.variant_id == offer.variant_id,
            Order.channel == OrderChannel.WHOLESALE,
            Order.requested_delivery_on.between(monday, sunday),
            Order.status.not_in(CLOSED_ORDER_STATUSES),
        )
    )
    return offer.weekly_capacity - int(used or 0)


def open_balance(business_id: int) -> int:
    """What the business owes or has committed on terms: unpaid invoice balances plus orders
    on terms (or waiting for approval on terms) not invoiced yet."""
    invoiced = db.session.scalar(
        select(func.coalesce(func.sum(Invoice.total_idr - Invoice.paid_idr), 0)).where(
            Invoice.business_id == business_id, Invoice.status.in_(OPEN_INVOICE_STATUSES)
        )
    )
    uninvoiced = db.session.scalar(
        select(func.coalesce(func.sum(Order.total_idr), 0))
        .join(Checkout, Checkout.id == Order.checkout_id)
        .where(
            Order.business_id == business_id,
            Checkout.payment_method == PaymentMethod.INVOICE,
            Checkout.status.in_([CheckoutStatus.ON_TERMS, CheckoutStatus.AWAITING_APPROVAL]),
            Order.status.not_in(CLOSED_ORDER_STATUSES),
            ~exists().where(Invoice.order_id == Order.id),
        )
    )
    return int(invoiced or 0) + int(uninvoiced or 0)


def load_offers(variant_ids: Sequence[int]) -> dict[int, WholesaleOffer]:
    """Active wholesale offers by variant id, with their tiers; two queries."""
    from sqlalchemy.orm import selectinload

    if not variant_ids:
        return {}
    # A store whose supplier profile is closed does not sell wholesale (no profile: open).
    closed = select(SupplierProfile.store_id).where(SupplierProfile.is_open.is_(False))
    offers = db.session.scalars(
        select(WholesaleOffer)
        .where(
            WholesaleOffer.variant_id.in_(list(variant_ids)),
            WholesaleOffer.is_active,
            WholesaleOffer.store_id.not_in(closed),
        )
        .options(selectinload(WholesaleOffer.tiers))
    )
    return {o.variant_id: o for o in offers}


def _location_text(location: BusinessLocation) -> str:
    parts = [
        get_village(location.village_code),
        get_district(location.district_code),
        get_regency(location.region_code),
        get_province(location.province_code),
    ]
    return ", ".join(p.name.title() if p.name.isupper() else p.name for p in parts if p)


def _wholesale_shipping(store: Any, *, destination_region: str, weight: int) -> ShippingQuote:
    """The store's delivery for a bulk order: its own delivery or the cheapest courier, and
    pick-up only when it offers nothing else."""
    options = shipping_options(
        store_shipping(store),
        origin_region=store.region_code,
        destination_region=destination_region,
        weight_grams=weight,
    )
    delivered = [q for q in options if q.code != PICKUP]
    if delivered:
        return min(delivered, key=lambda q: (q.cost_idr, q.etd_days[1]))
    if options:
        return options[0]
    raise InvalidRequest(_l("%(store)s belum mengatur pengiriman ke lokasi ini.", store=store.name))


def _check_lines(
    lines: Sequence[WantedLine],
    sellable: dict[int, Sellable],
    offers: dict[int, WholesaleOffer],
    *,
    delivery_on: date,
    today: date,
) -> None:
    problems: dict[int, Any] = {}
    seen: set[int] = set()
    for row, line in enumerate(lines, start=1):
        item = sellable.get(line.variant_id)
        offer = offers.get(line.variant_id)
        if line.variant_id in seen:
            problems[row] = _l("Produk yang sama dua kali: gabungkan jumlahnya dalam satu baris.")
        elif item is None:
            problems[row] = _l("Produk tidak tersedia.")
        elif line.unit_price_idr is not None:
            if not 1 <= line.quantity <= 1_000_000 or line.unit_price_idr < 1:
                problems[row] = _l("Jumlah tidak valid.")
        elif offer is None:
            problems[row] = _l("Produk ini tidak dijual grosir.")
        elif (delivery_on - today).days < offer.lead_time_days:
            problems[row] = _l(
                "Butuh %(n)d hari produksi: pilih tanggal kirim paling cepat %(d)s.",
                n=offer.lead_time_days,
                d=(today + timedelta(days=offer.lead_time_days)).strftime("%d-%m-%Y"),
            )
        else:
            problem = quantity_problem(
                offer, line.quantity, capacity_left=capacity_left(offer, delivery_on)
            )
            if problem is not None:
                problems[row] = problem
        seen.add(line.variant_id)
    if problems:
        raise OrderRowsInvalid(problems)


def place_wholesale_order(
    business: Business,
    *,
    actor: User,
    purchase: WholesalePurchase,
    lines: Sequence[WantedLine],
    approved: bool = False,
    approved_up_to_idr: int | None = None,
) -> Checkout:
    """Buy for a verified business: one order per store at tier (or given) prices, PPN for PKP
    sellers, stock reserved for goods shipped from stock.

    Idempotent per `purchase.idempotency_key`. Above the business's approval threshold the
    purchase waits for an approver (unless `approved`, or its total is within
    `approved_up_to_idr`: a standing order approved once for that amount).
    On terms, the business's open balance must stay within its credit limit. Flushes; the
    caller commits. Raises NotAllowed, NotVerified, InvalidRequest, OrderRowsInvalid,
    OutOfStock, CreditLimitExceeded.
    """
    require(business, actor, "order", verified=True)
    key = (purchase.idempotency_key or "").strip()
    if not 16 <= len(key) <= 64:
        raise InvalidRequest()
    existing = find_checkout(actor, key)
    if existing is not None:
        return existing
    today = purchase.today or utcnow().date()
    location = db.session.get(BusinessLocation, purchase.location_id)
    if location is None or location.business_id != business.id or not location.is_active:
        raise InvalidRequest(_l("Pilih lokasi pengiriman usaha Anda."))
    if not today <= purchase.requested_delivery_on <= today + timedelta(days=366):
        raise InvalidRequest(
            _l("Tanggal kirim harus hari ini atau sesudahnya (paling lama 1 tahun).")
        )
    on_terms = purchase.pay_upfront is None
    if on_terms and TERM_DAYS.get(business.payment_terms) is None:
        raise InvalidRequest(
            _l("Usaha Anda membayar sebelum pengiriman: pilih transfer bank atau kartu.")
        )
    if purchase.pay_upfront not in (None, PaymentMethod.BANK_TRANSFER, PaymentMethod.CARD):
        raise InvalidRequest()
    if purchase.pay_upfront == PaymentMethod.CARD and not card_payments_enabled():
        raise InvalidRequest()
    if not lines:
        raise InvalidRequest(_l("Isi paling sedikit satu produk."))
    if len(lines) > MAX_ROWS:
        raise InvalidRequest(_l("Paling banyak %(n)d baris per pesanan.", n=MAX_ROWS))

    # One purchase at a time per business: the credit check and capacity see every other.
    db.session.execute(
        select(Business.id).where(Business.id == business.id).with_for_update()
    ).all()
    ids = [ln.variant_id for ln in lines]
    # Weekly capacity is shared by every business: lock the capacity-bound offers (in variant
    # order, after the business and before any stock) so two purchases cannot both take the
    # last units of a week.
    db.session.execute(
        select(WholesaleOffer.id)
        .where(WholesaleOffer.variant_id.in_(ids), WholesaleOffer.weekly_capacity.is_not(None))
        .order_by(WholesaleOffer.variant_id)
        .with_for_update()
    ).all()
    sellable = load_sellable(ids)
    offers = load_offers(ids)
    _check_lines(lines, sellable, offers, delivery_on=purchase.requested_delivery_on, today=today)

    priced: list[tuple[WantedLine, Sellable, int, bool]] = []
    for line in lines:
        offer = offers.get(line.variant_id)
        if line.unit_price_idr is not None:
            priced.append((line, sellable[line.variant_id], line.unit_price_idr, False))
        else:
            assert offer is not None
            tier = tier_for(offer.tiers, line.quantity)
            assert tier is not None
            from_stock = offer.lead_time_days == 0
            priced.append((line, sellable[line.variant_id], tier.unit_price_idr, from_stock))

    _reserve_stock([(ln, item) for ln, item, _p, from_stock in priced if from_stock])

    profiles = {
        p.store_id: p
        for p in db.session.scalars(
            select(SupplierProfile).where(
                SupplierProfile.store_id.in_({item.store.id for _l, item, _p, _s in priced})
            )
        )
    }
    from marketplace.wholesale.pricing import ppn

    by_store: dict[int, list[tuple[WantedLine, Sellable, int, bool]]] = defaultdict(list)
    for entry in priced:
        by_store[entry[1].store.id].append(entry)
    now = utcnow()
    method = PaymentMethod.INVOICE if on_terms else PaymentMethod(purchase.pay_upfront)
    checkout = Checkout(
        public_id=secrets.token_urlsafe(12),
        buyer_id=actor.id,
        business_id=business.id,
        idempotency_key=key,
        status=CheckoutStatus.PENDING_PAYMENT,
        payment_method=method,
        goods_idr=0,
        shipping_idr=0,
        amount_due_idr=0,
        expires_at=now + payment_window(method if not on_terms else PaymentMethod.BANK_TRANSFER),
        recipient_name=location.recipient_name,
        recipient_phone=location.phone,
        address_line=f"{location.label}: {location.address_line}"[:200],
        region_code=location.region_code,
        village_code=location.village_code,
        postal_code=location.postal_code,
        address_text=_location_text(location),
    )
    db.session.add(checkout)
    note = " ".join((purchase.note or "").split())[:300]
    total = 0
    for store_id, items in sorted(by_store.items()):
        store = items[0][1].store
        weight = sum(item.variant.weight_grams * ln.quantity for ln, item, _p, _s in items)
        quote = _wholesale_shipping(store, destination_region=location.region_code, weight=weight)
        goods = sum(price * ln.quantity for ln, _i, price, _s in items)
        profile = profiles.get(store_id)
        tax = ppn(goods + quote.cost_idr, is_pkp=bool(profile and profile.is_pkp))
        order = Order(
            number=_order_number(now),
            checkout=checkout,
            store_id=store_id,
            buyer_id=actor.id,
            status=OrderStatus.PENDING_PAYMENT,
            channel=OrderChannel.WHOLESALE,
            business_id=business.id,
            requested_delivery_on=purchase.requested_delivery_on,
            source=purchase.source[:12],
            goods_idr=goods,
            shipping_idr=quote.cost_idr,
            tax_idr=tax.tax_idr,
            total_idr=tax.total_idr,
            weight_grams=weight,
            shipping_code=quote.code,
            shipping_label=quote.label,
            etd_min_days=quote.etd_days[0],
            etd_max_days=quote.etd_days[1],
            note=note,
        )
        for ln, item, price, from_stock in items:
            order.lines.append(
                order_line(
                    item, quantity=ln.quantity, unit_price_idr=price, stock_reserved=from_stock
                )
            )
        db.session.add(order)
        checkout.goods_idr += goods
        checkout.shipping_idr += quote.cost_idr
        total += tax.total_idr
    checkout.amount_due_idr = total
    stamp_commission(checkout.orders, at=now)
    if on_terms:
        _check_credit(business, adding_idr=total)
    db.session.flush()

    threshold = business.approval_threshold_idr
    within_approval = approved or (approved_up_to_idr is not None and total <= approved_up_to_idr)
    waits = threshold is not None and total > threshold and not within_approval
    initial = (
        OrderStatus.AWAITING_APPROVAL
        if waits
        else OrderStatus.CONFIRMED
        if on_terms
        else OrderStatus.PENDING_PAYMENT
    )
    for order in checkout.orders:
        order.status = initial
        _event(order, None, initial, actor=actor, note=purchase.source)
    if waits:
        checkout.status = CheckoutStatus.AWAITING_APPROVAL
        db.session.add(
            PurchaseApproval(
                checkout_id=checkout.id,
                business_id=business.id,
                requested_by_id=actor.id,
                total_idr=total,
                threshold_idr=threshold,
            )
        )
        db.session.flush()
        _tell_approvers(business, checkout, requested_by=actor)
        return checkout
    db.session.flush()
    _start(checkout, actor=actor)
    return checkout


def _reserve_stock(items: Sequence[tuple[WantedLine, Sellable]]) -> None:
    """Subtract goods shipped from stock under row locks in variant-id order (as retail
    checkouts do, so the two cannot deadlock)."""
    if not items:
        return
    wanted = {ln.variant_id: ln.quantity for ln, _item in items}
    names = {ln.variant_id: item.product.name for ln, item in items}
    locked = db.session.scalars(
        select(ProductVariant)
        .where(ProductVariant.id.in_(sorted(wanted)))
        .order_by(ProductVariant.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    short = [(names[v.id], wanted[v.id], v.stock) for v in locked if v.stock < wanted[v.id]]
    if short:
        raise OutOfStock(short)
    for variant in locked:
        variant.stock -= wanted[variant.id]
    from marketplace.search.indexing import mark_products_changed

    mark_products_changed(db.session(), [item.product.id for _ln, item in items])


def _check_credit(business: Business, *, adding_idr: int) -> None:
    current = open_balance(business.id)
    if current + adding_idr > business.credit_limit_idr:
        raise CreditLimitExceeded(
            limit_idr=business.credit_limit_idr, open_idr=current, order_idr=adding_idr
        )


def _start(checkout: Checkout, *, actor: User | None) -> None:
    """Send a purchase on its way: confirmed to the sellers on terms, or waiting for payment."""
    if checkout.payment_method == PaymentMethod.INVOICE:
        checkout.status = CheckoutStatus.ON_TERMS
        for order in checkout.orders:
            if order.status == OrderStatus.AWAITING_APPROVAL:
                transition(order, OrderStatus.CONFIRMED, actor=actor, note="approved")
        db.session.flush()
        _tell_sellers(checkout)
        return
    now = utcnow()
    checkout.status = CheckoutStatus.PENDING_PAYMENT
    checkout.expires_at = now + payment_window(checkout.payment_method)
    checkout.unique_code = (
        _unique_code(checkout.amount_due_idr)
        if checkout.payment_method == PaymentMethod.BANK_TRANSFER
        else 0
    )
    checkout.amount_due_idr += checkout.unique_code
    for order in checkout.orders:
        if order.status == OrderStatus.AWAITING_APPROVAL:
            transition(order, OrderStatus.PENDING_PAYMENT, actor=actor, note="approved")
    db.session.flush()
    from marketplace.payments.base import start_payment

    start_payment(checkout)
    buyer = db.session.get(User, checkout.buyer_id)
    if buyer is not None:
        send_user_email(
            buyer,
            template="orders/email/placed.txt",
            subject=_l("Pesanan Anda di Pasar IKM"),
            checkout=checkout,
            link=public_url("payments.pay", public_id=checkout.public_id),
        )


def _tell_sellers(checkout: Checkout) -> None:
    from marketplace.payments.notifications import notify_store_owners

    notify_store_owners(
        checkout.orders,
        template="wholesale/email/new_order.txt",
        subject=lambda order: _l("Pesanan grosir baru: %(number)s", number=order.number),
    )


def _tell_approvers(business: Business, checkout: Checkout, *, requested_by: User) -> None:
    approvers = db.session.scalars(
        select(User)
        .join(BusinessMember, BusinessMember.user_id == User.id)
        .where(
            BusinessMember.business_id == business.id,
            BusinessMember.role.in_([BusinessRole.OWNER, BusinessRole.APPROVER]),
            User.id != requested_by.id,
        )
    )
    for approver in approvers:
        send_user_email(
            approver,
            template="wholesale/email/approval_needed.txt",
            subject=_l("Pesanan menunggu persetujuan Anda"),
            business=business,
            checkout=checkout,
            requested_by=requested_by,
            link=public_url("wholesale_orders.approvals"),
        )


def decide_purchase(
    approval: PurchaseApproval, *, actor: User, approve: bool, note: str = ""
) -> Checkout:
    """An approver approves (the purchase starts: on terms or waiting for payment) or rejects
    it (orders cancelled, stock back). Four eyes: not the person who placed it.

    Raises NotAllowed, SelfApproval, ApprovalClosed, CreditLimitExceeded (on approval, when the
    balance grew meanwhile; nothing changes). Flushes.
    """
    business = db.session.get(Business, approval.business_id)
    assert business is not None
    require(business, actor, "approve", verified=True)
    if approval.requested_by_id == actor.id:
        raise SelfApproval()
    note = " ".join((note or "").split())[:300]
    if not approve and len(note) < 5:
        raise InvalidRequest(_l("Tuliskan alasan penolakan (paling sedikit 5 huruf)."))
    checkout = db.session.get(Checkout, approval.checkout_id)
    assert checkout is not None
    on_terms = checkout.payment_method == PaymentMethod.INVOICE
    if approve and on_terms and TERM_DAYS.get(business.payment_terms) is None:
        raise InvalidRequest(
            _l(
                "Usaha ini sekarang membayar sebelum pengiriman, jadi pesanan tempo ini tidak "
                "bisa disetujui. Tolak, lalu pesan ulang dengan bayar di muka."
            )
        )
    if approve and any(
        o.requested_delivery_on and o.requested_delivery_on < utcnow().date()
        for o in checkout.orders
    ):
        raise InvalidRequest(
            _l(
                "Tanggal kirim pesanan ini sudah lewat. Tolak, lalu pesan ulang dengan tanggal "
                "baru."
            )
        )
    if approve and checkout.payment_method == PaymentMethod.INVOICE:
        db.session.execute(
            select(Business.id).where(Business.id == business.id).with_for_update()
        ).all()
        # This purchase is already counted in the open balance while it waits.
        current = open_balance(business.id) - approval.total_idr
        if current + approval.total_idr > business.credit_limit_idr:
            raise CreditLimitExceeded(
                limit_idr=business.credit_limit_idr, open_idr=current, order_idr=approval.total_idr
            )
    claimed = db.session.execute(
        update(PurchaseApproval)
        .where(
            PurchaseApproval.id == approval.id, PurchaseApproval.status == ApprovalStatus.PENDING
        )
        .values(
            status=ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED,
            decided_by_id=actor.id,
            decided_at=utcnow(),
            note=note,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise ApprovalClosed()
    db.session.refresh(approval)
    if approve:
        _start(checkout, actor=actor)
    else:
        checkout.status = CheckoutStatus.CANCELLED
        for order in checkout.orders:
            transition(order, OrderStatus.CANCELLED, actor=actor, note=note)
            order.cancel_reason = note[:200]
        release_stock(*checkout.orders)
        release_requests(checkout, note=note)
    db.session.flush()
    return checkout


def cancel_waiting_purchase(approval: PurchaseApproval, *, actor: User) -> None:
    """The person who placed a purchase withdraws it while it waits for approval.
    Raises NotAllowed, ApprovalClosed."""
    business = db.session.get(Business, approval.business_id)
    assert business is not None
    require(business, actor, "order")
    if approval.requested_by_id != actor.id:
        raise NotAllowed()
    checkout = db.session.get(Checkout, approval.checkout_id)
    assert checkout is not None
    claimed = db.session.execute(
        update(PurchaseApproval)
        .where(
            and_(
                PurchaseApproval.id == approval.id,
                PurchaseApproval.status == ApprovalStatus.PENDING,
            )
        )
        .values(
            status=ApprovalStatus.REJECTED,
            decided_by_id=actor.id,
            decided_at=utcnow(),
            note="withdrawn",
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise ApprovalClosed()
    checkout.status = CheckoutStatus.CANCELLED
    for order in checkout.orders:
        try:
            transition(order, OrderStatus.CANCELLED, actor=actor, note="withdrawn")
        except IllegalTransition:
            raise ApprovalClosed() from None
    release_stock(*checkout.orders)
    release_requests(checkout, note="withdrawn")
    db.session.flush()


def release_requests(checkout: Checkout, *, note: str = "") -> None:
    """A purchase made from a quote or a pooled request will not happen (approval rejected,
    withdrawn, never paid): the request opens again, so the buyer can accept another quote or
    order the pool later. Flushes."""
    from marketplace.wholesale.models import (
        PooledRequest,
        PoolShare,
        PoolShareStatus,
        PoolStatus,
        Quote,
        QuoteStatus,
        Rfq,
        RfqEvent,
        RfqStatus,
    )

    order_ids = [order.id for order in checkout.orders]
    if not order_ids or checkout.business_id is None:
        return
    for quote in db.session.scalars(select(Quote).where(Quote.order_id.in_(order_ids))):
        rfq = db.session.get(Rfq, quote.rfq_id)
        assert rfq is not None
        quote.order_id, quote.status = None, QuoteStatus.SUBMITTED
        rfq.status = RfqStatus.OPEN
        # Accepting one quote rejected the others: they stand again.
        for other in rfq.quotes:
            if other.status == QuoteStatus.REJECTED:
                other.status = QuoteStatus.SUBMITTED
        db.session.add(
            RfqEvent(rfq_id=rfq.id, store_id=quote.store_id, kind="reopened", note=note[:300])
        )
    for share in db.session.scalars(select(PoolShare).where(PoolShare.order_id.in_(order_ids))):
        pool = db.session.get(PooledRequest, share.pooled_request_id)
        assert pool is not None
        share.order_id, share.status = None, PoolShareStatus.CLAIMED
        if pool.status == PoolStatus.ORDERED:
            pool.status = PoolStatus.OPEN
    db.session.flush()


def expire_waiting_purchases(*, today: date | None = None) -> int:
    """Purchases still waiting for an approver when their delivery date has passed are
    cancelled: stock and capacity come back, a quote or pooled request opens again. Claimed
    with a conditional UPDATE, so two runs cancel each once; commits per purchase."""
    today = today or utcnow().date()
    late = (
        select(PurchaseApproval.id)
        .join(Order, Order.checkout_id == PurchaseApproval.checkout_id)
        .where(
            PurchaseApproval.status == ApprovalStatus.PENDING,
            Order.requested_delivery_on < today,
        )
        .distinct()
    )
    expired = 0
    note = "tanggal kirim lewat sebelum disetujui"
    for approval_id in list(db.session.scalars(late)):
        claimed = db.session.execute(
            update(PurchaseApproval)
            .where(
                PurchaseApproval.id == approval_id,
                PurchaseApproval.status == ApprovalStatus.PENDING,
            )
            .values(status=ApprovalStatus.REJECTED, decided_at=utcnow(), note=note)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            continue
        approval = db.session.get(PurchaseApproval, approval_id, populate_existing=True)
        assert approval is not None
        checkout = db.session.get(Checkout, approval.checkout_id)
        assert checkout is not None
        checkout.status = CheckoutStatus.CANCELLED
        waiting = [o for o in checkout.orders if o.status == OrderStatus.AWAITING_APPROVAL]
        for order in waiting:
            transition(order, OrderStatus.CANCELLED, actor=None, note=note)
            order.cancel_reason = note
        release_stock(*waiting)
        release_requests(checkout, note=note)
        db.session.commit()
        expired += 1
    return expired
