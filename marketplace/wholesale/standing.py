"""Standing (recurring) orders: the same goods from one store to one outlet every week.

A business sets one up once (approved once when a period's total is above its approval
threshold); the daily job `run_standing_orders` places each week's order through
`ordering.place_wholesale_order` a lead time ahead of the delivery day. On payment terms the
order starts confirmed and the seller accepts it in its order queue ("Terima & proses") or
cancels it with a reason; a cash-before-delivery business gets the bank-transfer payment email.
When stock, weekly capacity or credit is short, or a product is no longer sold, that week is
skipped, the standing order pauses with the reason, and both sides are told.

Each week of delivery (ISO week, "2026-W48") has one `StandingOrderRun` row, unique per standing
order: it is inserted before the order is placed, so that a second run, or two runs at once,
make one order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.catalog.models import Product, ProductVariant
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.mail import send_user_email
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.cart import load_sellable
from marketplace.orders.models import PaymentMethod
from marketplace.stores.models import Store, StoreStatus
from marketplace.wholesale.access import can, member_role, require
from marketplace.wholesale.errors import (
    ApprovalClosed,
    InvalidRequest,
    OrderRowsInvalid,
    SelfApproval,
)
from marketplace.wholesale.models import (
    TERM_DAYS,
    Business,
    BusinessLocation,
    BusinessMember,
    BusinessRole,
    StandingOrder,
    StandingOrderLine,
    StandingOrderRun,
    StandingStatus,
    SupplierProfile,
    WholesaleOffer,
)
from marketplace.wholesale.ordering import (
    WantedLine,
    WholesalePurchase,
    _wholesale_shipping,
    capacity_left,
    load_offers,
    place_wholesale_order,
)
from marketplace.wholesale.pricing import ppn, quantity_problem, unit_price

log = logging.getLogger("marketplace.wholesale.standing")

# The pause reason of a standing order above the approval threshold until an approver says yes.
AWAITING_APPROVAL = "menunggu persetujuan"
MAX_LINES = 30


# -- Dates -----------------------------------------------------------------------------------


def local_today() -> date:
    """Today in the platform's zone (WIB): a job run at 06:00 WIB runs for that day, not for
    the UTC day before."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).date()


def period_of(day: date) -> str:
    """The ISO week of a delivery date, "2026-W48": one order per standing order per period."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def lead_time_of(offers: Iterable[WholesaleOffer]) -> int:
    """Days needed before a delivery: the longest lead time of the offers, at least one."""
    return max([offer.lead_time_days for offer in offers] + [1])


def next_delivery_on(standing: StandingOrder, *, today: date, lead_time_days: int) -> date | None:
    """The first date on the standing order's weekday at least `lead_time_days` (one at least)
    after today and not before it starts; None once that is after its end date."""
    earliest = max(today + timedelta(days=max(lead_time_days, 1)), standing.starts_on)
    day = earliest + timedelta(days=(standing.weekday - earliest.weekday()) % 7)
    if standing.ends_on is not None and day > standing.ends_on:
        return None
    return day


def _text(message: Any) -> str:
    """A message as stored text (pause and skip reasons), in the platform's language."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(message)[:300]


# -- Setting up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandingLineInput:
    """A variant and the quantity delivered every period."""

    variant_id: int
    quantity: int


@dataclass(frozen=True)
class StandingInput:
    """What the business fills in: where, which weekday, from when until when, what."""

    location_id: int
    weekday: int
    starts_on: date
    ends_on: date | None
    lines: Sequence[StandingLineInput]
    name: str = ""
    note: str = ""


def get_supplier_store(store_id: int) -> Store | None:
    """A live store open to business buyers, or None."""
    return db.session.scalar(
        select(Store)
        .join(SupplierProfile, SupplierProfile.store_id == Store.id)
        .where(Store.id == store_id, Store.status == StoreStatus.LIVE, SupplierProfile.is_open)
    )


def _check_input(
    business: Business, store: Store, data: StandingInput, *, today: date, new_start: bool
) -> dict[int, WholesaleOffer]:
    """The offers of the lines when everything can be ordered; raises InvalidRequest or
    OrderRowsInvalid (row numbers of `data.lines`, from 1)."""
    location = db.session.get(BusinessLocation, data.location_id)
    if location is None or location.business_id != business.id or not location.is_active:
        raise InvalidRequest(_l("Pilih lokasi pengiriman usaha Anda."))
    if not 0 <= data.weekday <= 6:
        raise InvalidRequest(_l("Pilih hari pengiriman."))
    if new_start and not today <= data.starts_on <= today + timedelta(days=366):
        raise InvalidRequest(
            _l("Tanggal mulai harus hari ini atau sesudahnya (paling lama 1 tahun).")
        )
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise InvalidRequest(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if not data.lines:
        raise InvalidRequest(_l("Isi paling sedikit satu produk."))
    if len(data.lines) > MAX_LINES:
        raise InvalidRequest(_l("Paling banyak %(n)d produk per pesanan rutin.", n=MAX_LINES))
    ids = [line.variant_id for line in data.lines]
    sellable = load_sellable(ids)
    offers = load_offers(ids)
    problems: dict[int, Any] = {}
    seen: set[int] = set()
    for row, line in enumerate(data.lines, start=1):
        item, offer = sellable.get(line.variant_id), offers.get(line.variant_id)
        if line.variant_id in seen:
            problems[row] = _l("Produk yang sama dua kali: gabungkan jumlahnya dalam satu baris.")
        elif item is None or item.store.id != store.id:
            problems[row] = _l("Produk tidak tersedia di toko ini.")
        elif offer is None:
            problems[row] = _l("Produk ini tidak dijual grosir.")
        else:
            # Made to order: a week's whole capacity is the most one delivery can ask for.
            weekly = offer.weekly_capacity if offer.lead_time_days else None
            problem = quantity_problem(offer, line.quantity, capacity_left=weekly)
            if problem is not None:
                problems[row] = problem
        seen.add(line.variant_id)
    if problems:
        raise OrderRowsInvalid(problems)
    return offers


def period_estimate(
    store_id: int,
    lines: Iterable[StandingLineInput | StandingOrderLine],
    offers: dict[int, WholesaleOffer],
    *,
    location_id: int,
) -> int:
    """One period at tier prices with the store's delivery to the location and PPN when the
    seller is PKP: what each generated order should cost."""
    lines = list(lines)
    goods = 0
    for line in lines:
        offer = offers.get(line.variant_id)
        price = unit_price(offer, line.quantity) if offer else None
        goods += (price or 0) * line.quantity
    is_pkp = db.session.scalar(
        select(SupplierProfile.is_pkp).where(SupplierProfile.store_id == store_id)
    )
    store = db.session.get(Store, store_id)
    location = db.session.get(BusinessLocation, location_id)
    shipping = 0
    if store is not None and location is not None:
        weights = dict(
            db.session.execute(
                select(ProductVariant.id, ProductVariant.weight_grams).where(
                    ProductVariant.id.in_([line.variant_id for line in lines])
                )
            ).all()
        )
        weight = sum(weights.get(line.variant_id, 0) * line.quantity for line in lines)
        try:
            shipping = _wholesale_shipping(
                store, destination_region=location.region_code, weight=weight
            ).cost_idr
        except InvalidRequest:
            shipping = 0
    return ppn(goods + shipping, is_pkp=bool(is_pkp)).total_idr


def _needs_approval(business: Business, total_idr: int) -> bool:
    threshold = business.approval_threshold_idr
    return threshold is not None and total_idr > threshold


def _members(business_id: int, roles: Iterable[str], *, but: int | None = None) -> list[User]:
    stmt = (
        select(User)
        .join(BusinessMember, BusinessMember.user_id == User.id)
        .where(BusinessMember.business_id == business_id, BusinessMember.role.in_(list(roles)))
        .order_by(User.id)
    )
    if but is not None:
        stmt = stmt.where(User.id != but)
    return list(db.session.scalars(stmt))


def _tell_approvers(business: Business, standing: StandingOrder, *, total_idr: int) -> None:
    requested_by = db.session.get(User, standing.created_by_id) if standing.created_by_id else None
    names = _names([line.variant_id for line in standing.lines])
    items = [(names.get(line.variant_id, "?"), line.quantity) for line in standing.lines]
    for approver in _members(
        business.id, [BusinessRole.OWNER, BusinessRole.APPROVER], but=standing.created_by_id
    ):
        send_user_email(
            approver,
            template="wholesale/email/standing_approval_needed.txt",
            subject=_l("Pesanan rutin menunggu persetujuan Anda"),
            business=business,
            standing=standing,
            requested_by=requested_by,
            total_idr=total_idr,
            items=items,
            link=public_url("standing.list_standing"),
        )


def create_standing_order(
    business: Business,
    *,
    actor: User,
    store_id: int,
    data: StandingInput,
    today: date | None = None,
) -> StandingOrder:
    """A business's standing order with one store: active at once, or paused "menunggu
    persetujuan" while a period's total is above the business's approval threshold.

    Raises NotAllowed, NotVerified, InvalidRequest, OrderRowsInvalid. Flushes.
    """
    require(business, actor, "order", verified=True)
    today = today or local_today()
    store = get_supplier_store(store_id)
    if store is None:
        raise InvalidRequest(_l("Toko ini tidak menerima pesanan grosir."))
    offers = _check_input(business, store, data, today=today, new_start=True)
    total = period_estimate(store.id, data.lines, offers, location_id=data.location_id)
    waits = _needs_approval(business, total)
    standing = StandingOrder(
        business_id=business.id,
        store_id=store.id,
        location_id=data.location_id,
        created_by_id=actor.id,
        name=(" ".join(data.name.split()) or store.name)[:80],
        weekday=data.weekday,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        status=StandingStatus.PAUSED if waits else StandingStatus.ACTIVE,
        pause_reason=AWAITING_APPROVAL if waits else "",
        note=" ".join(data.note.split())[:300],
        approval_requested_by_id=actor.id,
        approved_at=None if waits else utcnow(),
    )
    standing.lines = [
        StandingOrderLine(variant_id=line.variant_id, quantity=line.quantity) for line in data.lines
    ]
    db.session.add(standing)
    db.session.flush()
    if waits:
        _tell_approvers(business, standing, total_idr=total)
    return standing


def _lock(standing: StandingOrder) -> StandingOrder:
    """Re-read the standing order under a row lock (the job and the business's buttons)."""
    db.session.execute(
        select(StandingOrder)
        .where(StandingOrder.id == standing.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return standing


def _business_of(standing: StandingOrder) -> Business:
    business = db.session.get(Business, standing.business_id)
    assert business is not None
    return business


def update_standing_order(
    standing: StandingOrder, *, actor: User, data: StandingInput, today: date | None = None
) -> StandingOrder:
    """Change where, when and what (not the store). Changed goods above the approval threshold
    wait for an approver again. Raises NotAllowed, NotVerified, InvalidRequest,
    OrderRowsInvalid. Flushes."""
    business = _business_of(standing)
    require(business, actor, "order", verified=True)
    today = today or local_today()
    _lock(standing)
    if standing.status == StandingStatus.ENDED:
        raise InvalidRequest(_l("Pesanan rutin ini sudah berakhir."))
    store = db.session.get(Store, standing.store_id)
    assert store is not None
    offers = _check_input(
        business, store, data, today=today, new_start=data.starts_on != standing.starts_on
    )
    standing.name = (" ".join(data.name.split()) or standing.name)[:80]
    standing.location_id = data.location_id
    standing.weekday = data.weekday
    standing.starts_on = data.starts_on
    standing.ends_on = data.ends_on
    standing.note = " ".join(data.note.split())[:300]
    wanted = {line.variant_id: line.quantity for line in data.lines}
    current = {line.variant_id: line for line in standing.lines}
    if wanted == {v: line.quantity for v, line in current.items()}:
        db.session.flush()
        return standing
    # In place (not delete-all-and-add): a variant kept keeps its row and its unique key.
    for variant_id, line in current.items():
        if variant_id not in wanted:
            standing.lines.remove(line)
        else:
            line.quantity = wanted[variant_id]
    for variant_id, quantity in wanted.items():
        if variant_id not in current:
            standing.lines.append(StandingOrderLine(variant_id=variant_id, quantity=quantity))
    total = period_estimate(store.id, data.lines, offers, location_id=data.location_id)
    if _needs_approval(business, total):
        standing.approved_at, standing.approved_by_id = None, None
        standing.approved_total_idr = None
        standing.approval_requested_by_id = actor.id
        standing.status, standing.pause_reason = StandingStatus.PAUSED, AWAITING_APPROVAL
        db.session.flush()
        _tell_approvers(business, standing, total_idr=total)
        return standing
    if standing.approved_at is None:
        standing.approved_at = utcnow()
        if standing.pause_reason == AWAITING_APPROVAL:
            standing.status, standing.pause_reason = StandingStatus.ACTIVE, ""
    db.session.flush()
    return standing


def pause_standing_order(standing: StandingOrder, *, actor: User) -> None:
    """The business pauses an active standing order. Raises NotAllowed, InvalidRequest."""
    require(_business_of(standing), actor, "order", verified=True)
    _lock(standing)
    if standing.status != StandingStatus.ACTIVE:
        raise InvalidRequest(_l("Hanya pesanan rutin yang aktif dapat dijeda."))
    standing.status = StandingStatus.PAUSED
    standing.pause_reason = _text(_l("Dijeda oleh %(name)s.", name=actor.name))
    db.session.flush()


def resume_standing_order(standing: StandingOrder, *, actor: User) -> None:
    """The business resumes a paused (and approved) standing order; a week skipped for a
    problem is tried again at the next run. Raises NotAllowed, InvalidRequest."""
    require(_business_of(standing), actor, "order", verified=True)
    _lock(standing)
    if standing.status != StandingStatus.PAUSED:
        raise InvalidRequest(_l("Hanya pesanan rutin yang dijeda dapat dilanjutkan."))
    if standing.approved_at is None:
        raise InvalidRequest(_l("Pesanan rutin ini masih menunggu persetujuan."))
    standing.status, standing.pause_reason = StandingStatus.ACTIVE, ""
    db.session.flush()


def end_standing_order(standing: StandingOrder, *, actor: User) -> None:
    """The business ends a standing order for good (orders already made stay). Raises
    NotAllowed, InvalidRequest."""
    require(_business_of(standing), actor, "order", verified=True)
    _lock(standing)
    if standing.status == StandingStatus.ENDED:
        raise InvalidRequest(_l("Pesanan rutin ini sudah berakhir."))
    standing.status, standing.pause_reason = StandingStatus.ENDED, ""
    db.session.flush()


def decide_standing_order(
    standing: StandingOrder, *, actor: User, approve: bool, note: str = ""
) -> None:
    """An approver (not its creator) approves a standing order waiting for approval (it
    starts running) or rejects it (it ends). Raises NotAllowed, SelfApproval, ApprovalClosed,
    InvalidRequest. Flushes."""
    require(_business_of(standing), actor, "approve", verified=True)
    if (standing.approval_requested_by_id or standing.created_by_id) == actor.id:
        raise SelfApproval()
    note = " ".join((note or "").split())[:300]
    if not approve and len(note) < 5:
        raise InvalidRequest(_l("Tuliskan alasan penolakan (paling sedikit 5 huruf)."))
    _lock(standing)
    if standing.approved_at is not None or standing.status == StandingStatus.ENDED:
        raise ApprovalClosed()
    if not approve:
        standing.status = StandingStatus.ENDED
        standing.pause_reason = _text(_l("Ditolak: %(note)s", note=note))
    else:
        standing.approved_at, standing.approved_by_id = utcnow(), actor.id
        standing.approved_total_idr = period_estimate(
            standing.store_id,
            standing.lines,
            load_offers([line.variant_id for line in standing.lines]),
            location_id=standing.location_id,
        )
        if standing.pause_reason == AWAITING_APPROVAL:
            standing.status, standing.pause_reason = StandingStatus.ACTIVE, ""
    db.session.flush()


# -- The job ---------------------------------------------------------------------------------


@dataclass
class RunResult:
    """What one run did: orders created; standing orders skipped because their period already
    had a run (an earlier or a concurrent job); standing orders paused for a problem (their
    run row holds the reason); standing orders ended (past their end date); failures (an
    unexpected error, rolled back and logged: the next run tries again)."""

    created: int = 0
    skipped: int = 0
    paused: int = 0
    ended: int = 0
    failed: int = 0
    order_ids: list[int] = field(default_factory=list)


def run_standing_orders(*, today: date | None = None) -> RunResult:
    """Place this period's order of every active standing order, one transaction (and commit)
    each, so one failing never stops the others. Idempotent per period; safe when two runs
    overlap. A job: it commits."""
    today = today or local_today()
    result = RunResult()
    ids = list(
        db.session.scalars(
            select(StandingOrder.id)
            .where(StandingOrder.status == StandingStatus.ACTIVE)
            .order_by(StandingOrder.id)
        )
    )
    db.session.commit()
    for standing_id in ids:
        try:
            outcome, order_id = _run_one(standing_id, today=today)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("standing order %s: run failed", standing_id)
            result.failed += 1
            continue
        if outcome in ("created", "skipped", "paused", "ended"):
            setattr(result, outcome, getattr(result, outcome) + 1)
        if order_id is not None:
            result.order_ids.append(order_id)
    return result


def _actor_for(standing: StandingOrder, business: Business) -> User | None:
    """Who the orders are placed as: the creator while they may still order, else an owner."""
    if standing.created_by_id is not None and can(
        member_role(business.id, standing.created_by_id), "order"
    ):
        return db.session.get(User, standing.created_by_id)
    owners = _members(business.id, [BusinessRole.OWNER])
    return owners[0] if owners else None


def _claim_run(
    standing: StandingOrder, *, period: str, delivery_on: date
) -> StandingOrderRun | None:
    """This period's run row, inserted now; None when the period already has its run (an order
    made, or a concurrent job at it). A period skipped for a problem is claimed again once the
    standing order was resumed."""
    run = StandingOrderRun(standing_order_id=standing.id, period=period, delivery_on=delivery_on)
    try:
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        existing = db.session.scalar(
            select(StandingOrderRun).where(
                StandingOrderRun.standing_order_id == standing.id,
                StandingOrderRun.period == period,
            )
        )
        if existing is None:
            raise
        claimed = db.session.execute(
            update(StandingOrderRun)
            .where(
                StandingOrderRun.id == existing.id,
                StandingOrderRun.order_id.is_(None),
                StandingOrderRun.skipped_reason != "",
            )
            .values(skipped_reason="", delivery_on=delivery_on, created_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            return None
        db.session.refresh(existing)
        return existing
    return run


def _names(variant_ids: Sequence[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(ProductVariant.id, Product.name, ProductVariant.label)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.id.in_(list(variant_ids)))
    )
    return {vid: f"{name} ({label})" if label else name for vid, name, label in rows}


def _problem(
    standing: StandingOrder, offers: dict[int, WholesaleOffer], *, delivery_on: date
) -> Any | None:
    """Why this period cannot be ordered as it stands (a message), or None."""
    ids = [line.variant_id for line in standing.lines]
    if not ids:
        return _l("Pesanan rutin ini tidak berisi produk.")
    location = db.session.get(BusinessLocation, standing.location_id)
    if location is None or not location.is_active:
        return _l("Lokasi pengiriman tidak aktif lagi: pilih lokasi lain.")
    sellable = load_sellable(ids)
    names = _names(ids)
    for line in standing.lines:
        name = names.get(line.variant_id, "?")
        item, offer = sellable.get(line.variant_id), offers.get(line.variant_id)
        if item is None or offer is None or offer.store_id != standing.store_id:
            return _l("%(name)s tidak dijual grosir lagi.", name=name)
        if offer.lead_time_days == 0 and item.variant.stock < line.quantity:
            return _l(
                "Stok %(name)s kurang: perlu %(n)d, tersisa %(left)d.",
                name=name,
                n=line.quantity,
                left=max(item.variant.stock, 0),
            )
        problem = quantity_problem(
            offer, line.quantity, capacity_left=capacity_left(offer, delivery_on)
        )
        if problem is not None:
            return _l("%(name)s: %(problem)s", name=name, problem=problem)
    return None


def _reason(exc: DomainError) -> Any:
    if isinstance(exc, OrderRowsInvalid):
        return "; ".join(str(p) for p in exc.problems.values())
    return exc.message


def _run_one(standing_id: int, *, today: date) -> tuple[str, int | None]:
    """One standing order's period: ("created", order id), ("skipped"|"paused"|"ended"|
    "not_due"|"inactive", None). Flushes; the caller commits."""
    standing = db.session.scalars(
        select(StandingOrder)
        .where(StandingOrder.id == standing_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if standing is None or standing.status != StandingStatus.ACTIVE:
        return "inactive", None
    offers = load_offers([line.variant_id for line in standing.lines])
    lead = lead_time_of(offers.values())
    delivery_on = next_delivery_on(standing, today=today, lead_time_days=lead)
    if delivery_on is None:
        standing.status, standing.pause_reason = StandingStatus.ENDED, ""
        return "ended", None
    if delivery_on >= today + timedelta(days=max(lead, 1) + 7):
        # Starts later: its first order is placed in the week before, not months ahead.
        return "not_due", None
    run = _claim_run(standing, period=period_of(delivery_on), delivery_on=delivery_on)
    if run is None:
        return "skipped", None
    business = _business_of(standing)
    reason = _problem(standing, offers, delivery_on=delivery_on)
    order_id = None
    if reason is None:
        actor = _actor_for(standing, business)
        if actor is None:
            reason = _l("Tidak ada anggota usaha yang boleh memesan.")
        else:
            try:
                order_id = _place(standing, business, actor=actor, run=run, today=today)
            except DomainError as exc:
                reason = _reason(exc)
    if reason is not None:
        _pause(standing, business, run=run, reason=_text(reason))
        return "paused", None
    run.order_id = order_id
    db.session.flush()
    return "created", order_id


def _place(
    standing: StandingOrder,
    business: Business,
    *,
    actor: User,
    run: StandingOrderRun,
    today: date,
) -> int:
    """Place the period's order (rolled back to the savepoint when refused); the order id."""
    on_terms = TERM_DAYS.get(business.payment_terms) is not None
    with db.session.begin_nested():
        checkout = place_wholesale_order(
            business,
            actor=actor,
            purchase=WholesalePurchase(
                location_id=standing.location_id,
                requested_delivery_on=run.delivery_on,
                idempotency_key=f"standing-{standing.id}-{run.period}",
                pay_upfront=None if on_terms else PaymentMethod.BANK_TRANSFER,
                note=standing.note,
                source="standing",
                today=today,
            ),
            lines=[
                WantedLine(variant_id=line.variant_id, quantity=line.quantity)
                for line in standing.lines
            ],
            # Approved once, up to the amount approved: a dearer week waits for an approver.
            approved_up_to_idr=standing.approved_total_idr if standing.approved_by_id else None,
        )
    return checkout.orders[0].id


def _pause(
    standing: StandingOrder, business: Business, *, run: StandingOrderRun, reason: str
) -> None:
    run.skipped_reason = reason or "-"
    standing.status, standing.pause_reason = StandingStatus.PAUSED, reason
    db.session.flush()
    from marketplace.payments.notifications import list_store_owners

    store = db.session.get(Store, standing.store_id)
    context = {
        "standing": standing,
        "business": business,
        "store": store,
        "reason": reason,
        "delivery_on": run.delivery_on,
    }
    subject = _l("Pesanan rutin dijeda: %(name)s", name=standing.name)
    for user in _members(business.id, [BusinessRole.OWNER, BusinessRole.BUYER]):
        send_user_email(
            user,
            template="wholesale/email/standing_paused.txt",
            subject=subject,
            for_seller=False,
            link=public_url("standing.list_standing"),
            **context,
        )
    for owner in list_store_owners([standing.store_id])[standing.store_id]:
        send_user_email(
            owner,
            template="wholesale/email/standing_paused.txt",
            subject=subject,
            for_seller=True,
            link=public_url("standing.seller_standing", store_id=standing.store_id),
            **context,
        )
