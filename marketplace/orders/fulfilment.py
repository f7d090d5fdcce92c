"""Fulfilment: the seller processes and ships, the buyer confirms or cancels, jobs complete.

Every status change goes through `services.transition` (the transition table and an event).
Services flush; views and commands commit.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.mail import send_user_email
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.errors import IllegalTransition
from marketplace.orders.models import (
    Checkout,
    CheckoutStatus,
    Order,
    OrderChannel,
    OrderStatus,
    Refund,
    RefundStatus,
)
from marketplace.orders.services import complete_order, release_stock, transition
from marketplace.shipping.rates import LOCAL, PICKUP

TRACKING_RE = re.compile(r"^[A-Za-z0-9-]{6,40}$")


class InvalidShipment(DomainError):
    """The courier or tracking number (resi) is missing or malformed."""

    code = "invalid_shipment"
    message = _l("Isi nama kurir dan nomor resi (6–40 huruf/angka).")


class ProofUnderReview(DomainError):
    """The buyer sent a transfer proof that an admin has not decided on yet."""

    code = "proof_under_review"
    message = _l(
        "Bukti transfer Anda sedang diperiksa admin, jadi pesanan belum bisa dibatalkan. "
        "Tunggu keputusannya (biasanya kurang dari 1 hari kerja)."
    )


class ReasonRequired(DomainError):
    """Cancelling needs a reason the buyer will read."""

    code = "reason_required"
    message = _l("Tuliskan alasan pembatalan (paling sedikit 5 huruf).")


def process_order(order: Order, *, actor: User) -> None:
    """The seller accepts a paid order (or a wholesale order confirmed on payment terms) and
    starts preparing it. Raises IllegalTransition."""
    transition(order, OrderStatus.PROCESSING, actor=actor)


def ship_order(order: Order, *, actor: User, courier: str, tracking_no: str) -> None:
    """The seller hands the parcel to the courier (or sets out to deliver it).

    Pick-up orders need no tracking number. Raises InvalidShipment, IllegalTransition.
    """
    courier = " ".join(courier.split())[:40]
    tracking_no = tracking_no.strip().upper()
    if order.shipping_code != "pickup":
        if not courier or not TRACKING_RE.match(tracking_no):
            raise InvalidShipment()
        order.courier, order.tracking_no = courier, tracking_no
    transition(order, OrderStatus.SHIPPED, actor=actor, note=tracking_no)
    days = order.etd_max_days + current_app.config["AUTO_COMPLETE_DAYS"]
    order.auto_complete_at = utcnow() + timedelta(days=days)
    if order.channel == OrderChannel.WHOLESALE:
        # The seller's invoice to the business is issued when the goods leave.
        from marketplace.wholesale.invoices import issue_invoice

        issue_invoice(order, actor=actor)
    tell_buyer(order, "orders/email/shipped.txt", _l("Pesanan %(n)s dikirim", n=order.number))
    db.session.flush()


def mark_delivered(order: Order, *, actor: User | None) -> None:
    """The parcel arrived (seller's own delivery, or courier status). Raises IllegalTransition."""
    transition(order, OrderStatus.DELIVERED, actor=actor, only_from={OrderStatus.SHIPPED})
    order.auto_complete_at = utcnow() + timedelta(days=current_app.config["AUTO_COMPLETE_DAYS"])
    tell_buyer(order, "orders/email/delivered.txt", _l("Pesanan %(n)s sampai", n=order.number))
    db.session.flush()


def confirm_received(order: Order, *, buyer: User) -> None:
    """The buyer confirms receipt: the order completes and the seller is credited.

    Not while a refund is being decided (only the decision moves it on). Raises
    IllegalTransition.
    """
    if order.status not in {OrderStatus.SHIPPED, OrderStatus.DELIVERED}:
        raise IllegalTransition(order.status, OrderStatus.COMPLETED)
    complete_order(order, actor=buyer, note="confirmed by buyer")


def mark_delivered_by_seller(order: Order, *, actor: User) -> None:
    """The seller says the parcel arrived: only for its own delivery or a pick-up (a
    courier's parcel is confirmed by the buyer). Raises IllegalTransition."""
    if order.shipping_code not in {LOCAL, PICKUP}:
        raise IllegalTransition(order.status, OrderStatus.DELIVERED)
    mark_delivered(order, actor=actor)


def cancel_by_seller(order: Order, *, actor: User, reason: str) -> Refund | None:
    """The seller cancels before shipping: stock returns, a paid order is refunded.

    Raises ReasonRequired, IllegalTransition.
    """
    if order.status not in {OrderStatus.PAID, OrderStatus.CONFIRMED, OrderStatus.PROCESSING}:
        raise IllegalTransition(order.status, OrderStatus.CANCELLED)
    return _cancel(order, actor=actor, reason=reason)


def cancel_by_buyer(order: Order, *, buyer: User, reason: str) -> Refund | None:
    """The buyer cancels before the seller starts processing (unpaid: the whole checkout).

    Raises ReasonRequired, IllegalTransition.
    """
    if order.status not in {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID}:
        raise IllegalTransition(order.status, OrderStatus.CANCELLED)
    if order.status == OrderStatus.PENDING_PAYMENT:
        return _cancel_unpaid_checkout(order.checkout, buyer=buyer, reason=reason)
    return _cancel(order, actor=buyer, reason=reason)


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())[:200]
    if len(reason) < 5:
        raise ReasonRequired()
    return reason


def _cancel(order: Order, *, actor: User, reason: str) -> Refund | None:
    reason = _clean_reason(reason)
    # A wholesale order on payment terms was never paid: nothing to refund.
    was_paid = order.checkout.status == CheckoutStatus.PAID
    transition(order, OrderStatus.CANCELLED, actor=actor, note=reason)
    order.cancel_reason = reason
    release_stock(order)
    refund = None
    if was_paid:
        refund = refund_order(order, amount_idr=order.total_idr, reason=reason, actor=actor)
    db.session.flush()
    return refund


def _cancel_unpaid_checkout(checkout: Checkout, *, buyer: User, reason: str) -> None:
    """One payment covers every order of a checkout: before it, they are cancelled together."""
    from marketplace.orders.services import _cancel_payment
    from marketplace.payments.base import get_payment
    from marketplace.payments.models import PaymentStatus

    reason = _clean_reason(reason)
    payment = get_payment(checkout)
    if payment is not None and payment.status == PaymentStatus.PROOF_SUBMITTED:
        # The money may already be on its way: an admin decides on the proof first.
        raise ProofUnderReview()
    claimed = db.session.execute(
        update(Checkout)
        .where(Checkout.id == checkout.id, Checkout.status == CheckoutStatus.PENDING_PAYMENT)
        .values(status=CheckoutStatus.CANCELLED, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise IllegalTransition(checkout.status, CheckoutStatus.CANCELLED)
    checkout.status = CheckoutStatus.CANCELLED
    pending = [o for o in checkout.orders if o.status == OrderStatus.PENDING_PAYMENT]
    for order in pending:
        transition(order, OrderStatus.CANCELLED, actor=buyer, note=reason)
        order.cancel_reason = reason
    release_stock(*pending)
    if checkout.business_id is not None:
        from marketplace.wholesale.ordering import release_requests

        release_requests(checkout, note=reason)
    _cancel_payment(checkout)
    db.session.flush()


def refund_order(
    order: Order,
    *,
    amount_idr: int,
    reason: str,
    actor: User | None,
    refund: Refund | None = None,
) -> Refund:
    """Give money of a paid order back through its payment provider (card: Stripe refund; bank
    transfer: recorded for the platform to transfer back) and tell the buyer.

    The one money path of refunds: a cancellation records a new accepted refund; a buyer's
    request (`refund`, see `orders.refunds.accept_refund`) is decided accepted. Raises
    InvalidRefund, ProviderUnavailable. Flushes.
    """
    from marketplace.payments.base import refund_payment

    # A cancellation happens once per order, a decision once per request: either keys the
    # provider call, so a retried request is never paid out twice.
    reference = f"pasarikm-cancel-{order.id}" if refund is None else ""
    if refund is None:
        refund = Refund(order_id=order.id, requested_by_id=actor.id if actor else None)
        refund.reason = reason
        db.session.add(refund)
    refund.status = RefundStatus.ACCEPTED
    refund.amount_idr = amount_idr
    refund.decided_by_id = actor.id if actor else None
    refund.decided_at = utcnow()
    db.session.flush()
    refund.provider_ref = refund_payment(
        order.checkout,
        amount_idr=amount_idr,
        reason=reason,
        reference=reference or f"pasarikm-refund-{refund.id}",
    )
    db.session.flush()
    tell_buyer(
        order,
        "orders/email/refund_decided.txt",
        _l("Dana pesanan %(n)s", n=order.number),
        refund=refund,
    )
    return refund


def autocomplete_orders(*, now: datetime | None = None) -> int:
    """Complete shipped/delivered orders whose confirmation window ended; commits per order.

    Idempotent: each order is moved by a conditional UPDATE, so two runs complete it once.
    """
    from marketplace.orders.errors import IllegalTransition

    now = now or utcnow()
    ids = list(
        db.session.scalars(
            select(Order.id).where(
                Order.status.in_([OrderStatus.SHIPPED, OrderStatus.DELIVERED]),
                Order.auto_complete_at < now,
            )
        )
    )
    done = 0
    for order_id in ids:
        order = db.session.get(Order, order_id, populate_existing=True)
        if order is None:
            continue
        try:
            complete_order(order, actor=None, note="completed automatically")
        except IllegalTransition:
            db.session.rollback()
            continue
        db.session.commit()
        done += 1
    return done


def tell_buyer(order: Order, template: str, subject: object, **context: object) -> None:
    buyer = db.session.get(User, order.buyer_id)
    if buyer is None:
        return
    send_user_email(
        buyer,
        template=template,
        subject=subject,
        order=order,
        link=public_url("orders.my_order", number=order.number),
        **context,
    )
