"""A business pays a wholesale invoice by card against a real localstripe: the balance as a
PaymentIntent in IDR, only the signed webhook records the payment (once), declines, refunds of
card money the invoice no longer owes, who may pay, and no card option without Stripe."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
import stripe as stripe_lib
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.orders.models import LedgerEntry, LedgerKind, Order
from marketplace.orders.services import complete_order
from marketplace.payments.models import Payment, PaymentStatus, WebhookEvent
from marketplace.payments.stripe_gateway import to_stripe_amount
from marketplace.payments.views import card_page_csp
from marketplace.wholesale.acting import SESSION_KEY
from marketplace.wholesale.errors import InvalidInvoice
from marketplace.wholesale.invoices import record_invoice_payment, void_invoice, wib_today
from marketplace.wholesale.models import Invoice, InvoicePayment, InvoiceStatus
from tests.conftest import csrf_from
from tests.factories import make_user
from tests.payments.conftest import WEBHOOK_SECRET
from tests.payments.helpers import count_rows, event_body, logged_in, webhook_events
from tests.wholesale.helpers import make_business_account
from tests.wholesale.invoice_helpers import make_seller, ship_new_order

pytestmark = pytest.mark.usefixtures("app")

VISA = "4242424242424242"
VISA_3DS = "4000002500003155"
DECLINED = "pm_card_chargeCustomerFail"


@pytest.fixture
def hotel(app):
    """(business, members by role, location): a verified Medan hotel on net 30."""
    return make_business_account(legal_name="PT Hotel Danau Toba")


@pytest.fixture
def seller(app):
    """(store, owner): a PKP Demak seller."""
    return make_seller(is_pkp=True, name="Roti Bu Sri")


@pytest.fixture
def admin(app):
    return make_user(name="Admin Keuangan", is_admin=True)


@pytest.fixture
def shipped(hotel, seller) -> tuple[Order, Invoice]:
    """An order on terms, shipped: its invoice is issued and unpaid."""
    business, members, location = hotel
    store, owner = seller
    return ship_new_order(business, members, location, store, owner)


def acting(app, user, business):
    """A client logged in as `user`, acting for `business`."""
    client = logged_in(app, user)
    with client.session_transaction() as session:
        session[SESSION_KEY] = business.id
    return client


def card_url(invoice: Invoice) -> str:
    return f"/grosir/faktur/{invoice.id}/kartu"


def submit_card(client, invoice: Invoice, payment_method: str) -> dict[str, Any]:
    """What the card page's script posts once Stripe.js has the card."""
    token = csrf_from(client.get(card_url(invoice)).get_data(as_text=True))
    response = client.post(
        card_url(invoice), data={"csrf_token": token, "payment_method": payment_method}
    )
    assert response.is_json, response.get_data(as_text=True)
    return {"http": response.status_code, **response.get_json()}


def stored_invoice(invoice: Invoice) -> Invoice:
    db.session.rollback()
    found = db.session.get(Invoice, invoice.id, populate_existing=True)
    assert found is not None
    return found


def card_payments(invoice: Invoice) -> list[Payment]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(Payment)
            .where(Payment.invoice_id == invoice.id)
            .order_by(Payment.id)
            .execution_options(populate_existing=True)
        )
    )


def invoice_payments(invoice: Invoice) -> list[InvoicePayment]:
    return list(
        db.session.scalars(
            select(InvoicePayment)
            .where(InvoicePayment.invoice_id == invoice.id)
            .order_by(InvoicePayment.id)
        )
    )


def sales_of(order: Order) -> list[LedgerEntry]:
    return list(
        db.session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.order_id == order.id, LedgerEntry.kind == LedgerKind.SALE
            )
        )
    )


def post_event(client, event: dict[str, Any]):
    """Deliver an event the way Stripe does, signed with the webhook secret."""
    body = event_body(event)
    header = stripe_lib.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
    return client.post(
        "/webhooks/stripe",
        data=body,
        headers={"Stripe-Signature": header},
        content_type="application/json",
    )


def succeeded_event(event_id: str, intent: dict[str, Any]) -> dict[str, Any]:
    """A payment_intent.succeeded event for an intent as localstripe holds it."""
    return {
        "id": event_id,
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "data": {"object": {**intent, "amount_received": intent["amount"]}},
    }


def detail(client, invoice: Invoice) -> str:
    return client.get(f"/grosir/faktur/{invoice.id}").get_data(as_text=True)


def test_an_invoice_paid_by_card_is_recorded_by_the_webhook_and_credits_the_seller_once(
    app, hotel, shipped, stripe, wait_for
):
    # Given a completed order on terms whose invoice is unpaid, and its finance member
    business, members, _location = hotel
    order, invoice = shipped
    complete_order(order, actor=None)
    db.session.commit()
    assert sales_of(order) == []
    client = acting(app, members["finance"], business)

    # When the invoice page is opened, it offers the card
    page = detail(client, invoice)
    assert "Bayar dengan kartu" in page and f'href="{card_url(invoice)}"' in page
    # And the card page loads Stripe.js with a CSP allowing it, the form posting the balance
    response = client.get(card_url(invoice))
    html = response.get_data(as_text=True)
    assert f'<script src="{stripe.url}/js.stripe.com/v3/"></script>' in html
    assert f'action="{card_url(invoice)}"' in html and 'id="card-element"' in html
    assert f"Bayar Rp{invoice.balance_idr:,}".replace(",", ".") in html
    csp = response.headers["Content-Security-Policy"]
    assert csp == card_page_csp(f"{stripe.url}/js.stripe.com/v3/")
    assert "no-store" in response.headers["Cache-Control"]

    # When the card is submitted
    result = submit_card(client, invoice, stripe.tokenise(VISA))

    # Then an intent of the balance in IDR hundredths exists, naming the invoice
    assert result["status"] == "settling" and result["next"] == card_url(invoice)
    [payment] = card_payments(invoice)
    assert payment.checkout_id is None and payment.provider == "stripe"
    intent = stripe.intent(payment.provider_ref)
    assert intent["amount"] == to_stripe_amount(invoice.total_idr) and intent["currency"] == "idr"
    assert intent["metadata"]["invoice"] == str(invoice.id)
    assert intent["metadata"]["invoice_number"] == invoice.number

    # When localstripe delivers the signed webhook
    assert wait_for(lambda: stored_invoice(invoice).status == InvoiceStatus.PAID)

    # Then the invoice is paid by one card payment, recorded by nobody but the webhook
    invoice = stored_invoice(invoice)
    assert invoice.paid_idr == invoice.total_idr and invoice.paid_at is not None
    [paid] = invoice_payments(invoice)
    assert (paid.method, paid.reference, paid.amount_idr) == (
        "card",
        payment.provider_ref,
        invoice.total_idr,
    )
    assert paid.recorded_by_id is None and paid.paid_on == wib_today()
    [payment] = card_payments(invoice)
    assert payment.status == PaymentStatus.SUCCEEDED and payment.succeeded_at is not None
    # And the seller of the completed order is credited once
    [sale] = sales_of(order)
    assert sale.data["invoice"] == invoice.number
    # And the pages say so, with no card offer left
    page = detail(client, invoice)
    assert 'data-card-state="paid"' in page and "Bayar dengan kartu" not in page
    html = client.get(card_url(invoice)).get_data(as_text=True)
    assert 'data-state="paid"' in html and 'id="card-form"' not in html


def test_a_replayed_webhook_changes_nothing(app, hotel, shipped, stripe, client, wait_for):
    # Given a completed order whose invoice was paid by card through the webhook
    business, members, _location = hotel
    order, invoice = shipped
    complete_order(order, actor=None)
    db.session.commit()
    submit_card(acting(app, members["owner"], business), invoice, stripe.tokenise(VISA))
    assert wait_for(lambda: stored_invoice(invoice).status == InvoiceStatus.PAID)
    [event] = webhook_events("payment_intent.succeeded")

    # When the same event comes twice more, and the same intent under another event id
    replays = [post_event(client, event.payload) for _ in range(2)]
    twin = post_event(client, {**event.payload, "id": "evt_another_delivery"})

    # Then each is acknowledged and nothing more is recorded or credited
    assert [r.status_code for r in (*replays, twin)] == [200, 200, 200]
    assert [r.get_json()["applied"] for r in replays] == [False, False]
    assert count_rows(WebhookEvent, WebhookEvent.event_id == event.event_id) == 1
    invoice = stored_invoice(invoice)
    assert invoice.paid_idr == invoice.total_idr
    assert len(invoice_payments(invoice)) == 1
    assert len(sales_of(order)) == 1
    # And the second intent event was not taken for new money: nothing refunded
    [payment] = card_payments(invoice)
    assert payment.status == PaymentStatus.SUCCEEDED
    assert stripe.refunds(payment.provider_ref) == []


def test_a_declined_card_leaves_the_invoice_unpaid_with_the_banks_message(
    app, hotel, shipped, stripe, wait_for
):
    # Given an unpaid invoice and its approver
    business, members, _location = hotel
    _order, invoice = shipped
    client = acting(app, members["approver"], business)

    # When the card is declined
    result = submit_card(client, invoice, DECLINED)

    # Then the page is told, the attempt failed with Stripe's words, the invoice is unpaid
    assert result["status"] == "failed" and "ditolak" in result["message"]
    [payment] = card_payments(invoice)
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_reason == "Your card was declined."
    first_intent = payment.provider_ref
    assert wait_for(lambda: webhook_events("payment_intent.payment_failed"))
    invoice = stored_invoice(invoice)
    assert invoice.status == InvoiceStatus.ISSUED and invoice.paid_idr == 0
    assert invoice_payments(invoice) == []
    # And the invoice page shows the failure and offers the card again
    page = detail(client, invoice)
    assert 'data-card-state="failed"' in page and "Your card was declined." in page
    assert "Bayar dengan kartu" in page

    # When another card is tried
    assert submit_card(client, invoice, stripe.tokenise(VISA))["status"] == "settling"

    # Then the same payment takes a new intent (the old one cancelled) and the invoice is paid
    [payment] = card_payments(invoice)
    assert payment.provider_ref != first_intent
    assert stripe.intent(first_intent)["status"] == "canceled"
    assert wait_for(lambda: stored_invoice(invoice).status == InvoiceStatus.PAID)
    assert [p.method for p in invoice_payments(invoice)] == ["card"]


def test_the_browser_coming_back_does_not_pay_the_invoice(
    app, hotel, shipped, stripe, client, localstripe_url
):
    # Given Stripe's webhooks do not reach the site for now
    business, members, _location = hotel
    _order, invoice = shipped
    requests.post(
        f"{localstripe_url}/_config/webhooks/pasarikm",
        data={"url": "http://127.0.0.1:9/nowhere", "secret": WEBHOOK_SECRET},
        timeout=5,
    ).raise_for_status()
    finance = acting(app, members["finance"], business)

    # When the card is taken and the browser comes back to the card page
    assert submit_card(finance, invoice, stripe.tokenise(VISA))["status"] == "settling"
    html = finance.get(card_url(invoice)).get_data(as_text=True)

    # Then the page says the bank is confirming (and refreshes), and nothing is recorded
    assert 'data-state="processing"' in html and 'http-equiv="refresh"' in html
    assert 'id="card-form"' not in html
    assert 'data-card-state="processing"' in detail(finance, invoice)
    assert stored_invoice(invoice).paid_idr == 0 and invoice_payments(invoice) == []

    # When the signed event arrives
    [payment] = card_payments(invoice)
    intent = stripe.intent(payment.provider_ref)
    response = post_event(client, succeeded_event("evt_late_invoice", intent))

    # Then the invoice is paid
    assert response.status_code == 200 and response.get_json()["applied"] is True
    assert stored_invoice(invoice).status == InvoiceStatus.PAID


@pytest.mark.parametrize("meanwhile", ["transfer", "void"])
def test_card_money_the_invoice_no_longer_owes_is_refunded_and_not_recorded(
    app, hotel, shipped, stripe, admin, wait_for, meanwhile
):
    # Given a card waiting for 3-D Secure on an unpaid invoice
    business, members, _location = hotel
    _order, invoice = shipped
    client = acting(app, members["finance"], business)
    result = submit_card(client, invoice, stripe.tokenise(VISA_3DS))
    assert result["status"] == "requires_action"
    [payment] = card_payments(invoice)
    invoice = stored_invoice(invoice)

    # When the invoice is meanwhile paid by transfer (or voided) by an admin
    if meanwhile == "transfer":
        record_invoice_payment(
            invoice,
            amount_idr=invoice.total_idr,
            reference="BRI-TRF-0001",
            paid_on=wib_today(),
            actor=admin,
        )
    else:
        void_invoice(invoice, reason="terbit ganda", actor=admin)
    db.session.commit()
    # ... and only then the bank's check passes and the card is charged
    assert stripe.authenticate(result["client_secret"])["status"] == "succeeded"

    # Then the webhook refunds the whole card payment and records nothing
    assert wait_for(lambda: card_payments(invoice)[0].status == PaymentStatus.CANCELLED)
    [refund] = stripe.refunds(payment.provider_ref)
    assert refund["amount"] == to_stripe_amount(invoice.total_idr)
    [payment] = card_payments(invoice)
    assert payment.failure_reason == f"refunded:{refund['id']}"
    invoice = stored_invoice(invoice)
    if meanwhile == "transfer":
        assert invoice.status == InvoiceStatus.PAID and invoice.paid_idr == invoice.total_idr
        assert [p.method for p in invoice_payments(invoice)] == ["bank_transfer"]
    else:
        assert invoice.status == InvoiceStatus.VOID and invoice.paid_idr == 0
        assert invoice_payments(invoice) == []
    # And the business sees the refund on the invoice page
    page = detail(client, invoice)
    assert 'data-card-state="refunded"' in page and refund["id"] in page


def test_another_business_gets_404_and_a_buyer_member_403(app, hotel, shipped, stripe):
    business, members, _location = hotel
    _order, invoice = shipped
    other, other_members, _other_location = make_business_account()
    outsider = acting(app, other_members["finance"], other)
    buyer = acting(app, members["buyer"], business)
    token = csrf_from(outsider.get("/").get_data(as_text=True))
    data = {"csrf_token": token, "payment_method": "pm_card_visa"}

    # Another business's finance member: no hint the invoice exists
    assert outsider.get(card_url(invoice)).status_code == 404
    assert outsider.post(card_url(invoice), data=data).status_code == 404
    # The business's own buyer: may order, not handle invoices
    buyer_token = csrf_from(buyer.get("/").get_data(as_text=True))
    assert buyer.get(card_url(invoice)).status_code == 403
    buyer_post = buyer.post(card_url(invoice), data={**data, "csrf_token": buyer_token})
    assert buyer_post.status_code == 403
    # And no payment was started
    assert card_payments(invoice) == []


def test_a_paid_invoice_takes_no_card(app, hotel, shipped, stripe, admin):
    business, members, _location = hotel
    _order, invoice = shipped
    record_invoice_payment(
        invoice,
        amount_idr=invoice.total_idr,
        reference="BRI-TRF-0002",
        paid_on=wib_today(),
        actor=admin,
    )
    db.session.commit()
    client = acting(app, members["owner"], business)

    assert "Bayar dengan kartu" not in detail(client, invoice)
    assert 'id="card-form"' not in client.get(card_url(invoice)).get_data(as_text=True)
    result = submit_card(client, invoice, "pm_card_visa")

    assert result["http"] == 409 and result["status"] == "failed"
    assert card_payments(invoice) == []


def test_no_card_option_when_stripe_is_not_configured(app, hotel, shipped):
    business, members, _location = hotel
    _order, invoice = shipped
    client = acting(app, members["finance"], business)

    page = detail(client, invoice)
    token = csrf_from(page)

    assert "Bayar dengan kartu" not in page and 'id="kartu"' not in page
    assert client.get(card_url(invoice)).status_code == 404
    response = client.post(card_url(invoice), data={"csrf_token": token, "payment_method": "x"})
    assert response.status_code == 404


def test_only_the_webhook_records_card_money_and_only_admins_transfers(hotel, shipped, admin):
    _business, members, _location = hotel
    _order, invoice = shipped
    attempts = [
        {"actor": admin, "method": "card"},  # a person never records card money
        {"actor": None, "method": "bank_transfer"},  # a transfer needs an admin
        {"actor": members["finance"], "method": "bank_transfer"},
        {"actor": None, "method": "cash"},
    ]

    for attempt in attempts:
        with pytest.raises(InvalidInvoice):
            record_invoice_payment(
                invoice, amount_idr=1_000, reference="X-1", paid_on=wib_today(), **attempt
            )
        db.session.rollback()

    assert stored_invoice(invoice).paid_idr == 0 and invoice_payments(invoice) == []


def test_a_payment_pays_a_checkout_or_an_invoice_never_both_nor_neither(shipped):
    _order, invoice = shipped
    order = db.session.get(Order, invoice.order_id)
    assert order is not None

    for subject in ({}, {"checkout_id": order.checkout_id, "invoice_id": invoice.id}):
        db.session.add(Payment(provider="stripe", status="pending", amount_idr=1, **subject))
        with pytest.raises(IntegrityError, match="checkout_or_invoice"):
            db.session.flush()
        db.session.rollback()
