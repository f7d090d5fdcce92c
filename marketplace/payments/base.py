"""The payment-method interface, the provider registry, and what every provider shares.

A checkout's `payment_method` ("bank_transfer", "card", later "va", "qris", "ewallet") picks a
provider here; orders never know which one. A new gateway implements `PaymentProvider`, is
registered with `register_provider`, and adds its partial template for the pay page.

A Payment pays either a checkout (one per checkout) or a wholesale invoice by card (several
over time, at most one open: created and reused under the invoice's row lock).
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Checkout, CheckoutStatus
from marketplace.orders.services import mark_checkout_paid
from marketplace.payments.errors import NotYourPayment, PaymentClosed, WrongProvider
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.wholesale.models import Invoice

OPEN_STATUSES = (PaymentStatus.PENDING, PaymentStatus.PROOF_SUBMITTED, PaymentStatus.FAILED)


class PaymentProvider(Protocol):
    """One way to pay a checkout (bank transfer, Stripe card; VA, QRIS, e-wallet later)."""

    name: str  # stored in Payment.provider
    template: str  # the pay page's partial for this provider
    # True when money goes back by hand (bank transfer): a refund is decided now and the
    # platform records the transfer's reference later.
    manual_refunds: bool

    def start(self, checkout: Checkout) -> Payment:
        """Create the checkout's Payment row (no network call). Flushes."""
        ...

    def refund(
        self, payment: Payment, amount_idr: int, *, reason: str, reference: str | None = None
    ) -> str:
        """Give money back; returns the provider's refund reference. Raises InvalidRefund."""
        ...

    def page_context(self, payment: Payment, checkout: Checkout) -> dict[str, Any]:
        """What the provider's partial needs on the pay page (may ask the provider's API)."""
        ...


_PROVIDERS: dict[str, PaymentProvider] = {}


def register_provider(method: str, provider: PaymentProvider) -> None:
    """Make `provider` the one for checkouts paid with `method`."""
    _PROVIDERS[method] = provider


def _load_defaults() -> None:
    if _PROVIDERS:
        return
    from marketplace.payments.bank_transfer import BankTransferProvider
    from marketplace.payments.stripe_gateway import StripeCardProvider

    register_provider("bank_transfer", BankTransferProvider())
    register_provider("card", StripeCardProvider())


def get_provider(method: str) -> PaymentProvider:
    """The provider for a checkout's payment method. Raises WrongProvider for an unknown one."""
    _load_defaults()
    try:
        return _PROVIDERS[method]
    except KeyError:
        raise WrongProvider(method=method) from None


def provider_of(payment: Payment) -> PaymentProvider:
    """The provider that handles an existing payment (by its stored name)."""
    _load_defaults()
    for provider in _PROVIDERS.values():
        if provider.name == payment.provider:
            return provider
    raise WrongProvider(provider=payment.provider)


def start_payment(checkout: Checkout) -> Payment:
    """The checkout's one Payment, created by its method's provider if not there yet. Flushes.

    Called right after `place_checkout`, in the same transaction; never calls a network API
    (a card's PaymentIntent is created when the buyer submits the card). Raises WrongProvider.
    """
    existing = get_payment(checkout)
    if existing is not None:
        return existing
    return get_provider(checkout.payment_method).start(checkout)


def new_payment(checkout: Checkout, *, provider: str) -> Payment:
    """A pending Payment of the checkout's amount due (for providers' `start`). Flushes."""
    payment = Payment(
        checkout_id=checkout.id,
        provider=provider,
        status=PaymentStatus.PENDING,
        amount_idr=checkout.amount_due_idr,
    )
    db.session.add(payment)
    db.session.flush()
    return payment


def refund_payment(
    checkout: Checkout, *, amount_idr: int, reason: str, reference: str
) -> str | None:
    """Give money of a paid checkout back through its provider; returns the provider's
    refund reference, or None when the platform transfers it back by hand (bank transfer).

    `reference` makes the provider call idempotent (a retried refund is not paid twice).
    Raises InvalidRefund.
    """
    from marketplace.payments.errors import InvalidRefund

    payment = get_payment(checkout)
    if payment is None or payment.status != PaymentStatus.SUCCEEDED:
        raise InvalidRefund(amount_idr=amount_idr)
    provider = provider_of(payment)
    if provider.manual_refunds:
        return None
    return provider.refund(payment, amount_idr, reason=reason, reference=reference)


def get_payment(checkout: Checkout) -> Payment | None:
    """The checkout's payment, if started."""
    return db.session.scalar(select(Payment).where(Payment.checkout_id == checkout.id))


def get_checkout_for_buyer(public_id: str, buyer_id: int) -> Checkout | None:
    """A checkout by its public id, only if `buyer_id` placed it."""
    return db.session.scalar(
        select(Checkout).where(Checkout.public_id == public_id, Checkout.buyer_id == buyer_id)
    )


def get_checkout(public_id: str) -> Checkout | None:
    """A checkout by its public id (for admins: no ownership check)."""
    return db.session.scalar(select(Checkout).where(Checkout.public_id == public_id))


def _locked(model: Any, row_id: int) -> Any:
    row = db.session.scalar(
        select(model)
        .where(model.id == row_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


def lock_checkout(checkout_id: int) -> Checkout:
    """The checkout row, locked until commit and re-read (lock order: checkout, then payment)."""
    return _locked(Checkout, checkout_id)


def lock_payment(payment_id: int) -> Payment:
    """The payment row, locked until commit and re-read; take the checkout's (or the
    invoice's) lock first."""
    return _locked(Payment, payment_id)


def lock_invoice(invoice_id: int) -> Invoice:
    """The invoice row, locked until commit and re-read (lock order: the invoice's order,
    then the invoice, then its payment, as recording an invoice payment does)."""
    return _locked(Invoice, invoice_id)


def lock_invoice_with_order(invoice_id: int) -> Invoice:
    """The invoice's order, then the invoice, both locked until commit and re-read."""
    from marketplace.orders.models import Order

    order_id = db.session.scalar(select(Invoice.order_id).where(Invoice.id == invoice_id))
    assert order_id is not None
    _locked(Order, order_id)
    return lock_invoice(invoice_id)


# -- Card payments of wholesale invoices ------------------------------------------------------


def invoice_is_payable(invoice: Invoice) -> bool:
    """True while the invoice is open (issued, partially paid, overdue) and has a balance."""
    from marketplace.wholesale.invoices import OPEN_STATUSES as OPEN_INVOICE_STATUSES

    return invoice.status in OPEN_INVOICE_STATUSES and invoice.balance_idr > 0


def check_member_can_pay_invoice(invoice: Invoice, *, user: User) -> None:
    """Raise NotYourPayment unless the user is a member of the invoice's business allowed
    to handle invoices, PaymentClosed unless the invoice still has a balance to pay."""
    from marketplace.wholesale.access import can, member_role

    if not can(member_role(invoice.business_id, user.id), "invoices"):
        raise NotYourPayment()
    if not invoice_is_payable(invoice):
        raise PaymentClosed()


def latest_invoice_payment(invoice_id: int, *, provider: str) -> Payment | None:
    """The invoice's most recent payment by `provider` (the attempt its page reports)."""
    return db.session.scalar(
        select(Payment)
        .where(Payment.invoice_id == invoice_id, Payment.provider == provider)
        .order_by(Payment.id.desc())
        .limit(1)
    )


def open_invoice_payment(invoice: Invoice, *, provider: str) -> Payment:
    """The invoice's open (pending or failed) payment by `provider`, created with the balance
    if there is none. Call with the invoice locked (one open payment per invoice). Flushes."""
    payment = db.session.scalar(
        select(Payment)
        .where(
            Payment.invoice_id == invoice.id,
            Payment.provider == provider,
            Payment.status.in_([PaymentStatus.PENDING, PaymentStatus.FAILED]),
        )
        .order_by(Payment.id.desc())
        .limit(1)
    )
    if payment is None:
        payment = Payment(
            invoice_id=invoice.id,
            provider=provider,
            status=PaymentStatus.PENDING,
            amount_idr=invoice.balance_idr,
        )
        db.session.add(payment)
        db.session.flush()
    return payment


def is_open(checkout: Checkout) -> bool:
    """True while the checkout waits for its payment and its window has not ended."""
    return checkout.status == CheckoutStatus.PENDING_PAYMENT and utcnow() < checkout.expires_at


def check_buyer_can_pay(payment: Payment, checkout: Checkout, *, buyer: User) -> None:
    """Raise NotYourPayment or PaymentClosed unless the buyer may still pay this."""
    if checkout.buyer_id != buyer.id or payment.checkout_id != checkout.id:
        raise NotYourPayment()
    if not is_open(checkout) or payment.status not in OPEN_STATUSES:
        raise PaymentClosed()


def settle_payment(
    payment: Payment, *, actor: User | None, note: str, provider_ref: str | None = None
) -> bool:
    """Record a payment's success and mark its checkout and orders paid; emails after commit.

    Idempotent: False (nothing changed) when the checkout was already paid. Raises
    IllegalTransition when the checkout expired or was cancelled (the caller refunds).
    Flushes.
    """
    assert payment.checkout_id is not None
    checkout = db.session.get(Checkout, payment.checkout_id)
    assert checkout is not None
    if not mark_checkout_paid(checkout, actor=actor, note=note):
        return False
    now = utcnow()
    values: dict[str, Any] = {
        "status": PaymentStatus.SUCCEEDED,
        "succeeded_at": now,
        "failure_reason": None,
        "updated_at": now,
    }
    if provider_ref is not None:
        values["provider_ref"] = provider_ref
    if actor is not None:
        values.update(reviewed_by_id=actor.id, reviewed_at=now)
    db.session.execute(
        update(Payment)
        .where(Payment.id == payment.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(payment)
    from marketplace.payments.notifications import notify_paid

    notify_paid(checkout)
    return True
