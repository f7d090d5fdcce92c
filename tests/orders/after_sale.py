"""Builders for refund, review and ledger tests: orders placed, paid by bank transfer (an admin
confirms it) and moved along by the real fulfilment services; upload files like a form's."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders import fulfilment
from marketplace.orders.models import Address, LedgerEntry, Order, OrderStatus
from marketplace.payments.bank_transfer import confirm_transfer
from marketplace.payments.base import start_payment
from marketplace.stores.models import Store
from tests.conftest import csrf_from
from tests.factories import PASSWORD, make_user
from tests.orders.helpers import make_buyer, make_item, make_seller_store, place, put_in_cart

_seq = itertools.count(1)

# How far each status is from paid, through the services a seller and buyer use.
_STEPS = [
    OrderStatus.PROCESSING,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
    OrderStatus.COMPLETED,
]


@dataclass
class Sale:
    """An order with its buyer, store, the store's owner and the variant bought."""

    order: Order
    buyer: User
    store: Store
    seller: User
    variant: ProductVariant

    def reload(self) -> Sale:
        db.session.expire_all()
        order = db.session.get(Order, self.order.id)
        assert order is not None
        self.order = order
        return self


def admin_user() -> User:
    """An administrator."""
    return make_user(name=f"Admin {next(_seq)}", is_admin=True)


def sell(
    status: str = OrderStatus.DELIVERED,
    *,
    price_idr: int = 100_000,
    quantity: int = 1,
    store: Store | None = None,
    seller: User | None = None,
    variant: ProductVariant | None = None,
    buyer: User | None = None,
) -> Sale:
    """A buyer's order of one product picked up at the store (no shipping cost, so the total
    is price x quantity), paid by bank transfer and moved to `status` (paid ... completed)."""
    if store is None:
        seller = seller or make_user(name=f"Bu Sri {next(_seq)}")
        store = make_seller_store(f"Camilan Bu Sri {next(_seq)}", owner=seller)
    assert seller is not None
    variant = variant or make_item(store, "Keripik Tempe Sagu", price_idr=price_idr, stock=100)
    if buyer is None:
        buyer, address = make_buyer(name=f"Rina Kusumawati {next(_seq)}")
    else:
        address = db.session.scalar(select(Address).where(Address.user_id == buyer.id))
        assert address is not None
    put_in_cart(buyer, variant, quantity)
    checkout = place(buyer, address, shipping={store.id: "pickup"})
    payment = start_payment(checkout)
    db.session.commit()
    confirm_transfer(payment, admin=admin_user())
    db.session.commit()
    order = checkout.orders[0]
    move(order, status, seller=seller, buyer=buyer)
    return Sale(order=order, buyer=buyer, store=store, seller=seller, variant=variant)


def move(order: Order, status: str, *, seller: User, buyer: User) -> None:
    """Walk a paid order to `status` with the real services, committing each step."""
    if status == OrderStatus.PAID:
        return
    for step in _STEPS:
        if step == OrderStatus.PROCESSING:
            fulfilment.process_order(order, actor=seller)
        elif step == OrderStatus.SHIPPED:
            fulfilment.ship_order(order, actor=seller, courier="", tracking_no="")
        elif step == OrderStatus.DELIVERED:
            fulfilment.mark_delivered(order, actor=seller)
        else:
            fulfilment.confirm_received(order, buyer=buyer)
        db.session.commit()
        if step == status:
            return
    raise AssertionError(f"cannot build an order in {status}")


def age(order: Order, days: float) -> None:
    """Pretend the order shipped, arrived and completed `days` ago (whichever it did)."""
    past = utcnow() - timedelta(days=days)
    values = {
        name: past
        for name in ("shipped_at", "delivered_at", "completed_at")
        if getattr(order, name) is not None
    }
    db.session.execute(update(Order).where(Order.id == order.id).values(**values))
    db.session.commit()
    db.session.refresh(order)


def photo(
    name: str = "foto.jpg", *, size: tuple[int, int] = (900, 1200), fmt: str = "JPEG", seed: int = 0
) -> FileStorage:
    """An uploaded photo as a form sends it (a different picture for each seed)."""
    image = Image.new("RGB", size, (230, 240 - seed % 200, 250))
    for x in range(0, size[0], 60):
        image.paste((20 + seed % 200, 60, 120), (x, 100, x + 30, 160))
    out = io.BytesIO()
    image.save(out, fmt)
    return upload(out.getvalue(), name, "image/jpeg")


def upload(data: bytes, name: str, content_type: str = "application/octet-stream") -> FileStorage:
    """Any bytes as an uploaded file."""
    return FileStorage(stream=io.BytesIO(data), filename=name, content_type=content_type)


def ledger_of(store: Store) -> list[tuple[str, int]]:
    """The store's ledger entries as (kind, amount), oldest first."""
    rows = db.session.execute(
        select(LedgerEntry.kind, LedgerEntry.amount_idr)
        .where(LedgerEntry.store_id == store.id)
        .order_by(LedgerEntry.id)
    )
    return [(kind, amount) for kind, amount in rows]


def client_for(app: Flask, user: User) -> FlaskClient:
    """A client of its own (its own cookies), logged in as `user` through the login form."""
    client = app.test_client()
    page = client.get("/masuk").get_data(as_text=True)
    response = client.post(
        "/masuk", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 302
    return client


def post_with_token(client: FlaskClient, url: str, data: dict, *, page: str, **kw: object):
    """POST `data` to `url` with the CSRF token of `page`, as a browser would."""
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kw)
