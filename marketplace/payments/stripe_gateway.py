"""Card payments through Stripe: the only module that imports `stripe`.

The flow (it works the same against Stripe and against localstripe in tests):
1. The pay page mounts a Card Element (Stripe.js); on submit the browser turns the card into a
   payment method id (`pm_...`, or a tokenised card `card_...`) and posts it to us.
2. `pay_with_card` creates the checkout's PaymentIntent in IDR with that payment method and
   confirms it. A decline is recorded at once; 3-D Secure sends the client secret back to the
   page, which authenticates with `stripe.confirmCardPayment`.
3. Only the signed `payment_intent.succeeded` webhook marks the checkout paid. Events are
   stored once (a replay changes nothing) and may arrive before the buyer's browser returns.
A wholesale invoice is paid by card the same way (`pay_invoice_with_card`, its balance at that
moment); the webhook records an InvoicePayment, or refunds a card payment the invoice no longer
owes (paid by transfer or voided meanwhile).
Stripe counts IDR in hundredths: amounts are multiplied by 100 here and nowhere else.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import stripe
from flask import current_app
from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.errors import IllegalTransition
from marketplace.orders.models import Checkout
from marketplace.payments.base import (
    check_buyer_can_pay,
    check_member_can_pay_invoice,
    get_checkout,
    invoice_is_payable,
    latest_invoice_payment,
    lock_checkout,
    lock_invoice,
    lock_invoice_with_order,
    lock_payment,
    new_payment,
    open_invoice_payment,
    settle_payment,
)
from marketplace.payments.errors import (
    CardDeclined,
    InvalidPaymentMethod,
    InvalidRefund,
    ProviderUnavailable,
    WrongProvider,
)
from marketplace.payments.models import Payment, PaymentStatus, WebhookEvent
from marketplace.payments.notifications import notify_refunded
from marketplace.wholesale.models import Invoice, InvoicePayment

log = logging.getLogger("marketplace.payments.stripe")

PROVIDER = "stripe"
CURRENCY = "idr"
DEFAULT_JS_URL = "https://js.stripe.com/v3/"
AUTO_REFUND_PREFIX = "refunded:"
# A PaymentMethod from Stripe.js, or the card of a token (localstripe's Stripe.js makes those).
_PAYMENT_METHOD_RE = re.compile(r"(?:pm|card)_[A-Za-z0-9_]{1,120}")
_SETTLING = ("succeeded", "processing", "requires_capture")


def to_stripe_amount(amount_idr: int) -> int:
    """Whole rupiah -> Stripe's IDR unit (hundredths): Rp150.000 -> 15000000."""
    return amount_idr * 100


def from_stripe_amount(amount: int) -> int:
    """Stripe's IDR hundredths -> whole rupiah."""
    return amount // 100


def _client() -> stripe.StripeClient:
    cfg = current_app.config
    key, base = cfg["STRIPE_SECRET_KEY"], cfg.get("STRIPE_API_BASE")
    cache = current_app.extensions.setdefault("stripe_clients", {})
    if (key, base) not in cache:
        cache[(key, base)] = stripe.StripeClient(
            key, base_addresses={"api": base} if base else None, max_network_retries=0
        )
    return cache[(key, base)]


def stripe_js_url() -> str:
    """Where the page loads Stripe.js from (localstripe's copy in tests)."""
    return current_app.config.get("STRIPE_JS_URL") or DEFAULT_JS_URL


# -- The provider ----------------------------------------------------------------------------


class StripeCardProvider:
    """Cards through Stripe PaymentIntents."""

    name = PROVIDER
    template = "payments/_card.html"
    manual_refunds = False

    def start(self, checkout: Checkout) -> Payment:
        """A pending payment; its PaymentIntent comes when the buyer submits a card. Flushes."""
        return new_payment(checkout, provider=PROVIDER)

    def refund(
        self, payment: Payment, amount_idr: int, *, reason: str, reference: str | None = None
    ) -> str:
        """Refund (part of) a succeeded card payment through the Refunds API; returns `re_...`.

        `reference` makes the call idempotent when retried (e.g. the Refund row's id).
        Raises InvalidRefund, ProviderUnavailable.
        """
        if (
            payment.provider != PROVIDER
            or payment.status != PaymentStatus.SUCCEEDED
            or not payment.provider_ref
            or not 0 < amount_idr <= payment.amount_idr
        ):
            raise InvalidRefund(amount_idr=amount_idr)
        key = f"refund-{payment.provider_ref}-{reference}" if reference else None
        return refund_intent(payment.provider_ref, amount_idr, reason=reason, idempotency_key=key)

    def page_context(self, payment: Payment, checkout: Checkout) -> dict[str, Any]:
        """Publishable key, Stripe.js URL, and what Stripe says of the last attempt."""
        return {
            "publishable_key": current_app.config["STRIPE_PUBLISHABLE_KEY"],
            "stripe_js_url": stripe_js_url(),
            "intent": intent_state(payment),
        }


# -- Calls to Stripe -------------------------------------------------------------------------


def refund_intent(
    intent_id: str, amount_idr: int, *, reason: str, idempotency_key: str | None = None
) -> str:
    """Refund `amount_idr` of a PaymentIntent; returns the refund id. Raises ProviderUnavailable."""
    options: dict[str, Any] = {"idempotency_key": idempotency_key} if idempotency_key else {}
    try:
        refund = _client().v1.refunds.create(
            params={
                "payment_intent": intent_id,
                "amount": to_stripe_amount(amount_idr),
                "metadata": {"reason": reason[:500]},
            },
            options=options,  # type: ignore[arg-type]
        )
    except stripe.StripeError as exc:
        log.error("stripe refund of %s failed: %s", intent_id, type(exc).__name__)
        raise ProviderUnavailable() from exc
    return refund.id


@dataclass(frozen=True)
class IntentState:
    """What Stripe says of a PaymentIntent: its status and the last error's message."""

    status: str
    error: str | None = None

    @property
    def settling(self) -> bool:
        """The money is taken or being taken: the webhook will mark the checkout paid."""
        return self.status in _SETTLING


def intent_state(payment: Payment) -> IntentState | None:
    """The current PaymentIntent's state, or None (no intent yet, or Stripe unreachable)."""
    if not payment.provider_ref or payment.status not in (PaymentStatus.PENDING,):
        return None
    try:
        intent = _client().v1.payment_intents.retrieve(payment.provider_ref)
    except stripe.StripeError as exc:
        log.warning("stripe retrieve failed: %s", type(exc).__name__)
        return None
    error = getattr(intent, "last_payment_error", None)
    return IntentState(intent.status, error.message if error else None)


@dataclass(frozen=True)
class InvoiceCardState:
    """What an invoice's page says of its latest card attempt."""

    # "none" (no attempt, or one abandoned), "processing" (the bank is taking the money: the
    # webhook will record it), "failed" (with the bank's reason), "paid", "refunded" (came
    # after the invoice was paid another way or voided).
    state: str
    payment: Payment | None = None
    reason: str | None = None
    refund_ref: str | None = None


def invoice_card_state(invoice: Invoice, *, ask_stripe: bool = True) -> InvoiceCardState:
    """The latest card attempt on the invoice; asks Stripe about a pending one when
    `ask_stripe` (card payments configured)."""
    payment = latest_invoice_payment(invoice.id, provider=PROVIDER)
    if payment is None:
        return InvoiceCardState("none")
    if payment.status == PaymentStatus.SUCCEEDED:
        return InvoiceCardState("paid", payment)
    if payment.status == PaymentStatus.FAILED:
        return InvoiceCardState("failed", payment, reason=payment.failure_reason)
    if payment.status == PaymentStatus.CANCELLED:
        refund_ref = auto_refund_ref(payment)
        state = "refunded" if refund_ref else "none"
        return InvoiceCardState(state, payment, refund_ref=refund_ref)
    intent = intent_state(payment) if ask_stripe else None
    if intent is not None and intent.settling:
        return InvoiceCardState("processing", payment)
    if intent is not None and intent.error:
        return InvoiceCardState("failed", payment, reason=intent.error)
    return InvoiceCardState("none", payment)


def invoice_card_context() -> dict[str, Any]:
    """What the invoice card page's form needs: the publishable key and Stripe.js URL."""
    return {
        "publishable_key": current_app.config["STRIPE_PUBLISHABLE_KEY"],
        "stripe_js_url": stripe_js_url(),
    }


@dataclass(frozen=True)
class CardAttempt:
    """The outcome of a card submission, for the page's script."""

    status: str  # "settling", "requires_action" or "failed"
    client_secret: str | None = None
    message: str | None = None


def pay_with_card(payment: Payment, payment_method: str, *, buyer: User) -> CardAttempt:
    """Create the checkout's PaymentIntent with the buyer's card and confirm it.

    A new card after a failed or abandoned attempt gets a new intent (the old one is
    cancelled, so only one can ever take money). Never marks the checkout paid: the webhook
    does. Raises WrongProvider, NotYourPayment, PaymentClosed, InvalidPaymentMethod,
    ProviderUnavailable. Flushes (records the intent and any decline); the caller commits.
    """
    if payment.provider != PROVIDER or payment.checkout_id is None:
        raise WrongProvider(provider=payment.provider)
    # Locked while Stripe is called: a double submit or an early webhook waits its turn.
    checkout = lock_checkout(payment.checkout_id)
    payment = lock_payment(payment.id)
    check_buyer_can_pay(payment, checkout, buyer=buyer)
    if not _PAYMENT_METHOD_RE.fullmatch(payment_method or ""):
        raise InvalidPaymentMethod()
    attempt = payment.provider_ref or "first"  # a retry after a failure is a new request
    return _charge(
        payment,
        payment_method,
        amount_idr=checkout.amount_due_idr,
        metadata={"checkout": checkout.public_id, "payment": str(payment.id)},
        idempotency_key=f"{checkout.public_id}-{attempt}-{payment_method}",
    )


def pay_invoice_with_card(invoice: Invoice, payment_method: str, *, user: User) -> CardAttempt:
    """Pay a wholesale invoice's balance (as it is now) by card: create and confirm a
    PaymentIntent for the invoice's open card Payment (made on the first attempt, reused after
    a failure, its earlier intent cancelled).

    Never records the invoice payment: the signed `payment_intent.succeeded` webhook does.
    Raises NotYourPayment (not a member allowed to handle the business's invoices),
    PaymentClosed (paid, void, nothing left to pay), InvalidPaymentMethod, ProviderUnavailable.
    Flushes (the payment, its intent and any decline); the caller commits.
    """
    # Locked while Stripe is called: a double submit or an early webhook waits its turn.
    invoice = lock_invoice(invoice.id)
    check_member_can_pay_invoice(invoice, user=user)
    if not _PAYMENT_METHOD_RE.fullmatch(payment_method or ""):
        raise InvalidPaymentMethod()
    payment = lock_payment(open_invoice_payment(invoice, provider=PROVIDER).id)
    amount_idr = invoice.balance_idr
    attempt = payment.provider_ref or "first"
    return _charge(
        payment,
        payment_method,
        amount_idr=amount_idr,
        metadata={
            "invoice": str(invoice.id),
            "invoice_number": invoice.number,
            "payment": str(payment.id),
        },
        idempotency_key=(
            f"invoice-{invoice.id}-{payment.id}-{attempt}-{amount_idr}-{payment_method}"
        ),
    )


def _charge(
    payment: Payment,
    payment_method: str,
    *,
    amount_idr: int,
    metadata: dict[str, str],
    idempotency_key: str,
) -> CardAttempt:
    """Retire the payment's previous intent, then create and confirm a new one of
    `amount_idr` (the payment and what it pays are locked by the caller). Flushes."""
    client = _client()
    params: dict[str, Any] = {
        "amount": to_stripe_amount(amount_idr),
        "currency": CURRENCY,
        "payment_method_types": ["card"],
        "payment_method": payment_method,
        "metadata": metadata,
    }
    try:
        if payment.provider_ref and _retire_intent(client, payment.provider_ref):
            return CardAttempt("settling")
        intent = client.v1.payment_intents.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        log.warning("stripe create failed: %s", type(exc).__name__)
        raise ProviderUnavailable() from exc
    _record(payment, intent.id, status=PaymentStatus.PENDING, reason=None, amount_idr=amount_idr)
    try:
        intent = client.v1.payment_intents.confirm(intent.id)
    except stripe.CardError as exc:
        return _declined(payment, intent.id, exc.user_message)
    except stripe.StripeError as exc:
        log.warning("stripe confirm failed: %s", type(exc).__name__)
        raise ProviderUnavailable() from exc
    if intent.status == "requires_action":
        return CardAttempt("requires_action", client_secret=intent.client_secret)
    if intent.status in _SETTLING:
        return CardAttempt("settling")
    error = getattr(intent, "last_payment_error", None)
    return _declined(payment, intent.id, error.message if error else None)


def _retire_intent(client: stripe.StripeClient, intent_id: str) -> bool:
    """Cancel the previous intent before a new attempt; True if it is already taking money."""
    intent = client.v1.payment_intents.retrieve(intent_id)
    if intent.status in _SETTLING:
        return True
    if intent.status != "canceled":
        client.v1.payment_intents.cancel(intent_id)
    return False


def _declined(payment: Payment, intent_id: str, message: str | None) -> CardAttempt:
    # Stripe's own words (English) are kept for the record; the buyer reads ours.
    reason = (message or str(CardDeclined.message))[:200]
    _record(payment, intent_id, status=PaymentStatus.FAILED, reason=reason)
    return CardAttempt("failed", message=str(CardDeclined.message))


def _record(
    payment: Payment,
    intent_id: str,
    *,
    status: str,
    reason: str | None,
    amount_idr: int | None = None,
) -> None:
    """Store the attempt's intent, status (and amount), unless a webhook settled the payment
    meanwhile."""
    values: dict[str, Any] = {
        "provider_ref": intent_id,
        "status": status,
        "failure_reason": reason,
        "updated_at": utcnow(),
    }
    if amount_idr is not None:
        values["amount_idr"] = amount_idr
    db.session.execute(
        update(Payment)
        .where(
            Payment.id == payment.id,
            Payment.status.in_([PaymentStatus.PENDING, PaymentStatus.FAILED]),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(payment)


# -- Webhooks --------------------------------------------------------------------------------


class InvalidWebhook(Exception):
    """A request to the webhook URL that is not a correctly signed Stripe event."""


def verify_webhook(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event, if signed with STRIPE_WEBHOOK_SECRET recently. Raises InvalidWebhook."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise InvalidWebhook("webhook secret not configured")
    try:
        # Five minutes, as Stripe's own libraries default to: a captured event replays no later.
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance=300)
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise InvalidWebhook(type(exc).__name__) from exc
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        raise InvalidWebhook("not an event")
    return event


def handle_event(event: dict[str, Any]) -> bool:
    """Store a verified event once and apply it; False for a replay (nothing changes).

    Handles payment_intent.succeeded and payment_intent.payment_failed; other types are
    stored and ignored. A concurrent twin delivery fails at flush or commit with an
    IntegrityError (the caller rolls back: the other delivery did the work). Flushes.
    """
    seen = db.session.scalar(
        select(WebhookEvent.id).where(
            WebhookEvent.provider == PROVIDER, WebhookEvent.event_id == event["id"]
        )
    )
    if seen is not None:
        return False
    row = WebhookEvent(
        provider=PROVIDER,
        event_id=event["id"][:80],
        type=str(event.get("type", ""))[:60],
        payload=event,
    )
    db.session.add(row)
    db.session.flush()
    handler = _HANDLERS.get(row.type)
    data = (event.get("data") or {}).get("object")
    if handler is not None and isinstance(data, dict):
        handler(data)
    row.processed_at = utcnow()
    db.session.flush()
    return True


def _payment_id_for_intent(intent: dict[str, Any]) -> int | None:
    """Our payment an intent is for: by its id, else (the webhook came before the intent's id
    was committed) by the checkout or invoice named in its metadata."""
    payment_id = db.session.scalar(
        select(Payment.id).where(Payment.provider_ref == intent.get("id"))
    )
    if payment_id is not None:
        return payment_id
    metadata = intent.get("metadata") or {}
    if "invoice" in metadata:
        try:
            invoice_id, metadata_payment_id = int(metadata["invoice"]), int(metadata["payment"])
        except (KeyError, TypeError, ValueError):
            return None
        return db.session.scalar(
            select(Payment.id).where(
                Payment.id == metadata_payment_id,
                Payment.invoice_id == invoice_id,
                Payment.provider == PROVIDER,
            )
        )
    checkout = get_checkout(str(metadata.get("checkout", "")))
    if checkout is None:
        return None
    return db.session.scalar(
        select(Payment.id).where(Payment.checkout_id == checkout.id, Payment.provider == PROVIDER)
    )


def _payment_for_intent(intent: dict[str, Any]) -> tuple[Checkout, Payment] | None:
    """The checkout and payment a checkout's intent is for, both locked."""
    payment_id = _payment_id_for_intent(intent)
    if payment_id is None:
        return None
    payment = db.session.get(Payment, payment_id)
    assert payment is not None and payment.checkout_id is not None
    checkout = lock_checkout(payment.checkout_id)
    return checkout, lock_payment(payment_id)


def _invoice_id_of(intent: dict[str, Any]) -> tuple[int, int] | None:
    """(invoice id, payment id) when the intent pays a wholesale invoice."""
    payment_id = _payment_id_for_intent(intent)
    if payment_id is None:
        return None
    invoice_id = db.session.scalar(select(Payment.invoice_id).where(Payment.id == payment_id))
    return (invoice_id, payment_id) if invoice_id is not None else None


def _on_succeeded(intent: dict[str, Any]) -> None:
    for_invoice = _invoice_id_of(intent)
    if for_invoice is not None:
        _on_invoice_succeeded(intent, *for_invoice)
        return
    found = _payment_for_intent(intent)
    if found is None:
        log.warning("payment_intent.succeeded for an unknown intent %s", intent.get("id"))
        return
    checkout, payment = found
    intent_id = str(intent["id"])
    amount = from_stripe_amount(int(intent.get("amount_received") or intent.get("amount") or 0))
    if intent.get("currency") != CURRENCY or amount != checkout.amount_due_idr:
        log.error("intent %s does not match its checkout's amount; not applied", intent_id)
        return
    try:
        note = f"stripe {intent_id}"
        settled = settle_payment(payment, actor=None, note=note, provider_ref=intent_id)
    except IllegalTransition:
        _refund_late_payment(checkout, payment, intent_id, amount, why="checkout closed")
        return
    if not settled and payment.provider_ref != intent_id:
        _refund_late_payment(checkout, payment, intent_id, amount, why="already paid")


def _on_invoice_succeeded(intent: dict[str, Any], invoice_id: int, payment_id: int) -> None:
    """Record a card payment of an invoice (once), or refund it when the invoice no longer
    owes that much (paid by transfer or voided meanwhile)."""
    from marketplace.wholesale.invoices import record_invoice_payment, wib_today

    invoice = lock_invoice_with_order(invoice_id)
    payment = lock_payment(payment_id)
    intent_id = str(intent["id"])
    amount = from_stripe_amount(int(intent.get("amount_received") or intent.get("amount") or 0))
    if intent.get("currency") != CURRENCY or amount < 1:
        log.error("intent %s is not a rupiah amount; not applied", intent_id)
        return
    recorded = db.session.scalar(
        select(InvoicePayment.id).where(
            InvoicePayment.invoice_id == invoice.id,
            InvoicePayment.method == "card",
            InvoicePayment.reference == intent_id,
        )
    )
    if recorded is not None:
        return  # the same money seen twice (another event of the same intent)
    if (
        payment.status == PaymentStatus.SUCCEEDED
        or not invoice_is_payable(invoice)
        or amount > invoice.balance_idr
    ):
        _refund_invoice_card(invoice, payment, intent_id, amount)
        return
    record_invoice_payment(
        invoice,
        amount_idr=amount,
        reference=intent_id,
        paid_on=wib_today(),
        actor=None,
        method="card",
    )
    now = utcnow()
    db.session.execute(
        update(Payment)
        .where(Payment.id == payment.id)
        .values(
            status=PaymentStatus.SUCCEEDED,
            provider_ref=intent_id,
            amount_idr=amount,
            failure_reason=None,
            succeeded_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(payment)


def _refund_invoice_card(invoice: Invoice, payment: Payment, intent_id: str, amount: int) -> None:
    """Card money for an invoice that no longer owes it: give it all back at once."""
    why = f"invoice {invoice.number} {invoice.status}, balance {invoice.balance_idr}"
    refund_id = refund_intent(
        intent_id, amount, reason=why, idempotency_key=f"auto-refund-{intent_id}"
    )
    log.info("refunded intent %s (%s): %s", intent_id, why, refund_id)
    if payment.status != PaymentStatus.SUCCEEDED:
        payment.status = PaymentStatus.CANCELLED
        payment.failure_reason = f"{AUTO_REFUND_PREFIX}{refund_id}"
        db.session.flush()


def _refund_late_payment(
    checkout: Checkout, payment: Payment, intent_id: str, amount_idr: int, *, why: str
) -> None:
    """Money arrived for a checkout that can no longer take it: give it back at once."""
    refund_id = refund_intent(
        intent_id, amount_idr, reason=why, idempotency_key=f"auto-refund-{intent_id}"
    )
    log.info("refunded intent %s (%s): %s", intent_id, why, refund_id)
    if payment.status != PaymentStatus.SUCCEEDED:
        payment.status = PaymentStatus.CANCELLED
        payment.failure_reason = f"{AUTO_REFUND_PREFIX}{refund_id}"
        db.session.flush()
    notify_refunded(checkout, amount_idr=amount_idr)


def auto_refund_ref(payment: Payment) -> str | None:
    """The refund id when a late card payment was given back automatically."""
    reason = payment.failure_reason or ""
    if not reason.startswith(AUTO_REFUND_PREFIX):
        return None
    return reason.removeprefix(AUTO_REFUND_PREFIX)


def _on_failed(intent: dict[str, Any]) -> None:
    for_invoice = _invoice_id_of(intent)
    if for_invoice is not None:
        lock_invoice(for_invoice[0])
        payment = lock_payment(for_invoice[1])
    else:
        found = _payment_for_intent(intent)
        if found is None:
            return
        _, payment = found
    if payment.provider_ref not in (None, intent.get("id")):
        return  # an earlier attempt's intent: the current one decides
    error = intent.get("last_payment_error") or {}
    reason = str(error.get("message") or CardDeclined.message)[:200]
    _record(payment, str(intent["id"]), status=PaymentStatus.FAILED, reason=reason)


_HANDLERS = {
    "payment_intent.succeeded": _on_succeeded,
    "payment_intent.payment_failed": _on_failed,
}
