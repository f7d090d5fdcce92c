"""Card payments against a real localstripe: PaymentIntents in IDR, declines, 3-D Secure, the
signed webhook as the only way to "paid", replays, bad signatures, refunds, late payments."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
import stripe as stripe_lib

from marketplace.core.db import utcnow
from marketplace.core.security import CONTENT_SECURITY_POLICY
from marketplace.extensions import db
from marketplace.orders.errors import InvalidCheckout
from marketplace.orders.models import CheckoutStatus, OrderStatus
from marketplace.orders.services import card_payments_enabled, expire_checkouts
from marketplace.payments.base import get_provider, start_payment
from marketplace.payments.errors import InvalidRefund
from marketplace.payments.models import PaymentStatus, WebhookEvent
from marketplace.payments.stripe_gateway import to_stripe_amount
from marketplace.payments.views import card_page_csp
from tests.conftest import csrf_from
from tests.factories import make_user
from tests.orders.helpers import make_buyer, make_item, make_seller_store, place, put_in_cart
from tests.payments.conftest import SECRET_KEY, WEBHOOK_SECRET
from tests.payments.helpers import (
    PRICE_IDR,
    count_rows,
    event_body,
    logged_in,
    order_event_count,
    order_statuses,
    pay_page_token,
    place_checkout_for,
    stored_payment,
    webhook_events,
)

pytestmark = pytest.mark.usefixtures("app")

VISA = "4242424242424242"
VISA_3DS = "4000002500003155"


def submit_card(client, checkout, payment_method: str) -> dict[str, Any]:
    """What the page's script posts once Stripe.js has the card."""
    response = client.post(
        f"/bayar/{checkout.public_id}/kartu",
        data={"csrf_token": pay_page_token(client, checkout), "payment_method": payment_method},
    )
    assert response.is_json, response.get_data(as_text=True)
    return {"http": response.status_code, **response.get_json()}


def paid(checkout) -> bool:
    return stored_payment(checkout).status == PaymentStatus.SUCCEEDED


def page_state(client, checkout) -> str:
    html = client.get(f"/bayar/{checkout.public_id}").get_data(as_text=True)
    return html.split('data-state="', 1)[1].split('"', 1)[0]


def post_event(client, event: dict[str, Any], *, secret: str = WEBHOOK_SECRET, **kw: Any):
    """Deliver an event the way Stripe does, signed with `secret`."""
    body = event_body(event)
    header = stripe_lib.WebhookSignature.generate_signature_header(body, secret)
    headers = {"Stripe-Signature": kw.pop("signature", header)}
    return client.post(
        "/webhooks/stripe", data=body, headers=headers, content_type="application/json"
    )


def succeeded_event(intent_id: str, checkout, *, amount_idr: int | None = None) -> dict:
    """A payment_intent.succeeded event as Stripe would send it for this checkout."""
    amount = to_stripe_amount(amount_idr if amount_idr is not None else checkout.amount_due_idr)
    return {
        "id": f"evt_test_{intent_id}",
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "data": {
            "object": {
                "id": intent_id,
                "object": "payment_intent",
                "amount": amount,
                "amount_received": amount,
                "currency": "idr",
                "status": "succeeded",
                "metadata": {"checkout": checkout.public_id},
            }
        },
    }


def test_card_happy_path_paid_by_the_webhook(app, stripe, outbox, wait_for):
    # Given a card checkout of Rp150.000
    placed = place_checkout_for("card")
    checkout = placed.checkout
    assert checkout.amount_due_idr == PRICE_IDR and checkout.unique_code == 0
    client = logged_in(app, placed.buyer)
    outbox.clear()

    # When the buyer opens the pay page
    response = client.get(f"/bayar/{checkout.public_id}")

    # Then it loads Stripe.js from the configured URL, our script, and a CSP that allows it
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html" and "no-store" in response.headers["Cache-Control"]
    assert f'<script src="{stripe.url}/js.stripe.com/v3/"></script>' in html
    assert "/static/js/card-payment.js" in html and 'id="card-element"' in html
    csp = response.headers["Content-Security-Policy"]
    assert f"script-src 'self' {stripe.url}" in csp and f"connect-src 'self' {stripe.url}" in csp
    assert "'unsafe-inline'" not in csp

    # When Stripe.js tokenises the card and the page posts it
    result = submit_card(client, checkout, stripe.tokenise(VISA))

    # Then a PaymentIntent in IDR hundredths exists and the payment waits for the webhook
    assert result["status"] == "settling" and result["next"] == f"/bayar/{checkout.public_id}"
    payment = stored_payment(checkout)
    intent = stripe.intent(payment.provider_ref)
    assert intent["amount"] == 15_000_000 and intent["currency"] == "idr"
    assert intent["status"] == "succeeded"
    assert intent["metadata"]["checkout"] == checkout.public_id
    assert payment.status == PaymentStatus.PENDING
    # And the buyer returning before the webhook sees "confirming", not "paid"
    assert page_state(client, checkout) == "confirming"
    assert order_statuses(checkout) == [OrderStatus.PENDING_PAYMENT]

    # When localstripe delivers the signed payment_intent.succeeded webhook
    assert wait_for(lambda: paid(checkout))

    # Then the checkout and its orders are paid, the event stored once, emails sent
    placed.reload()
    assert placed.checkout.status == CheckoutStatus.PAID
    assert order_statuses(checkout) == [OrderStatus.PAID]
    [event] = webhook_events("payment_intent.succeeded")
    assert event.processed_at is not None
    assert event.payload["data"]["object"]["id"] == payment.provider_ref
    assert wait_for(lambda: len(outbox) == 2)
    assert {m["Subject"] for m in outbox} == {
        "Pembayaran diterima",
        f"Pesanan baru sudah dibayar: {placed.checkout.orders[0].number}",
    }
    # And the return page shows it, without Stripe.js any more
    response = client.get(f"/bayar/{checkout.public_id}")
    assert 'data-state="paid"' in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_webhook_before_the_browser_returns(app, stripe, wait_for):
    # Given a card paid at Stripe, and the buyer's browser slow to come back
    placed = place_checkout_for("card")
    client = logged_in(app, placed.buyer)
    assert submit_card(client, placed.checkout, stripe.tokenise(VISA))["status"] == "settling"

    # When the webhook arrives first
    assert wait_for(lambda: paid(placed.checkout))

    # Then the page the browser returns to shows the checkout paid
    assert page_state(client, placed.checkout) == "paid"


def test_declined_card_fails_and_nothing_is_paid(app, stripe, wait_for):
    # Given a card checkout
    placed = place_checkout_for("card")
    checkout = placed.checkout
    client = logged_in(app, placed.buyer)
    events_before = order_event_count(checkout)

    # When the card is declined
    result = submit_card(client, checkout, "pm_card_chargeCustomerFail")

    # Then the page is told, the payment failed with Stripe's reason, nothing is paid
    assert result["status"] == "failed" and "ditolak" in result["message"]
    payment = stored_payment(checkout)
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_reason == "Your card was declined."
    first_intent = payment.provider_ref
    # And localstripe's payment_intent.payment_failed webhook changes nothing more
    assert wait_for(lambda: webhook_events("payment_intent.payment_failed"))
    assert stored_payment(checkout).status == PaymentStatus.FAILED
    assert order_statuses(checkout) == [OrderStatus.PENDING_PAYMENT]
    assert order_event_count(checkout) == events_before
    assert page_state(client, checkout) == "failed"

    # When the buyer tries another card
    result = submit_card(client, checkout, stripe.tokenise(VISA))

    # Then a new intent takes the money, the old one is cancelled, the webhook marks it paid
    assert result["status"] == "settling"
    assert stored_payment(checkout).provider_ref != first_intent
    assert stripe.intent(first_intent)["status"] == "canceled"
    assert wait_for(lambda: paid(checkout))


def test_three_d_secure_card_is_paid_after_authentication(app, stripe, wait_for):
    # Given a card that needs 3-D Secure
    placed = place_checkout_for("card")
    client = logged_in(app, placed.buyer)

    # When it is submitted
    result = submit_card(client, placed.checkout, stripe.tokenise(VISA_3DS))

    # Then the page gets the client secret to authenticate, and nothing is paid yet
    assert result["status"] == "requires_action" and result["client_secret"]
    assert stored_payment(placed.checkout).status == PaymentStatus.PENDING

    # When the buyer passes the bank's check (what stripe.confirmCardPayment does)
    assert stripe.authenticate(result["client_secret"])["status"] == "succeeded"

    # Then the webhook marks the checkout paid
    assert wait_for(lambda: paid(placed.checkout))
    assert order_statuses(placed.checkout) == [OrderStatus.PAID]


def test_failed_three_d_secure_lets_the_buyer_try_again(app, stripe):
    placed = place_checkout_for("card")
    client = logged_in(app, placed.buyer)
    result = submit_card(client, placed.checkout, stripe.tokenise(VISA_3DS))

    stripe.authenticate(result["client_secret"], success=False)

    html = client.get(f"/bayar/{placed.checkout.public_id}").get_data(as_text=True)
    assert 'data-state="open"' in html and "failed authentication" in html
    assert 'id="card-form"' in html
    assert stored_payment(placed.checkout).status == PaymentStatus.PENDING


def test_webhook_replay_changes_nothing(app, stripe, client, outbox, wait_for):
    # Given a checkout paid by localstripe's webhook
    placed = place_checkout_for("card")
    submit_card(logged_in(app, placed.buyer), placed.checkout, stripe.tokenise(VISA))
    assert wait_for(lambda: paid(placed.checkout))
    assert wait_for(lambda: len(outbox) == 3)  # placed, paid, new order
    [event] = webhook_events("payment_intent.succeeded")
    events_before = order_event_count(placed.checkout)

    # When the same event is delivered twice more
    responses = [post_event(client, event.payload) for _ in range(2)]

    # Then both are acknowledged and nothing changes: one event row, no new order events
    assert [r.status_code for r in responses] == [200, 200]
    assert [r.get_json()["applied"] for r in responses] == [False, False]
    assert count_rows(WebhookEvent, WebhookEvent.event_id == event.event_id) == 1
    assert order_event_count(placed.checkout) == events_before
    assert stored_payment(placed.checkout).status == PaymentStatus.SUCCEEDED
    assert len(outbox) == 3


def test_bad_signature_is_rejected_and_changes_nothing(app, stripe, client):
    # Given a pending card checkout and a well-formed event for it
    placed = place_checkout_for("card")
    event = succeeded_event("pi_forged0000001", placed.checkout)

    # When it arrives signed with another secret, unsigned, or tampered with
    forged = post_event(client, event, secret="whsec_somebody_else")
    unsigned = post_event(client, event, signature="")
    signer = stripe_lib.WebhookSignature
    header = signer.generate_signature_header(event_body(event), WEBHOOK_SECRET)
    tampered = client.post(
        "/webhooks/stripe",
        data=event_body(event).replace("pi_forged0000001", "pi_forged0000002"),
        headers={"Stripe-Signature": header},
        content_type="application/json",
    )

    # Then each is refused with 400, and nothing is stored or paid
    assert [r.status_code for r in (forged, unsigned, tampered)] == [400, 400, 400]
    assert count_rows(WebhookEvent) == 0
    assert stored_payment(placed.checkout).status == PaymentStatus.PENDING
    assert order_statuses(placed.checkout) == [OrderStatus.PENDING_PAYMENT]


def test_event_with_the_wrong_amount_does_not_pay(app, stripe, client):
    placed = place_checkout_for("card")

    response = post_event(client, succeeded_event("pi_short", placed.checkout, amount_idr=1_000))

    assert response.status_code == 200
    assert stored_payment(placed.checkout).status == PaymentStatus.PENDING
    assert order_statuses(placed.checkout) == [OrderStatus.PENDING_PAYMENT]


def test_other_event_types_are_stored_and_ignored(app, stripe, client):
    placed = place_checkout_for("card")
    event = {
        "id": "evt_test_refunded",
        "object": "event",
        "type": "charge.refunded",
        "data": {"object": {"id": "ch_1", "object": "charge", "payment_intent": "pi_1"}},
    }

    response = post_event(client, event)

    assert response.status_code == 200 and response.get_json()["applied"] is True
    [stored] = webhook_events("charge.refunded")
    assert stored.processed_at is not None
    assert stored_payment(placed.checkout).status == PaymentStatus.PENDING


def test_refund_through_the_refunds_api(app, stripe, wait_for):
    # Given a paid card checkout
    placed = place_checkout_for("card")
    submit_card(logged_in(app, placed.buyer), placed.checkout, stripe.tokenise(VISA))
    assert wait_for(lambda: paid(placed.checkout))
    payment = stored_payment(placed.checkout)
    provider = get_provider("card")

    # When part of it is refunded
    refund_id = provider.refund(payment, 50_000, reason="Satu bungkus rusak", reference="r-1")

    # Then localstripe holds a refund of that amount in IDR hundredths
    assert refund_id.startswith("re_")
    [refund] = stripe.refunds(payment.provider_ref)
    assert refund["id"] == refund_id and refund["amount"] == 5_000_000
    # And more than was paid, or nothing, is refused before calling Stripe
    for amount in (0, PRICE_IDR + 1):
        with pytest.raises(InvalidRefund):
            provider.refund(payment, amount, reason="x")
    assert len(stripe.refunds(payment.provider_ref)) == 1


def test_payment_after_expiry_is_refunded_automatically(app, stripe, outbox, wait_for):
    # Given a card checkout that expired (stock given back) ...
    placed = place_checkout_for("card")
    placed.checkout.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert expire_checkouts() == 1
    outbox.clear()

    # ... when an intent made before the deadline is confirmed at Stripe only now
    client = stripe_lib.StripeClient(
        SECRET_KEY, base_addresses={"api": stripe.url}, max_network_retries=0
    )
    intent = client.v1.payment_intents.create(
        params={
            "amount": to_stripe_amount(placed.checkout.amount_due_idr),
            "currency": "idr",
            "payment_method_types": ["card"],
            "payment_method": "pm_card_visa",
            "metadata": {"checkout": placed.checkout.public_id},
        }
    )
    client.v1.payment_intents.confirm(intent.id)

    # Then the webhook refunds it in full, records it, and tells the buyer; nothing is paid
    assert wait_for(lambda: stored_payment(placed.checkout).status == PaymentStatus.CANCELLED)
    assert wait_for(lambda: stored_payment(placed.checkout).failure_reason)
    [refund] = stripe.refunds(intent.id)
    assert refund["amount"] == to_stripe_amount(placed.checkout.amount_due_idr)
    payment = stored_payment(placed.checkout)
    assert payment.status == PaymentStatus.CANCELLED
    assert payment.failure_reason == f"refunded:{refund['id']}"
    assert order_statuses(placed.checkout) == [OrderStatus.EXPIRED]
    assert wait_for(lambda: [m["Subject"] for m in outbox] == ["Pembayaran Anda dikembalikan"])
    html = logged_in(app, placed.buyer).get(f"/bayar/{placed.checkout.public_id}")
    assert refund["id"] in html.get_data(as_text=True)


def test_card_endpoint_is_the_buyers_only(app, stripe):
    placed = place_checkout_for("card")
    other = logged_in(app, make_user())
    token = csrf_from(other.get("/").get_data(as_text=True))

    response = other.post(
        f"/bayar/{placed.checkout.public_id}/kartu",
        data={"csrf_token": token, "payment_method": "pm_card_visa"},
    )

    assert response.status_code == 404
    assert stored_payment(placed.checkout).provider_ref is None


def test_card_endpoint_refuses_what_is_not_a_payment_method(app, stripe):
    placed = place_checkout_for("card")
    client = logged_in(app, placed.buyer)

    result = submit_card(client, placed.checkout, "4242424242424242")

    assert result["http"] == 409 and result["status"] == "failed"
    assert stored_payment(placed.checkout).provider_ref is None


def test_card_attempts_are_limited_per_buyer(app, stripe):
    placed = place_checkout_for("card")
    client = logged_in(app, placed.buyer)
    token = pay_page_token(client, placed.checkout)
    url = f"/bayar/{placed.checkout.public_id}/kartu"

    codes = [
        client.post(url, data={"csrf_token": token, "payment_method": "x"}).status_code
        for _ in range(11)
    ]

    assert codes == [409] * 10 + [429]


def test_cards_are_off_without_stripe_keys_and_bank_transfer_is_the_default(app, client):
    # Given no Stripe settings
    assert not card_payments_enabled()
    store = make_seller_store("Batik Jlamprang")
    buyer, address = make_buyer()
    put_in_cart(buyer, make_item(store, "Batik Cap"))

    # Then a card checkout is refused, a bank-transfer one gets a bank-transfer payment
    with pytest.raises(InvalidCheckout):
        place(buyer, address, payment_method="card", shipping={store.id: "pickup"})
    db.session.rollback()
    placed = place_checkout_for("bank_transfer")
    assert placed.payment.provider == "bank_transfer"
    # And the webhook refuses everything without a secret to check against
    response = client.post(
        "/webhooks/stripe", data=json.dumps({"id": "evt_1"}), content_type="application/json"
    )
    assert response.status_code == 400


def test_start_payment_is_idempotent(app):
    placed = place_checkout_for("bank_transfer")

    again = start_payment(placed.checkout)

    assert again.id == placed.payment.id
    assert again.amount_idr == placed.checkout.amount_due_idr


def test_card_page_csp_for_real_stripe():
    csp = card_page_csp("https://js.stripe.com/v3/")

    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert directives["script-src"] == "'self' https://js.stripe.com https://*.js.stripe.com"
    assert "https://api.stripe.com" in directives["connect-src"]
    assert "https://hooks.stripe.com" in directives["frame-src"]
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"


@pytest.mark.postgresql_only
def test_twin_deliveries_at_the_same_moment_apply_once(app, stripe, outbox):
    # Given a pending card checkout and one signed succeeded event for it
    placed = place_checkout_for("card")
    outbox.clear()
    event = succeeded_event("pi_twin000000001", placed.checkout)
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def deliver() -> None:
        client = app.test_client()
        barrier.wait()
        results.append(post_event(client, event).get_json())

    # When Stripe delivers it twice at once
    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then one delivery applied it, the other changed nothing
    assert sorted(r["applied"] for r in results) == [False, True]
    assert count_rows(WebhookEvent, WebhookEvent.event_id == event["id"]) == 1
    assert paid(placed.checkout)
    assert order_event_count(placed.checkout) == 2  # placed, paid
    assert len(outbox) == 2


def test_a_captured_event_replayed_later_is_rejected(app, stripe, client):
    # Given a correctly signed event whose signature is ten minutes old
    placed = place_checkout_for("card")
    event = succeeded_event("pi_replayed000001", placed.checkout)
    old = int(time.time()) - 600
    header = stripe_lib.WebhookSignature.generate_signature_header(
        event_body(event), WEBHOOK_SECRET, timestamp=old
    )

    # When it arrives now
    response = post_event(client, event, signature=header)

    # Then it is refused and nothing is paid
    assert response.status_code == 400
    assert count_rows(WebhookEvent) == 0
    assert stored_payment(placed.checkout).status == PaymentStatus.PENDING
