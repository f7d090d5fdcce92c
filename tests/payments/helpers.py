"""Builders for payment tests: checkouts placed through the real checkout service."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order, OrderEvent
from marketplace.payments.base import get_payment, start_payment
from marketplace.payments.models import Payment, WebhookEvent
from marketplace.stores.models import Store
from tests.conftest import csrf_from
from tests.factories import PASSWORD, make_user
from tests.orders.helpers import make_buyer, make_item, make_seller_store, place, put_in_cart

PRICE_IDR = 150_000


@dataclass
class Placed:
    """A placed checkout with its payment, buyer, store and the store's owner."""

    checkout: Checkout
    payment: Payment
    buyer: User
    store: Store
    seller: User

    def reload(self) -> Placed:
        """Re-read the checkout and payment as the database has them now."""
        db.session.rollback()
        db.session.refresh(self.checkout)
        db.session.refresh(self.payment)
        return self


def place_checkout_for(method: str, *, price_idr: int = PRICE_IDR, **buyer_kw: Any) -> Placed:
    """A buyer's checkout of one Demak product (picked up: no shipping cost), payment started."""
    seller = make_user(name="Bu Sri")
    store = make_seller_store("Camilan Bu Sri Demak", owner=seller)
    variant = make_item(store, "Keripik Tempe Sagu", price_idr=price_idr)
    buyer, address = make_buyer(name="Rina Kusumawati", **buyer_kw)
    put_in_cart(buyer, variant)
    checkout = place(buyer, address, payment_method=method, shipping={store.id: "pickup"})
    payment = start_payment(checkout)
    db.session.commit()
    return Placed(checkout, payment, buyer, store, seller)


def logged_in(app: Flask, user: User) -> FlaskClient:
    """A new client (its own cookies) logged in as `user` through the login form."""
    client = app.test_client()
    page = client.get("/masuk").get_data(as_text=True)
    response = client.post(
        "/masuk",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (900, 1600)) -> bytes:
    """A small real photo-like image (a phone screenshot's proportions)."""
    image = Image.new("RGB", size, (230, 240, 250))
    for x in range(0, size[0], 50):
        image.paste((20, 60, 120), (x, 100, x + 25, 140))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def pay_page_token(client: FlaskClient, checkout: Checkout) -> str:
    """The CSRF token of the pay page."""
    return csrf_from(client.get(f"/bayar/{checkout.public_id}").get_data(as_text=True))


def count_rows(model: Any, *conditions: Any) -> int:
    """Rows of a table matching the conditions."""
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def order_statuses(checkout: Checkout) -> list[str]:
    """Statuses of the checkout's orders, as stored."""
    return list(db.session.scalars(select(Order.status).where(Order.checkout_id == checkout.id)))


def order_event_count(checkout: Checkout) -> int:
    """Order events written for the checkout's orders."""
    return count_rows(
        OrderEvent,
        OrderEvent.order_id.in_(select(Order.id).where(Order.checkout_id == checkout.id)),
    )


def webhook_events(event_type: str | None = None) -> list[WebhookEvent]:
    """Stored Stripe events, oldest first (optionally of one type)."""
    query = select(WebhookEvent).where(WebhookEvent.provider == "stripe")
    if event_type:
        query = query.where(WebhookEvent.type == event_type)
    return list(db.session.scalars(query.order_by(WebhookEvent.id)))


def stored_payment(checkout: Checkout) -> Payment:
    """The checkout's payment as stored now."""
    db.session.rollback()
    payment = get_payment(checkout)
    assert payment is not None
    db.session.refresh(payment)
    return payment


def event_body(event: dict[str, Any]) -> str:
    """An event serialised as Stripe sends it."""
    return json.dumps(event, indent=2, sort_keys=True)
