"""Requests for quotation: a business asks 1-10 sellers for a price, sellers quote or decline,
the business accepts one quote (it becomes a wholesale order at the quoted price) or closes.

Every step is an `RfqEvent` both sides see. Quotes are valid until a date; `expire_quotes`
marks the lapsed ones (the `flask wholesale expire-quotes` job) and accepting a lapsed quote
marks it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from marketplace.accounts.models import User
from marketplace.catalog.models import Product, ProductStatus, ProductVariant
from marketplace.core.db import utcnow
from marketplace.core.mail import send_user_email
from marketplace.core.money import format_rupiah
from marketplace.core.pagination import Page, paginate_rows
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.cart import load_sellable
from marketplace.orders.models import Checkout
from marketplace.orders.services import find_checkout
from marketplace.stores.models import Store, StoreStatus
from marketplace.wholesale.access import require, require_store_member
from marketplace.wholesale.errors import InvalidRequest, QuoteUnavailable
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    Quote,
    QuoteStatus,
    Rfq,
    RfqEvent,
    RfqInvite,
    RfqInviteStatus,
    RfqStatus,
    SupplierProfile,
)
from marketplace.wholesale.ordering import WantedLine, WholesalePurchase, place_wholesale_order

MAX_INVITES = 10
MAX_QUOTE_DAYS = 60
MAX_QUANTITY = 1_000_000
MAX_UNIT_PRICE = 100_000_000
PER_PAGE = 20


def _today(today: date | None) -> date:
    return today or utcnow().date()


def _clean(text: str | None, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def _event(
    rfq: Rfq, kind: str, *, actor: User | None, store_id: int | None = None, note: str = ""
) -> None:
    db.session.add(
        RfqEvent(
            rfq_id=rfq.id,
            store_id=store_id,
            actor_user_id=actor.id if actor else None,
            kind=kind,
            note=note[:300],
        )
    )


# -- Buyer side ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RfqInput:
    """A request for quotation as the buyer typed it."""

    title: str
    quantity: int
    delivery_on: date
    respond_by: date
    location_id: int
    store_ids: tuple[int, ...]
    description: str = ""
    unit: str = "pcs"
    product_id: int | None = None


def open_supplier_filter() -> Any:
    """Stores business buyers may ask: live, with an open supplier profile (join both)."""
    return (SupplierProfile.is_open.is_(True)) & (Store.status == StoreStatus.LIVE)


def list_open_suppliers(
    *, text: str = "", include_ids: tuple[int, ...] = (), limit: int = 40
) -> list[Store]:
    """Stores open to wholesale whose name holds `text` (the first `limit` by name), then those
    of `include_ids` not among them; one or two queries."""
    text = _clean(text, 80)
    base = (
        select(Store)
        .join(SupplierProfile, SupplierProfile.store_id == Store.id)
        .where(open_supplier_filter())
    )
    stmt = base
    if text:
        pattern = "%" + text.replace("\\", "").replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(Store.name.ilike(pattern))
    found = list(db.session.scalars(stmt.order_by(Store.name, Store.id).limit(limit)))
    missing = set(include_ids) - {s.id for s in found}
    if missing:
        found += list(
            db.session.scalars(base.where(Store.id.in_(missing)).order_by(Store.name, Store.id))
        )
    return found


def list_active_locations(business_id: int) -> list[BusinessLocation]:
    """The business's active delivery locations; one query."""
    return list(
        db.session.scalars(
            select(BusinessLocation)
            .where(BusinessLocation.business_id == business_id, BusinessLocation.is_active)
            .order_by(BusinessLocation.id)
        )
    )


def delivery_city(location_id: int) -> str:
    """The kabupaten/kota of a delivery location: what sellers see of where it goes."""
    from marketplace.regions.reference import get_regency

    location = db.session.get(BusinessLocation, location_id)
    regency = get_regency(location.region_code) if location else None
    return regency.name if regency else ""


def get_public_product(product_id: int) -> Product | None:
    """An active product of a live store (the RFQ's starting point), or None."""
    return db.session.scalar(
        select(Product)
        .join(Store, Store.id == Product.store_id)
        .where(
            Product.id == product_id,
            Product.status == ProductStatus.ACTIVE,
            Store.status == StoreStatus.LIVE,
        )
    )


def create_rfq(
    business: Business, *, actor: User, data: RfqInput, today: date | None = None
) -> Rfq:
    """Ask 1-10 sellers open to wholesale for a price; each invited store's owners get an email.

    Raises NotAllowed, NotVerified, InvalidRequest. Flushes.
    """
    require(business, actor, "order", verified=True)
    today = _today(today)
    title = _clean(data.title, 160)
    unit = _clean(data.unit, 20) or "pcs"
    if len(title) < 3:
        raise InvalidRequest(_l("Judul permintaan paling sedikit 3 huruf."))
    if not 1 <= data.quantity <= MAX_QUANTITY:
        raise InvalidRequest(_l("Jumlah harus angka 1 sampai 1.000.000."))
    if not today <= data.respond_by <= data.delivery_on <= today + timedelta(days=366):
        raise InvalidRequest(
            _l(
                "Batas penawaran harus hari ini atau sesudahnya, dan tanggal kirim sesudah batas "
                "penawaran (paling lama 1 tahun)."
            )
        )
    location = db.session.get(BusinessLocation, data.location_id)
    if location is None or location.business_id != business.id or not location.is_active:
        raise InvalidRequest(_l("Pilih lokasi pengiriman usaha Anda."))
    store_ids = sorted(set(data.store_ids))
    if not 1 <= len(store_ids) <= MAX_INVITES:
        raise InvalidRequest(_l("Pilih 1 sampai %(n)d penjual.", n=MAX_INVITES))
    open_ids = set(
        db.session.scalars(
            select(Store.id)
            .join(SupplierProfile, SupplierProfile.store_id == Store.id)
            .where(Store.id.in_(store_ids), open_supplier_filter())
        )
    )
    if open_ids != set(store_ids):
        raise InvalidRequest(_l("Ada penjual yang tidak menerima pesanan grosir."))
    if data.product_id is not None and get_public_product(data.product_id) is None:
        raise InvalidRequest(_l("Produk tidak tersedia."))
    rfq = Rfq(
        business_id=business.id,
        requested_by_id=actor.id,
        location_id=location.id,
        title=title,
        description=(data.description or "").strip()[:4000],
        product_id=data.product_id,
        quantity=data.quantity,
        unit=unit,
        delivery_on=data.delivery_on,
        respond_by=data.respond_by,
        status=RfqStatus.OPEN,
    )
    rfq.invites = [RfqInvite(store_id=store_id) for store_id in store_ids]
    db.session.add(rfq)
    db.session.flush()
    _event(rfq, "created", actor=actor)
    for store_id in store_ids:
        _event(rfq, "invited", actor=actor, store_id=store_id)
    db.session.flush()
    _tell_invited(rfq, business, store_ids)
    return rfq


def _tell_invited(rfq: Rfq, business: Business, store_ids: list[int]) -> None:
    from marketplace.payments.notifications import list_store_owners

    for store_id, owners in list_store_owners(store_ids).items():
        link = public_url("rfq.seller_rfq", store_id=store_id, rfq_id=rfq.id)
        for owner in owners:
            send_user_email(
                owner,
                template="wholesale/email/rfq_invited.txt",
                subject=_l("Permintaan penawaran: %(title)s", title=rfq.title),
                rfq=rfq,
                business=business,
                link=link,
            )


def page_business_rfqs(business_id: int, *, page: int = 1) -> Page[Any]:
    """The business's requests, newest first, as (rfq, invites, submitted quotes); two queries."""
    invites = select(func.count(RfqInvite.id)).where(RfqInvite.rfq_id == Rfq.id).scalar_subquery()
    quotes = (
        select(func.count(Quote.id))
        .where(Quote.rfq_id == Rfq.id, Quote.status == QuoteStatus.SUBMITTED)
        .scalar_subquery()
    )
    stmt = (
        select(Rfq, invites.label("invites"), quotes.label("quotes"))
        .where(Rfq.business_id == business_id)
        .order_by(Rfq.created_at.desc(), Rfq.id.desc())
    )
    return paginate_rows(stmt, page=page, per_page=PER_PAGE)


def get_business_rfq(business_id: int, rfq_id: int) -> Rfq | None:
    """The business's request by id, or None (another business's request is not found)."""
    return db.session.scalar(select(Rfq).where(Rfq.id == rfq_id, Rfq.business_id == business_id))


def list_rfq_quotes(rfq_id: int, *, store_id: int | None = None) -> list[Any]:
    """Quotes of a request with (quote, store, variant, product, seller is PKP); one query."""
    stmt = (
        select(Quote, Store, ProductVariant, Product, SupplierProfile.is_pkp)
        .join(Store, Store.id == Quote.store_id)
        .join(ProductVariant, ProductVariant.id == Quote.variant_id)
        .join(Product, Product.id == ProductVariant.product_id)
        .outerjoin(SupplierProfile, SupplierProfile.store_id == Quote.store_id)
        .where(Quote.rfq_id == rfq_id)
        .order_by(Quote.id)
    )
    if store_id is not None:
        stmt = stmt.where(Quote.store_id == store_id)
    return list(db.session.execute(stmt).all())


def list_rfq_invites(rfq_id: int) -> list[tuple[RfqInvite, Store]]:
    """Invited stores of a request with their status; one query."""
    rows = db.session.execute(
        select(RfqInvite, Store)
        .join(Store, Store.id == RfqInvite.store_id)
        .where(RfqInvite.rfq_id == rfq_id)
        .order_by(Store.name, Store.id)
    )
    return [(invite, store) for invite, store in rows]


def list_rfq_events(rfq_id: int, *, store_id: int | None = None) -> list[Any]:
    """The request's timeline as (event, store name); for a seller (`store_id`) the request's
    own steps and that store's, not the other sellers'. One query."""
    stmt = (
        select(RfqEvent, Store.name)
        .outerjoin(Store, Store.id == RfqEvent.store_id)
        .where(RfqEvent.rfq_id == rfq_id)
        .order_by(RfqEvent.at, RfqEvent.id)
    )
    if store_id is not None:
        stmt = stmt.where(or_(RfqEvent.store_id.is_(None), RfqEvent.store_id == store_id))
    return list(db.session.execute(stmt).all())


def is_lapsed(rfq: Rfq, *, submitted_quotes: int, today: date | None = None) -> bool:
    """An open request past its respond-by date without a quote standing."""
    return rfq.status == RfqStatus.OPEN and rfq.respond_by < _today(today) and not submitted_quotes


def _mark_expired(quote: Quote, rfq: Rfq) -> None:
    quote.status = QuoteStatus.EXPIRED
    _event(rfq, "expired", actor=None, store_id=quote.store_id)


def accept_quote(
    rfq: Rfq,
    quote: Quote,
    *,
    actor: User,
    idempotency_key: str,
    pay_upfront: str | None = None,
    delivery_on: date | None = None,
    today: date | None = None,
) -> Checkout:
    """Buy the quoted variant and quantity at the quoted unit price through
    `place_wholesale_order` (approval threshold, credit limit, PPN apply); the quote becomes
    ACCEPTED with its order, the other standing quotes REJECTED, the request ACCEPTED.

    A quote past its validity is marked EXPIRED (flushed) before QuoteUnavailable(expired=True)
    is raised: commit to keep the mark, nothing else was written. Raises NotAllowed,
    NotVerified, QuoteUnavailable, InvalidRequest and what placing an order raises
    (CreditLimitExceeded...). Flushes.
    """
    business = db.session.get(Business, rfq.business_id)
    assert business is not None
    require(business, actor, "order", verified=True)
    today = _today(today)
    if quote.rfq_id != rfq.id:
        raise QuoteUnavailable()
    existing = find_checkout(actor, (idempotency_key or "").strip())
    if existing is not None and quote.status == QuoteStatus.ACCEPTED:
        return existing  # the same form sent twice
    if rfq.status != RfqStatus.OPEN or quote.status != QuoteStatus.SUBMITTED:
        raise QuoteUnavailable()
    if quote.valid_until < today:
        _mark_expired(quote, rfq)
        db.session.flush()
        raise QuoteUnavailable(expired=True)
    delivery_on = delivery_on or rfq.delivery_on
    if (delivery_on - today).days < quote.lead_time_days:
        raise InvalidRequest(
            _l(
                "Penjual butuh %(n)d hari: pilih tanggal kirim paling cepat %(d)s.",
                n=quote.lead_time_days,
                d=(today + timedelta(days=quote.lead_time_days)).strftime("%d-%m-%Y"),
            )
        )
    # One acceptance per request, even from two tabs at once: the row's status is the lock.
    claimed = db.session.execute(
        update(Rfq)
        .where(Rfq.id == rfq.id, Rfq.status == RfqStatus.OPEN)
        .values(status=RfqStatus.ACCEPTED, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise QuoteUnavailable()
    checkout = place_wholesale_order(
        business,
        actor=actor,
        purchase=WholesalePurchase(
            location_id=rfq.location_id,
            requested_delivery_on=delivery_on,
            idempotency_key=idempotency_key,
            pay_upfront=pay_upfront,
            note=_clean(f"{rfq.title}", 300),
            source="quote",
            today=today,
        ),
        lines=[
            WantedLine(
                variant_id=quote.variant_id,
                quantity=quote.quantity,
                unit_price_idr=quote.unit_price_idr,
            )
        ],
    )
    db.session.refresh(rfq)
    quote.status = QuoteStatus.ACCEPTED
    quote.order_id = checkout.orders[0].id
    _event(rfq, "accepted", actor=actor, store_id=quote.store_id, note=checkout.orders[0].number)
    for other in db.session.scalars(
        select(Quote).where(
            Quote.rfq_id == rfq.id, Quote.id != quote.id, Quote.status == QuoteStatus.SUBMITTED
        )
    ):
        other.status = QuoteStatus.REJECTED
        _event(rfq, "rejected", actor=actor, store_id=other.store_id)
    db.session.flush()
    return checkout


def close_rfq(rfq: Rfq, *, actor: User, reason: str = "") -> None:
    """The buyer closes an open request: standing quotes are rejected. Raises NotAllowed,
    NotVerified, InvalidRequest. Flushes."""
    business = db.session.get(Business, rfq.business_id)
    assert business is not None
    require(business, actor, "order", verified=True)
    if rfq.status != RfqStatus.OPEN:
        raise InvalidRequest(_l("Permintaan ini sudah ditutup."))
    rfq.status = RfqStatus.CLOSED
    for quote in rfq.quotes:
        if quote.status == QuoteStatus.SUBMITTED:
            quote.status = QuoteStatus.REJECTED
    _event(rfq, "closed", actor=actor, note=_clean(reason, 300))
    db.session.flush()


def expire_quotes(*, today: date | None = None) -> int:
    """Mark submitted quotes past their validity EXPIRED, with an event each; idempotent.
    Returns how many were marked. Flushes."""
    today = _today(today)
    lapsed = list(
        db.session.scalars(
            select(Quote)
            .where(Quote.status == QuoteStatus.SUBMITTED, Quote.valid_until < today)
            .order_by(Quote.id)
        )
    )
    for quote in lapsed:
        _mark_expired(quote, quote.rfq)
    db.session.flush()
    return len(lapsed)


# -- Seller side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteInput:
    """A seller's quote as typed."""

    variant_id: int
    unit_price_idr: int
    quantity: int
    valid_until: date
    lead_time_days: int
    note: str = ""


def page_store_invites(store_id: int, *, page: int = 1) -> Page[Any]:
    """Requests the store is invited to, newest first, as (invite, rfq, business); two queries."""
    stmt = (
        select(RfqInvite, Rfq, Business)
        .join(Rfq, Rfq.id == RfqInvite.rfq_id)
        .join(Business, Business.id == Rfq.business_id)
        .where(RfqInvite.store_id == store_id)
        .order_by(Rfq.created_at.desc(), Rfq.id.desc())
    )
    return paginate_rows(stmt, page=page, per_page=PER_PAGE)


def get_store_invite(store_id: int, rfq_id: int) -> RfqInvite | None:
    """The store's invitation to a request, or None when the store was not invited."""
    return db.session.scalar(
        select(RfqInvite).where(RfqInvite.rfq_id == rfq_id, RfqInvite.store_id == store_id)
    )


def list_quotable_variants(store_id: int) -> list[tuple[ProductVariant, Product]]:
    """The store's variants of active products, to quote with; one query."""
    rows = db.session.execute(
        select(ProductVariant, Product)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.store_id == store_id, Product.status == ProductStatus.ACTIVE)
        .order_by(Product.name, ProductVariant.id)
    )
    return [(v, p) for v, p in rows]


def _check_open_for_seller(rfq: Rfq, today: date) -> None:
    if rfq.status != RfqStatus.OPEN:
        raise InvalidRequest(_l("Permintaan ini sudah ditutup."))
    if rfq.respond_by < today:
        raise InvalidRequest(_l("Batas waktu penawaran sudah lewat."))


def submit_quote(
    invite: RfqInvite, *, actor: User, data: QuoteInput, today: date | None = None
) -> Quote:
    """An invited store quotes one of its own variants; the buyer gets an email.

    One standing quote per store: withdraw it to quote again. Raises InvalidRequest. Flushes.
    """
    require_store_member(invite.store_id, actor)
    today = _today(today)
    rfq = invite.rfq
    _check_open_for_seller(rfq, today)
    if invite.status == RfqInviteStatus.DECLINED:
        raise InvalidRequest(_l("Anda sudah menolak permintaan ini."))
    standing = db.session.scalar(
        select(Quote.id).where(
            Quote.rfq_id == rfq.id,
            Quote.store_id == invite.store_id,
            Quote.status == QuoteStatus.SUBMITTED,
        )
    )
    if standing is not None:
        raise InvalidRequest(_l("Penawaran Anda masih berlaku: tarik dulu untuk mengganti."))
    item = load_sellable([data.variant_id]).get(data.variant_id)
    if item is None or item.store.id != invite.store_id:
        raise InvalidRequest(_l("Pilih salah satu produk aktif toko Anda."))
    if not 1 <= data.quantity <= MAX_QUANTITY:
        raise InvalidRequest(_l("Jumlah harus angka 1 sampai 1.000.000."))
    if not 1 <= data.unit_price_idr <= MAX_UNIT_PRICE:
        raise InvalidRequest(_l("Harga per unit harus lebih dari 0."))
    if not today <= data.valid_until <= today + timedelta(days=MAX_QUOTE_DAYS):
        raise InvalidRequest(
            _l("Berlaku sampai: hari ini sampai %(n)d hari lagi.", n=MAX_QUOTE_DAYS)
        )
    if not 0 <= data.lead_time_days <= 365:
        raise InvalidRequest(_l("Waktu produksi 0 sampai 365 hari."))
    quote = Quote(
        rfq_id=rfq.id,
        store_id=invite.store_id,
        variant_id=data.variant_id,
        quantity=data.quantity,
        unit_price_idr=data.unit_price_idr,
        lead_time_days=data.lead_time_days,
        valid_until=data.valid_until,
        note=(data.note or "").strip()[:500],
        status=QuoteStatus.SUBMITTED,
        created_by_id=actor.id,
    )
    db.session.add(quote)
    invite.status = RfqInviteStatus.QUOTED
    db.session.flush()
    _event(
        rfq,
        "quoted",
        actor=actor,
        store_id=invite.store_id,
        note=f"{format_rupiah(quote.unit_price_idr)} × {quote.quantity}",
    )
    db.session.flush()
    _tell_buyer_quoted(rfq, quote, store=item.store)
    return quote


def _tell_buyer_quoted(rfq: Rfq, quote: Quote, *, store: Store) -> None:
    buyer = db.session.get(User, rfq.requested_by_id) if rfq.requested_by_id else None
    if buyer is None:
        return
    send_user_email(
        buyer,
        template="wholesale/email/rfq_quoted.txt",
        subject=_l("Penawaran baru untuk %(title)s", title=rfq.title),
        rfq=rfq,
        quote=quote,
        store=store,
        link=public_url("rfq.buyer_rfq", rfq_id=rfq.id),
    )


def decline_invite(
    invite: RfqInvite, *, actor: User, reason: str, today: date | None = None
) -> None:
    """An invited store declines, with a reason the buyer reads. Raises InvalidRequest."""
    require_store_member(invite.store_id, actor)
    _check_open_for_seller(invite.rfq, _today(today))
    reason = _clean(reason, 300)
    if len(reason) < 5:
        raise InvalidRequest(_l("Tuliskan alasan (paling sedikit 5 huruf)."))
    if invite.status != RfqInviteStatus.INVITED:
        raise InvalidRequest(_l("Tarik penawaran Anda dulu, atau Anda sudah menolak."))
    invite.status = RfqInviteStatus.DECLINED
    invite.decline_reason = reason
    _event(invite.rfq, "declined", actor=actor, store_id=invite.store_id, note=reason)
    db.session.flush()


def withdraw_quote(quote: Quote, *, actor: User) -> None:
    """The seller withdraws a standing quote; the store may quote again. Raises
    QuoteUnavailable when it is no longer standing. Flushes."""
    require_store_member(quote.store_id, actor)
    if quote.status != QuoteStatus.SUBMITTED or quote.rfq.status != RfqStatus.OPEN:
        raise QuoteUnavailable()
    quote.status = QuoteStatus.WITHDRAWN
    invite = db.session.scalar(
        select(RfqInvite).where(
            RfqInvite.rfq_id == quote.rfq_id, RfqInvite.store_id == quote.store_id
        )
    )
    if invite is not None:
        invite.status = RfqInviteStatus.INVITED
    _event(quote.rfq, "withdrawn", actor=actor, store_id=quote.store_id)
    db.session.flush()


def get_store_quote(store_id: int, rfq_id: int, quote_id: int) -> Quote | None:
    """The store's own quote on a request, or None."""
    return db.session.scalar(
        select(Quote).where(
            Quote.id == quote_id, Quote.rfq_id == rfq_id, Quote.store_id == store_id
        )
    )


def get_rfq_quote(rfq_id: int, quote_id: int) -> Quote | None:
    """A quote of this request, or None."""
    return db.session.scalar(select(Quote).where(Quote.id == quote_id, Quote.rfq_id == rfq_id))
