"""Bank transfer to the platform's account: proof upload by the buyer, review by an admin.

The amount due carries a 3-digit unique code (set by `place_checkout`) so that a transfer in
the bank statement can be matched to its checkout. Proofs go through the image pipeline (a
clean WebP, metadata stripped) into private storage; only the buyer and admins see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.core.db import after_commit, utcnow
from marketplace.core.images import process_image
from marketplace.core.storage import get_storage
from marketplace.extensions import db
from marketplace.orders.errors import IllegalTransition
from marketplace.orders.models import Checkout
from marketplace.payments.base import (
    check_buyer_can_pay,
    lock_checkout,
    lock_payment,
    new_payment,
    settle_payment,
)
from marketplace.payments.errors import (
    InvalidRefund,
    NothingToReview,
    PaymentClosed,
    ReasonRequired,
    RefundReferenceRequired,
    WrongProvider,
)
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.payments.notifications import notify_proof_rejected

PROVIDER = "bank_transfer"
PROOF_PREFIX = "payment-proofs"
PROOF_CONTENT_TYPE = "image/webp"
MAX_REASON = 200


class BankTransferProvider:
    """Manual transfer to BANK_TRANSFER_ACCOUNT, confirmed by an admin from a queue."""

    name = PROVIDER
    template = "payments/_bank_transfer.html"
    manual_refunds = True

    def start(self, checkout: Checkout) -> Payment:
        """A pending payment of the amount due (unique code included). Flushes."""
        return new_payment(checkout, provider=PROVIDER)

    def refund(
        self, payment: Payment, amount_idr: int, *, reason: str, reference: str | None = None
    ) -> str:
        """Record a refund made by hand to the buyer's account; returns its transfer reference.

        Raises InvalidRefund, RefundReferenceRequired.
        """
        _check_refund(payment, amount_idr)
        reference = " ".join((reference or "").split())
        if not reference or len(reference) > 80:
            raise RefundReferenceRequired()
        return reference

    def page_context(self, payment: Payment, checkout: Checkout) -> dict[str, Any]:
        """The platform's account and the amount split into what was bought and the code."""
        return {
            "account": current_app.config["BANK_TRANSFER_ACCOUNT"],
            "base_idr": checkout.amount_due_idr - checkout.unique_code,
        }


def _check_refund(payment: Payment, amount_idr: int) -> None:
    if payment.status != PaymentStatus.SUCCEEDED or not 0 < amount_idr <= payment.amount_idr:
        raise InvalidRefund(amount_idr=amount_idr)


def _bank_payment(payment: Payment) -> None:
    if payment.provider != PROVIDER:
        raise WrongProvider(provider=payment.provider)


def proof_storage() -> Any:
    """Private storage: proofs are never served by URL, only through the app's access check."""
    return get_storage(current_app.config, visibility="private")


def submit_proof(payment: Payment, file: bytes, *, buyer: User) -> Payment:
    """Keep the buyer's transfer proof (any earlier one is replaced) for an admin to review.

    Allowed while the checkout's window lasts, also after a rejection. Raises WrongProvider,
    NotYourPayment, PaymentClosed, InvalidImage (nothing is stored then). Flushes.
    """
    _bank_payment(payment)
    checkout = lock_checkout(payment.checkout_id)
    payment = lock_payment(payment.id)
    check_buyer_can_pay(payment, checkout, buyer=buyer)
    processed = process_image(file, prefix=f"{PROOF_PREFIX}/{checkout.id}")
    largest = processed.renditions[-1]  # small text on a receipt needs every pixel kept
    storage = proof_storage()
    storage.save(largest.key, largest.data, content_type=PROOF_CONTENT_TYPE)
    previous = payment.proof_key
    payment.proof_key = largest.key
    payment.proof_uploaded_at = utcnow()
    payment.status = PaymentStatus.PROOF_SUBMITTED
    payment.failure_reason = None
    payment.reviewed_by_id = None
    payment.reviewed_at = None
    db.session.flush()
    if previous and previous != largest.key:
        # The replaced proof goes once the new one is committed (less personal data kept).
        after_commit(db.session(), lambda: storage.delete(previous))
    return payment


def open_proof(payment: Payment) -> bytes | None:
    """The stored proof image (WebP), or None if there is none."""
    if not payment.proof_key:
        return None
    try:
        return proof_storage().open(payment.proof_key)
    except FileNotFoundError:
        return None


def confirm_transfer(payment: Payment, *, admin: User) -> bool:
    """An admin saw the money arrive: the checkout and its orders become paid; emails follow.

    Idempotent: False when it was already confirmed. Raises WrongProvider, PaymentClosed
    (the checkout expired or was cancelled: the money must be sent back by hand). Flushes.
    """
    _bank_payment(payment)
    checkout = lock_checkout(payment.checkout_id)
    payment = lock_payment(payment.id)
    if payment.status == PaymentStatus.SUCCEEDED:
        return False
    if payment.status == PaymentStatus.CANCELLED:
        raise PaymentClosed()
    try:
        return settle_payment(payment, actor=admin, note="bank transfer confirmed")
    except IllegalTransition as exc:
        raise PaymentClosed(status=checkout.status) from exc


def reject_transfer(payment: Payment, *, admin: User, reason: str) -> Payment:
    """An admin refuses the proof, saying why; the buyer may upload another in the window.

    Raises WrongProvider, ReasonRequired, NothingToReview (no proof waiting, or another admin
    decided meanwhile). Flushes; the buyer is emailed after the commit.
    """
    _bank_payment(payment)
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > MAX_REASON:
        raise ReasonRequired()
    checkout = lock_checkout(payment.checkout_id)
    now = utcnow()
    result = db.session.execute(
        update(Payment)
        .where(Payment.id == payment.id, Payment.status == PaymentStatus.PROOF_SUBMITTED)
        .values(
            status=PaymentStatus.FAILED,
            failure_reason=reason,
            reviewed_by_id=admin.id,
            reviewed_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise NothingToReview()
    db.session.refresh(payment)
    notify_proof_rejected(checkout, reason=reason)
    return payment


@dataclass(frozen=True)
class TransferToReview:
    """A row of the admin queue: the payment, its checkout and the buyer's name and email."""

    payment: Payment
    checkout: Checkout
    buyer_name: str
    buyer_email: str


def list_transfers_to_review(*, limit: int = 200) -> list[TransferToReview]:
    """Bank transfers with a proof waiting for an admin, oldest proof first; one query."""
    rows = db.session.execute(
        select(Payment, Checkout, User.name, User.email)
        .join(Checkout, Checkout.id == Payment.checkout_id)
        .join(User, User.id == Checkout.buyer_id)
        .where(Payment.provider == PROVIDER, Payment.status == PaymentStatus.PROOF_SUBMITTED)
        .order_by(Payment.proof_uploaded_at, Payment.id)
        .limit(limit)
    )
    return [TransferToReview(p, c, name, email) for p, c, name, email in rows]
