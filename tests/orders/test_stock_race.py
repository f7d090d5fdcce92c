"""Concurrent checkouts on a real PostgreSQL: 200 buyers race for 50 units and exactly 50 win;
carts wanting two variants in opposite orders never deadlock; a double submit at the same
instant places one checkout."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import exists, func, insert, select, text

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.errors import OutOfStock
from marketplace.orders.models import Address, CartItem, Checkout, Order, OrderLine
from marketplace.orders.services import CheckoutRequest, place_checkout
from marketplace.regions.reference import get_village
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD, make_user
from tests.orders.helpers import (
    count,
    first_shipping_codes,
    jakarta_village_code,
    make_buyer,
    make_item,
    make_seller_store,
    new_key,
    put_in_cart,
    stock_of,
)

pytestmark = pytest.mark.postgresql_only

JOIN_SECONDS = 120


def bulk_buyers(n: int, carts: list[list[int]]) -> list[tuple[int, int]]:
    """`n` buyers, each with one Jakarta address and a cart of quantity 1 of the variants in
    `carts[i]` (inserted in that order): three multi-row INSERTs. Returns (user id, address id).
    """
    password_hash = make_user().password_hash  # one scrypt hash for all
    stamp = time.monotonic_ns()
    user_ids = list(
        db.session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [
                {
                    "email": f"pembeli{stamp}-{i}@example.com",
                    "name": f"Pembeli Serbu {i}",
                    "phone": f"+6281390{i:06d}",
                    "password_hash": password_hash,
                }
                for i in range(n)
            ],
        )
    )
    village = get_village(jakarta_village_code())
    assert village is not None
    district = village.code.rsplit(".", 1)[0]
    address_ids = list(
        db.session.scalars(
            insert(Address).returning(Address.id, sort_by_parameter_order=True),
            [
                {
                    "user_id": user_id,
                    "label": "Rumah",
                    "recipient_name": f"Pembeli Serbu {i}",
                    "phone": f"+6281390{i:06d}",
                    "address_line": f"Jl. Kramat Raya No. {i + 1}",
                    "province_code": district[:2],
                    "region_code": district.rsplit(".", 1)[0],
                    "district_code": district,
                    "village_code": village.code,
                    "postal_code": "10110",
                    "is_default": True,
                }
                for i, user_id in enumerate(user_ids)
            ],
        )
    )
    price = dict(db.session.execute(text("SELECT id, price_idr FROM product_variants")).all())
    db.session.execute(
        insert(CartItem),
        [
            {
                "user_id": user_id,
                "variant_id": variant_id,
                "quantity": 1,
                "price_seen_idr": price[variant_id],
                "is_saved_for_later": False,
            }
            # Row by row in each buyer's own order: the cart's line order is CartItem.id.
            for user_id, variants in zip(user_ids, carts, strict=True)
            for variant_id in variants
        ],
    )
    db.session.commit()
    return list(zip(user_ids, address_ids, strict=True))


def race(
    app: Flask, buyers: list[tuple[int, int]], shipping: dict[int, str]
) -> tuple[list[tuple[str, str]], list[Any], list[int]]:
    """Every buyer places their cart from their own thread, app context, session and
    transaction, all released at once. Returns (outcome, message) per buyer, the sessions
    used and the transaction ids."""
    barrier = threading.Barrier(len(buyers), timeout=60)
    outcomes: list[tuple[str, str]] = []
    sessions: list[Any] = []
    txids: list[int] = []
    lock = threading.Lock()

    def attempt(user_id: int, address_id: int) -> None:
        with app.app_context():
            session = db.session()
            with lock:
                sessions.append(session)
            try:
                barrier.wait()
                txid = db.session.execute(text("SELECT txid_current()")).scalar_one()
                with lock:
                    txids.append(txid)
                buyer = db.session.get(User, user_id)
                place_checkout(
                    buyer,
                    CheckoutRequest(
                        idempotency_key=new_key(),
                        address_id=address_id,
                        payment_method="bank_transfer",
                        shipping=shipping,
                        notes={},
                    ),
                )
                db.session.commit()
                result = ("ok", "")
            except OutOfStock as exc:
                db.session.rollback()
                result = ("out_of_stock", str(exc.message))
            except Exception as exc:  # any other failure is reported by the test
                db.session.rollback()
                result = ("error", repr(exc))
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=buyer, daemon=True) for buyer in buyers]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), f"race still running after {JOIN_SECONDS}s"
    return outcomes, sessions, txids


def assert_no_orphans() -> None:
    orders_without_lines = select(func.count(Order.id)).where(
        ~exists().where(OrderLine.order_id == Order.id)
    )
    checkouts_without_orders = select(func.count(Checkout.id)).where(
        ~exists().where(Order.checkout_id == Checkout.id)
    )
    assert db.session.scalar(orders_without_lines) == 0
    assert db.session.scalar(checkouts_without_orders) == 0


@pytest.fixture
def race_app(database_url: str, tmp_path: Any) -> Any:
    """The session's database behind an engine whose pool lets 200 threads queue without
    timing out (the app's default pool is 5 + 10 connections, 30 s wait). Search indexing runs
    in the background as in production, into its own folder: 200 inline index writes would
    queue on the index lock, which is not what these tests are about."""
    from tests.conftest import make_test_app

    app = make_test_app(
        database_url,
        SQLALCHEMY_ENGINE_OPTIONS={
            "pool_pre_ping": True,
            "pool_size": 20,
            "max_overflow": 20,
            "pool_timeout": JOIN_SECONDS,
        },
        SEARCH_INDEX_ASYNC=True,
        SEARCH_DIR=str(tmp_path / "search"),
    )
    yield app
    app.extensions["search_indexer"].flush()
    with app.app_context():
        db.engine.dispose()


def test_200_checkouts_racing_for_50_units_sell_exactly_50(app, race_app):
    store = make_seller_store("Batik Jlamprang Pekalongan", region_code="33.75")
    batik = make_item(store, "Batik Cap Jlamprang 2 m", price_idr=185_000, stock=50)
    buyers = bulk_buyers(200, [[batik.id]] * 200)

    outcomes, sessions, txids = race(race_app, buyers, {store.id: "jne_reg"})

    tally = Counter(kind for kind, _ in outcomes)
    errors = [message for kind, message in outcomes if kind == "error"]
    assert errors == [], errors[:3]
    assert tally == {"ok": 50, "out_of_stock": 150}
    assert all("Stok habis" in message for kind, message in outcomes if kind == "out_of_stock")
    # 200 separate sessions and transactions, none of them the test's own.
    assert len({id(s) for s in sessions}) == 200
    assert db.session() not in sessions
    assert len(set(txids)) == 200

    db.session.expire_all()
    assert stock_of(batik) == 0
    assert count(Checkout) == 50
    assert count(Order) == 50
    assert count(OrderLine) == 50
    assert db.session.scalar(select(func.sum(OrderLine.quantity))) == 50
    assert_no_orphans()
    # The winners queued on the variant's lock, so each saw the others' unique codes: 50
    # transfers of the same goods and shipping still owe 50 different amounts.
    assert len(set(db.session.scalars(select(Checkout.amount_due_idr)))) == 50
    # Winners' carts are empty, losers keep their line.
    assert count(CartItem) == 150
    winners = set(db.session.scalars(select(Checkout.buyer_id)))
    assert not winners & set(db.session.scalars(select(CartItem.user_id)))


def test_carts_locking_two_variants_in_opposite_orders_never_deadlock(app, race_app):
    snacks = make_seller_store("Camilan Bu Sri Demak")
    batik = make_seller_store("Batik Jlamprang Pekalongan", region_code="33.75")
    tempe = make_item(snacks, "Keripik Tempe Pedas 250 g", price_idr=18_000, stock=500)
    kain = make_item(batik, "Batik Cap Jlamprang 2 m", price_idr=185_000, stock=500)
    carts = [[tempe.id, kain.id] if i % 2 else [kain.id, tempe.id] for i in range(200)]
    buyers = bulk_buyers(200, carts)
    first_lines = Counter(
        db.session.scalars(
            select(CartItem.variant_id).order_by(CartItem.user_id, CartItem.id)
        ).all()[::2]
    )
    assert first_lines == {tempe.id: 100, kain.id: 100}  # half start with each variant

    outcomes, _, _ = race(race_app, buyers, {snacks.id: "jne_reg", batik.id: "jne_reg"})

    errors = [message for kind, message in outcomes if kind != "ok"]
    assert errors == [], errors[:3]
    assert len(outcomes) == 200
    db.session.expire_all()
    assert (stock_of(tempe), stock_of(kain)) == (300, 300)
    assert count(Checkout) == 200
    assert count(Order) == 400
    assert count(OrderLine) == 400
    assert_no_orphans()


def test_a_checkout_form_submitted_twice_at_the_same_instant_places_one_checkout(app, client):
    buyer, address = make_buyer(name="Rina Kusumawati")
    tempe = make_item(make_seller_store(), "Keripik Tempe Pedas 250 g", stock=10)
    put_in_cart(buyer, tempe, 3)
    codes = first_shipping_codes(buyer, address)
    clients = [client, app.test_client()]
    forms = []
    key = new_key()
    for tab in clients:
        post_form(tab, "/masuk", {"email": buyer.email, "password": PASSWORD})
        html = tab.get("/checkout").get_data(as_text=True)
        form = {
            "csrf_token": csrf_from(html),
            "idempotency_key": key,
            "address_id": address.id,
            "payment_method": "bank_transfer",
            "place": "1",
        }
        form.update({f"shipping_{sid}": code for sid, code in codes.items()})
        forms.append(form)
    barrier = threading.Barrier(2, timeout=30)
    responses: list[Any] = [None, None]

    def submit(n: int) -> None:
        barrier.wait()
        responses[n] = clients[n].post("/checkout", data=forms[n])

    threads = [threading.Thread(target=submit, args=(n,), daemon=True) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)

    assert all(r is not None and r.status_code == 302 for r in responses), responses
    db.session.expire_all()
    placed = db.session.scalar(select(Checkout))
    assert count(Checkout) == 1 and count(Order) == 1
    assert stock_of(tempe) == 7
    assert all(r.headers["Location"].endswith(placed.public_id) for r in responses)
