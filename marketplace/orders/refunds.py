"""Buyers' refund requests and their decision by the store's owner or an admin.

A buyer asks within REFUND_WINDOW_DAYS of delivery (or shipping, or completion) with a reason
and up to three photos, kept in private storage. Accepting pays the money back through
`fulfilment.refund_order` (the one money path, shared with cancellations) and keeps the
seller's ledger true: a refund after completion appends a REFUND entry reversing the credit
in proportion. Rejecting puts the order back where it was. Services flush; views commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select, update
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import FileStorage

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.images import process_image
from marketplace.core.mail import send_user_email
from marketplace.core.money import format_rupiah
from marketplace.core.storage import Storage, get_storage
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.fulfilment import refund_order, tell_buyer
from marketplace.orders.models import (
    LedgerEntry,
    LedgerKind,
    Order,
    OrderEvent,
    OrderStatus,
    Refund,
    RefundStatus,
)
from marketplace.orders.services import credit_sale, transition
from marketplace.stores.models import StoreMember, StoreRole

REASON_MIN = 10
REASON_MAX = 1000
DECISION_NOTE_MIN = 5
DECISION_NOTE_MAX = 300
MAX_PHOTOS = 3
PHOTO_PREFIX = "refund-photos"
PHOTO_CONTENT_TYPE = "image/webp"
DEFAULT_WINDOW_DAYS = 7

REFUNDABLE = frozenset({OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED})
# Where a rejected request sends the order back. ORDER_TRANSITIONS has no
# refund_requested -> shipped: a parcel whose refund was refused counts as delivered.
BACK_AFTER_REJECTION = {
    OrderStatus.SHIPPED: OrderStatus.DELIVERED,
    OrderStatus.DELIVERED: OrderStatus.DELIVERED,
    OrderStatus.COMPLETED: OrderStatus.COMPLETED,
}


# -- Errors ------------------------------------------------------------------------------------


class RefundNotAllowed(DomainError):
    """The order is not in a status a refund can be asked for (shipped, delivered, completed)."""

    code = "refund_not_allowed"
    message = _l("Pengembalian dana hanya bisa diajukan untuk pesanan yang sudah dikirim.")


class RefundWindowClosed(DomainError):
    """The refund window (REFUND_WINDOW_DAYS from delivery, shipping or completion) ended."""

    code = "refund_window_closed"

    def __init__(self, days: int) -> None:
        super().__init__(
            _l("Batas pengajuan pengembalian dana (%(days)d hari) sudah lewat.", days=days),
            days=days,
        )


class RefundAlreadyRequested(DomainError):
    """The order already has a refund request waiting for a decision."""

    code = "refund_already_requested"
    message = _l("Pengajuan pengembalian dana untuk pesanan ini sedang diproses.")


class InvalidRefundReason(DomainError):
    """The buyer's reason is too short or too long."""

    code = "invalid_refund_reason"
    message = _l(
        "Tuliskan alasan pengembalian dana (%(min)d–%(max)d huruf).",
        min=REASON_MIN,
        max=REASON_MAX,
    )


class TooManyPhotos(DomainError):
    """More photos than allowed were sent."""

    code = "too_many_photos"

    def __init__(self, limit: int = MAX_PHOTOS) -> None:
        super().__init__(_l("Maksimal %(n)d foto.", n=limit), limit=limit)


class RefundAlreadyDecided(DomainError):
    """The request was accepted or rejected already (perhaps by someone else just now)."""

    code = "refund_already_decided"
    message = _l("Pengajuan ini sudah diputuskan.")


class InvalidRefundAmount(DomainError):
    """A refund of less than Rp1 or more than the order's total."""

    code = "invalid_refund_amount"

    def __init__(self, total_idr: int) -> None:
        super().__init__(
            _l("Jumlah pengembalian harus antara Rp1 dan total pesanan."), total_idr=total_idr
        )


class DecisionNoteRequired(DomainError):
    """Rejecting needs a reason the buyer will read."""

    code = "decision_note_required"
    message = _l(
        "Tuliskan alasan penolakan (%(min)d–%(max)d huruf).",
        min=DECISION_NOTE_MIN,
        max=DECISION_NOTE_MAX,
    )


class NotAllowedToDecide(DomainError):
    """Only the store's owners and admins decide a refund."""

    code = "not_allowed_to_decide"
    message = _l("Hanya pemilik toko atau admin yang dapat memutuskan pengembalian dana.")


class NotYourOrder(DomainError):
    """The order was bought by someone else."""

    code = "not_your_order"
    message = _l("Pesanan tidak ditemukan.")


# -- Asking ------------------------------------------------------------------------------------


def window_days() -> int:
    """How many days after delivery (or shipping, or completion) a refund may be asked for."""
    return int(current_app.config.get("REFUND_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))


def refund_deadline(order: Order) -> datetime | None:
    """Until when the buyer may ask for a refund of this order (None: not yet shipped)."""
    start = order.delivered_at or order.shipped_at or order.completed_at
    return start + timedelta(days=window_days()) if start else None


def can_request_refund(order: Order, *, now: datetime | None = None) -> bool:
    """True while the order may get a refund request (status and window); no query."""
    deadline = refund_deadline(order)
    return order.status in REFUNDABLE and deadline is not None and (now or utcnow()) <= deadline


def request_refund(order: Order, *, buyer: User, reason: str, photos: list[FileStorage]) -> Refund:
    """The buyer asks for the order's money back, saying why, with up to three photos.

    The order moves to refund_requested; the store's owners are emailed after the commit.
    Raises NotYourOrder, RefundAlreadyRequested, RefundNotAllowed, RefundWindowClosed,
    InvalidRefundReason, TooManyPhotos, InvalidImage, IllegalTransition (changed meanwhile).
    Flushes.
    """
    if order.buyer_id != buyer.id:
        raise NotYourOrder()
    if order.status == OrderStatus.REFUND_REQUESTED or _has_open_request(order.id):
        raise RefundAlreadyRequested()
    if order.status not in REFUNDABLE:
        raise RefundNotAllowed(status=order.status)
    if not can_request_refund(order):
        raise RefundWindowClosed(window_days())
    reason = (reason or "").strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise InvalidRefundReason()
    uploads = [p for p in photos if p is not None and p.filename]
    if len(uploads) > MAX_PHOTOS:
        raise TooManyPhotos()
    # Every photo is checked before anything is written: one bad file refuses the request.
    prefix = f"{PHOTO_PREFIX}/{order.id}"
    processed = [process_image(upload.read(), prefix=prefix) for upload in uploads]
    largest = [image.renditions[-1] for image in processed]  # every detail of a damage kept

    transition(order, OrderStatus.REFUND_REQUESTED, actor=buyer, note=reason)
    refund = Refund(
        order_id=order.id,
        requested_by_id=buyer.id,
        status=RefundStatus.REQUESTED,
        reason=reason,
        photo_keys=list(dict.fromkeys(r.key for r in largest)),
        amount_idr=order.total_idr,
    )
    db.session.add(refund)
    db.session.flush()
    storage = photo_storage()
    for rendition in largest:
        storage.save(rendition.key, rendition.data, content_type=PHOTO_CONTENT_TYPE)
    _tell_owners(order, refund)
    return refund


def _has_open_request(order_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(Refund.order_id == order_id, Refund.status == RefundStatus.REQUESTED)
            )
        )
    )


def photo_storage() -> Storage:
    """Private storage: refund photos are served only through the app's access check."""
    return get_storage(current_app.config, visibility="private")


def open_refund_photo(refund: Refund, index: int) -> bytes | None:
    """The refund's `index`-th photo (WebP), or None if there is no such photo."""
    if not 0 <= index < len(refund.photo_keys or []):
        return None
    try:
        return photo_storage().open(refund.photo_keys[index])
    except FileNotFoundError:
        return None


# -- Deciding ----------------------------------------------------------------------------------


def may_decide(refund: Refund, user: User) -> bool:
    """Whether the user may decide the refund: an admin or an owner of the order's store."""
    if user.is_admin:
        return True
    store_id = select(Order.store_id).where(Order.id == refund.order_id).scalar_subquery()
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    StoreMember.store_id == store_id,
                    StoreMember.user_id == user.id,
                    StoreMember.role == StoreRole.OWNER,
                )
            )
        )
    )


def accept_refund(refund: Refund, *, actor: User, amount_idr: int | None = None) -> Refund:
    """Accept a buyer's request: the money goes back (all of it unless told) and the order
    becomes refunded; a seller already credited for it is debited in proportion.

    Raises NotAllowedToDecide, InvalidRefundAmount, RefundAlreadyDecided, IllegalTransition,
    InvalidRefund, ProviderUnavailable. Flushes; the buyer is emailed after the commit.
    """
    order = _order_of(refund)
    if not may_decide(refund, actor):
        raise NotAllowedToDecide()
    amount = order.total_idr if amount_idr is None else amount_idr
    if not 1 <= amount <= order.total_idr:
        raise InvalidRefundAmount(order.total_idr)
    _claim(refund, RefundStatus.ACCEPTED, actor=actor, note="")
    transition(order, OrderStatus.REFUNDED, actor=actor, note=format_rupiah(amount))
    _settle_ledger(order, refund_id=refund.id, refund_idr=amount)
    # Money last: every check that can still fail has run before the provider is called.
    return refund_order(order, amount_idr=amount, reason=refund.reason, actor=actor, refund=refund)


def reject_refund(refund: Refund, *, actor: User, reason: str) -> Refund:
    """Turn a buyer's request down, saying why: the order goes back to delivered (from shipped
    or delivered) or completed. Its earlier delivery and completion dates are kept, so a
    rejection does not extend the refund window (from shipped, delivery is dated now).

    Raises NotAllowedToDecide, DecisionNoteRequired, RefundAlreadyDecided, IllegalTransition.
    Flushes; the buyer is emailed after the commit.
    """
    order = _order_of(refund)
    if not may_decide(refund, actor):
        raise NotAllowedToDecide()
    note = " ".join((reason or "").split())
    if not DECISION_NOTE_MIN <= len(note) <= DECISION_NOTE_MAX:
        raise DecisionNoteRequired()
    _claim(refund, RefundStatus.REJECTED, actor=actor, note=note)
    came_from = db.session.scalar(
        select(OrderEvent.from_status)
        .where(
            OrderEvent.order_id == order.id,
            OrderEvent.to_status == OrderStatus.REFUND_REQUESTED,
        )
        .order_by(OrderEvent.id.desc())
        .limit(1)
    )
    back_to = BACK_AFTER_REJECTION.get(OrderStatus(came_from or OrderStatus.DELIVERED))
    kept = {"delivered_at": order.delivered_at, "completed_at": order.completed_at}
    transition(order, back_to or OrderStatus.DELIVERED, actor=actor, note=note)
    for name, value in kept.items():
        if value is not None:
            setattr(order, name, value)
    db.session.flush()
    tell_buyer(
        order,
        "orders/email/refund_rejected.txt",
        _l("Pengajuan pengembalian dana %(n)s ditolak", n=order.number),
        refund=refund,
    )
    return refund


def _order_of(refund: Refund) -> Order:
    order = db.session.get(Order, refund.order_id)
    assert order is not None
    return order


def _claim(refund: Refund, status: str, *, actor: User, note: str) -> None:
    """Decide the request once: a conditional UPDATE makes a concurrent decision lose."""
    now = utcnow()
    result = db.session.execute(
        update(Refund)
        .where(Refund.id == refund.id, Refund.status == RefundStatus.REQUESTED)
        .values(
            status=status,
            decided_by_id=actor.id,
            decided_at=now,
            decision_note=note,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise RefundAlreadyDecided()
    db.session.refresh(refund)


def _settle_ledger(order: Order, *, refund_id: int, refund_idr: int) -> None:
    """Keep the seller's earnings true after a refund of `refund_idr` of the order.

    Credited already (completed): a REFUND entry takes back the same share of the credit as
    the refund is of the total, in whole Rupiah rounded in the seller's favour, never more
    than was credited. Not credited yet and refunded in part: the order ends here, so the
    seller is credited now as on completion and debited the same way; the net is the same
    whether the refund came before or after completion. Refunded in full before completion:
    nothing was credited and nothing is written.
    """
    sale = db.session.scalar(
        select(LedgerEntry).where(
            LedgerEntry.order_id == order.id, LedgerEntry.kind == LedgerKind.SALE
        )
    )
    if sale is None:
        if refund_idr >= order.total_idr:
            return
        sale = _credit_sale(order)
    credited = sale.amount_idr
    taken_back = min(credited, credited * refund_idr // order.total_idr)
    if taken_back <= 0:
        return
    db.session.add(
        LedgerEntry(
            store_id=order.store_id,
            order_id=order.id,
            kind=LedgerKind.REFUND,
            amount_idr=-taken_back,
            memo=order.number,
            data={
                "refund_id": refund_id,
                "refund_idr": refund_idr,
                "total_idr": order.total_idr,
                "credited_idr": credited,
            },
        )
    )
    db.session.flush()


def _credit_sale(order: Order) -> LedgerEntry:
    entry = credit_sale(order, before_refund=True)
    db.session.flush()
    return entry


def _tell_owners(order: Order, refund: Refund) -> None:
    owners = db.session.scalars(
        select(User)
        .join(StoreMember, StoreMember.user_id == User.id)
        .where(StoreMember.store_id == order.store_id, StoreMember.role == StoreRole.OWNER)
        .order_by(User.id)
    )
    link = public_url("stores.seller_order", store_id=order.store_id, number=order.number)
    for owner in owners:
        send_user_email(
            owner,
            template="orders/email/refund_requested.txt",
            subject=_l("Pengajuan pengembalian dana: %(n)s", n=order.number),
            order=order,
            refund=refund,
            link=link,
        )


# -- Reading -----------------------------------------------------------------------------------


def get_open_refund(order_id: int) -> Refund | None:
    """The order's refund request waiting for a decision, if any."""
    return db.session.scalar(
        select(Refund).where(Refund.order_id == order_id, Refund.status == RefundStatus.REQUESTED)
    )


def get_latest_refund(order_id: int) -> Refund | None:
    """The order's most recent refund (asked for, or recorded by a cancellation), if any."""
    return db.session.scalar(
        select(Refund).where(Refund.order_id == order_id).order_by(Refund.id.desc()).limit(1)
    )


def get_refund(refund_id: int) -> Refund | None:
    """A refund by id (no access check: the caller checks)."""
    return db.session.get(Refund, refund_id)


def get_store_refund(store_id: int, refund_id: int) -> Refund | None:
    """A refund only if it is of an order of this store (the seller-side ownership check)."""
    return db.session.scalar(
        select(Refund)
        .join(Order, Order.id == Refund.order_id)
        .where(Refund.id == refund_id, Order.store_id == store_id)
    )


@dataclass(frozen=True)
class OpenRefundRow:
    """A row of the admins' list: the request, its order and store, and the buyer's name."""

    refund: Refund
    order: Order
    buyer_name: str


def list_open_refunds(*, limit: int = 200) -> list[OpenRefundRow]:
    """Refund requests waiting for a decision, oldest first; one query."""
    return _refund_rows(Refund.status == RefundStatus.REQUESTED, limit=limit)


def list_refunds_to_transfer(*, limit: int = 200) -> list[OpenRefundRow]:
    """Accepted refunds of bank-transfer payments the platform has not yet sent back (no
    transfer reference recorded), oldest first; one query."""
    return _refund_rows(
        Refund.status == RefundStatus.ACCEPTED, Refund.provider_ref.is_(None), limit=limit
    )


def _refund_rows(*conditions: Any, limit: int) -> list[OpenRefundRow]:
    rows = db.session.execute(
        select(Refund, Order, User.name)
        .join(Order, Order.id == Refund.order_id)
        .join(User, User.id == Order.buyer_id)
        .where(*conditions)
        .options(joinedload(Order.store))
        .order_by(Refund.created_at, Refund.id)
        .limit(limit)
    )
    return [OpenRefundRow(refund, order, name) for refund, order, name in rows]


class InvalidTransferReference(DomainError):
    """The bank transfer's reference is missing or too long."""

    code = "invalid_transfer_reference"
    message = _l("Isi nomor referensi transfer (paling banyak 80 huruf/angka).")


def record_refund_transfer(refund: Refund, *, admin: User, reference: str) -> bool:
    """Record the reference of the bank transfer that sent an accepted refund back; False if
    one was already recorded (nothing changes). Raises InvalidTransferReference."""
    reference = " ".join((reference or "").split())
    if not reference or len(reference) > 80 or refund.status != RefundStatus.ACCEPTED:
        raise InvalidTransferReference()
    result = db.session.execute(
        update(Refund)
        .where(Refund.id == refund.id, Refund.provider_ref.is_(None))
        .values(provider_ref=reference, decision_note=f"transfer: {admin.name}"[:300])
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return result.rowcount == 1
