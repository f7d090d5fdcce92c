"""Placing a checkout: one order per store under one payment, totals computed on the server,
stock reserved, the cart emptied, idempotent per form, and nothing written when refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.catalog.models import ProductStatus
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.errors import (
    EmptyCart,
    InvalidAddress,
    InvalidCheckout,
    InvalidQuantity,
    NotAvailable,
    OutOfStock,
)
from marketplace.orders.models import (
    CartItem,
    Checkout,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
)
from marketplace.orders.services import place_checkout, store_shipping
from marketplace.shipping.rates import ShippingUnavailable, quote_for
from marketplace.stores.models import StoreStatus
from tests.conftest import csrf_from
from tests.orders.helpers import (
    checkout_request,
    count,
    first_shipping_codes,
    make_buyer,
    make_item,
    make_seller_store,
    new_key,
    place,
    product_of,
    put_in_cart,
    stock_of,
)

pytestmark = pytest.mark.usefixtures("app")


def two_store_cart():
    """A buyer in Jakarta with a cart from a Demak snack maker and a Pekalongan batik house."""
    buyer, address = make_buyer(name="Rina Kusumawati")
    snacks = make_seller_store("Camilan Bu Sri Demak")
    batik = make_seller_store(
        "Batik Jlamprang Pekalongan",
        region_code="33.75",
        city_name="Kota Pekalongan",
        shipping_services=["jne_reg"],
    )
    tempe = make_item(snacks, "Keripik Tempe Pedas 250 g", price_idr=18_000, weight_grams=250)
    emping = make_item(snacks, "Emping Melinjo Manis 500 g", price_idr=35_000, weight_grams=500)
    kain = make_item(batik, "Batik Cap Jlamprang 2 m", price_idr=185_000, weight_grams=400, stock=5)
    put_in_cart(buyer, tempe, 3)
    put_in_cart(buyer, emping, 1)
    put_in_cart(buyer, kain, 2)
    return buyer, address, (snacks, batik), (tempe, emping, kain)


def nothing_placed() -> bool:
    return count(Checkout) == count(Order) == count(OrderLine) == count(OrderEvent) == 0


# -- The happy path ----------------------------------------------------------------------------


def test_a_cart_of_two_stores_becomes_two_orders_under_one_checkout():
    buyer, address, (snacks, batik), _ = two_store_cart()
    codes = first_shipping_codes(buyer, address)

    checkout = place(buyer, address, shipping=codes)

    db.session.expire_all()
    orders = db.session.scalars(select(Order).order_by(Order.store_id)).all()
    assert count(Checkout) == 1
    assert [o.store_id for o in orders] == sorted([snacks.id, batik.id])
    assert all(o.checkout_id == checkout.id and o.buyer_id == buyer.id for o in orders)
    by_store = {o.store_id: o for o in orders}
    expected = {
        snacks.id: (3 * 18_000 + 35_000, 3 * 250 + 500),
        batik.id: (2 * 185_000, 2 * 400),
    }
    for store in (snacks, batik):
        order = by_store[store.id]
        goods, weight = expected[store.id]
        quote = quote_for(
            codes[store.id],
            store_shipping(store),
            origin_region=store.region_code,
            destination_region=address.region_code,
            weight_grams=weight,
        )
        assert order.goods_idr == goods
        assert order.weight_grams == weight
        assert order.shipping_code == codes[store.id]
        assert order.shipping_idr == quote.cost_idr > 0
        assert order.total_idr == goods + quote.cost_idr
        assert order.status == OrderStatus.PENDING_PAYMENT
        assert order.number.startswith("PIK-")
    assert checkout.goods_idr == sum(o.goods_idr for o in orders) == 459_000
    assert checkout.shipping_idr == sum(o.shipping_idr for o in orders)
    assert len({o.number for o in orders}) == 2


def test_a_bank_transfer_owes_goods_plus_shipping_plus_a_unique_code():
    buyer, address, _, _ = two_store_cart()

    checkout = place(buyer, address, payment_method="bank_transfer")

    assert 1 <= checkout.unique_code <= 999
    assert checkout.amount_due_idr == (
        checkout.goods_idr + checkout.shipping_idr + checkout.unique_code
    )
    assert checkout.payment_method == "bank_transfer"
    window = checkout.expires_at - utcnow()
    assert timedelta(hours=23, minutes=59) < window <= timedelta(hours=24)


def test_two_open_transfers_of_the_same_amount_get_different_unique_codes():
    store = make_seller_store()
    codes = set()
    for n in range(2):
        buyer, address = make_buyer()
        checkout = place_after_putting(buyer, address, make_item(store, f"Wingko Babat {n}"))
        codes.add(checkout.amount_due_idr)
    assert len(codes) == 2


def place_after_putting(buyer, address, variant, quantity: int = 1, **kw):
    put_in_cart(buyer, variant, quantity)
    return place(buyer, address, **kw)


def test_each_order_starts_with_a_pending_payment_event_by_the_buyer():
    buyer, address, _, _ = two_store_cart()

    checkout = place(buyer, address)

    events = db.session.scalars(select(OrderEvent).order_by(OrderEvent.order_id)).all()
    assert [e.order_id for e in events] == sorted(o.id for o in checkout.orders)
    assert {(e.actor_user_id, e.from_status, e.to_status) for e in events} == {
        (buyer.id, None, OrderStatus.PENDING_PAYMENT)
    }


def test_order_lines_keep_the_name_and_price_of_the_moment_of_purchase():
    buyer, address, _, (tempe, _, kain) = two_store_cart()
    place(buyer, address)

    product = product_of(tempe)
    product.name = "Keripik Tempe Original 200 g"
    tempe.price_idr = 21_000
    tempe.sku = "KTP-NEW"
    db.session.commit()
    db.session.expire_all()

    line = db.session.scalar(select(OrderLine).where(OrderLine.variant_id == tempe.id))
    assert line.product_name == "Keripik Tempe Pedas 250 g"
    assert line.unit_price_idr == 18_000
    assert line.quantity == 3
    assert line.line_total_idr == 54_000
    assert line.weight_grams == 750
    assert line.sku != "KTP-NEW"
    assert line.category_id == product.category_id
    batik_line = db.session.scalar(select(OrderLine).where(OrderLine.variant_id == kain.id))
    assert batik_line.product_name == "Batik Cap Jlamprang 2 m"
    assert batik_line.unit_price_idr == 185_000


def test_the_delivery_address_is_copied_onto_the_checkout():
    buyer, address, _, _ = two_store_cart()
    checkout = place(buyer, address)

    address.address_line = "Jl. Pindah Rumah No. 1"
    db.session.commit()
    db.session.expire_all()

    placed = db.session.get(Checkout, checkout.id)
    assert placed.address_line == "Jl. Medan Merdeka Barat No. 12, RT 03/RW 02"
    assert placed.recipient_name == "Rina Kusumawati"
    assert placed.region_code == "31.71" and placed.village_code == address.village_code
    assert "Gambir" in placed.address_text


def test_placing_subtracts_the_stock_bought():
    buyer, address, _, (tempe, emping, kain) = two_store_cart()

    place(buyer, address)

    assert (stock_of(tempe), stock_of(emping), stock_of(kain)) == (7, 9, 3)


def test_placing_empties_the_cart_of_bought_lines_but_keeps_saved_ones():
    buyer, address, (snacks, _), _ = two_store_cart()
    later = make_item(snacks, "Kerupuk Ikan Tenggiri Palembang", price_idr=30_000)
    put_in_cart(buyer, later, 2, saved=True)

    place(buyer, address)

    db.session.expire_all()
    left = db.session.scalars(select(CartItem)).all()
    assert [(i.variant_id, i.quantity, i.is_saved_for_later) for i in left] == [(later.id, 2, True)]
    assert stock_of(later) == 10
    assert "Kerupuk Ikan Tenggiri" not in {
        line.product_name for line in db.session.scalars(select(OrderLine))
    }


def test_the_same_idempotency_key_twice_returns_the_same_checkout_and_reserves_once():
    buyer, address, _, (tempe, emping, kain) = two_store_cart()
    key = new_key()

    first = place(buyer, address, key=key)
    put_in_cart(buyer, tempe, 1)  # even with a new cart, the same form finds the same checkout
    again = place(buyer, address, key=key)

    assert again.id == first.id
    assert count(Checkout) == 1 and count(Order) == 2
    assert (stock_of(tempe), stock_of(emping), stock_of(kain)) == (7, 9, 3)


def test_an_empty_cart_cannot_be_placed():
    buyer, address = make_buyer()
    with pytest.raises(EmptyCart):
        place_checkout(buyer, checkout_request(buyer, address, shipping={}))
    db.session.rollback()
    assert nothing_placed()


def test_a_cart_of_only_saved_lines_cannot_be_placed():
    buyer, address = make_buyer()
    put_in_cart(buyer, make_item(make_seller_store(), "Gethuk Lindri Magelang"), 2, saved=True)
    with pytest.raises(EmptyCart):
        place_checkout(buyer, checkout_request(buyer, address, shipping={}))
    db.session.rollback()
    assert nothing_placed()


@pytest.mark.parametrize("key", ["", "short", "x" * 65])
def test_an_idempotency_key_of_the_wrong_size_is_refused(key):
    buyer, address, _, (tempe, _, _) = two_store_cart()
    request = checkout_request(buyer, address)
    with pytest.raises(InvalidCheckout):
        place_checkout(buyer, request.__class__(**{**request.__dict__, "idempotency_key": key}))
    db.session.rollback()
    assert nothing_placed() and stock_of(tempe) == 10


def test_the_buyer_is_emailed_the_amount_due_and_payment_link_once(outbox):
    buyer, address, _, _ = two_store_cart()

    checkout = place(buyer, address)

    assert len(outbox) == 1
    message = outbox[0]
    body = message.get_payload(decode=True).decode()
    assert message["To"] == buyer.email
    assert f"/bayar/{checkout.public_id}" in body
    assert all(order.number in body for order in checkout.orders)
    assert f"Rp{checkout.amount_due_idr:,}".replace(",", ".") in body


def test_a_refused_checkout_sends_no_email(outbox):
    buyer, address, _, (_, _, kain) = two_store_cart()
    kain.stock = 1
    db.session.commit()

    with pytest.raises(OutOfStock):
        place_checkout(buyer, checkout_request(buyer, address))
    db.session.rollback()

    assert outbox == []


# -- Refusals: nothing written -----------------------------------------------------------------


@pytest.mark.parametrize("quantity", [-1, 0])
def test_a_zero_or_negative_quantity_in_the_cart_is_refused(quantity):
    buyer, address = make_buyer()
    store = make_seller_store()
    good = make_item(store, "Lanting Kebumen 250 g")
    bad = make_item(store, "Jenang Kudus 500 g")
    put_in_cart(buyer, good, 2)
    put_in_cart(buyer, bad, 1)
    db.session.execute(
        CartItem.__table__.update().where(CartItem.variant_id == bad.id).values(quantity=quantity)
    )
    db.session.commit()
    request = checkout_request(buyer, address, shipping={store.id: "jne_reg"})

    with pytest.raises(InvalidQuantity):
        place_checkout(buyer, request)
    db.session.rollback()

    assert nothing_placed()
    assert (stock_of(good), stock_of(bad)) == (10, 10)


def test_a_quantity_below_the_minimum_order_is_refused_at_checkout():
    buyer, address = make_buyer()
    store = make_seller_store()
    grosir = make_item(store, "Kerupuk Rambak Kulit Sapi (grosir)", min_order=10, stock=100)
    put_in_cart(buyer, grosir, 3)

    with pytest.raises(InvalidQuantity):
        place_checkout(buyer, checkout_request(buyer, address, shipping={store.id: "jne_reg"}))
    db.session.rollback()

    assert nothing_placed() and stock_of(grosir) == 100


def test_more_than_the_stock_is_refused_as_out_of_stock_and_nothing_is_written():
    buyer, address = make_buyer()
    store = make_seller_store()
    tempe = make_item(store, "Keripik Tempe Pedas 250 g", stock=10)
    madu = make_item(store, "Madu Klanceng 250 ml", price_idr=120_000, stock=2)
    put_in_cart(buyer, tempe, 4)
    put_in_cart(buyer, madu, 3)
    request = checkout_request(buyer, address, shipping={store.id: "jne_reg"})

    with pytest.raises(OutOfStock) as refused:
        place_checkout(buyer, request)
    db.session.rollback()

    message = str(refused.value.message)
    assert "Stok habis atau kurang" in message
    assert "Madu Klanceng 250 ml (sisa 2)" in message
    assert "Keripik Tempe" not in message
    assert refused.value.lines == [("Madu Klanceng 250 ml", 3, 2)]
    assert nothing_placed()
    assert (stock_of(tempe), stock_of(madu)) == (10, 2)
    assert count(CartItem) == 2  # the cart is left as it was


def test_an_unknown_shipping_code_is_refused_and_nothing_is_written():
    buyer, address, (_, batik), (tempe, emping, kain) = two_store_cart()
    codes = first_shipping_codes(buyer, address)
    codes[batik.id] = "kapal_laut_kilat"

    with pytest.raises(ShippingUnavailable):
        place_checkout(buyer, checkout_request(buyer, address, shipping=codes))
    db.session.rollback()

    assert nothing_placed()
    assert (stock_of(tempe), stock_of(emping), stock_of(kain)) == (10, 10, 5)
    assert count(CartItem) == 3


def test_a_service_the_store_does_not_offer_is_refused():
    buyer, address, (_, batik), (_, _, kain) = two_store_cart()
    codes = first_shipping_codes(buyer, address)
    codes[batik.id] = "sicepat_reg"  # a real service, but not one this store ships with

    with pytest.raises(ShippingUnavailable):
        place_checkout(buyer, checkout_request(buyer, address, shipping=codes))
    db.session.rollback()

    assert nothing_placed() and stock_of(kain) == 5


def test_a_missing_shipping_choice_for_one_store_is_refused():
    buyer, address, (_, batik), (_, _, kain) = two_store_cart()
    codes = first_shipping_codes(buyer, address)
    del codes[batik.id]

    with pytest.raises(InvalidCheckout):
        place_checkout(buyer, checkout_request(buyer, address, shipping=codes))
    db.session.rollback()

    assert nothing_placed() and stock_of(kain) == 5


def test_the_address_of_another_user_is_refused():
    buyer, _, _, (tempe, _, _) = two_store_cart()
    _, someone_elses = make_buyer(name="Dewi Lestari")

    with pytest.raises(InvalidAddress):
        place_checkout(buyer, checkout_request(buyer, someone_elses))
    db.session.rollback()

    assert nothing_placed() and stock_of(tempe) == 10


def test_card_payment_is_refused_when_stripe_is_not_configured(app, monkeypatch):
    for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
        monkeypatch.setitem(app.config, name, None)
    buyer, address, _, (tempe, _, _) = two_store_cart()

    with pytest.raises(InvalidCheckout):
        place_checkout(buyer, checkout_request(buyer, address, payment_method="card"))
    db.session.rollback()

    assert nothing_placed() and stock_of(tempe) == 10


def test_an_unknown_payment_method_is_refused():
    buyer, address, _, (tempe, _, _) = two_store_cart()
    with pytest.raises(InvalidCheckout):
        place_checkout(buyer, checkout_request(buyer, address, payment_method="cod"))
    db.session.rollback()
    assert nothing_placed() and stock_of(tempe) == 10


@pytest.mark.parametrize("change", ["hidden", "draft", "archived", "store_suspended"])
def test_a_product_that_became_unavailable_after_adding_is_refused(change):
    buyer, address, (snacks, _), (tempe, emping, kain) = two_store_cart()
    codes = first_shipping_codes(buyer, address)
    if change == "hidden":
        product_of(emping).status = ProductStatus.HIDDEN
    elif change == "draft":
        product_of(emping).status = ProductStatus.DRAFT
    elif change == "archived":
        product_of(emping).status = ProductStatus.ARCHIVED
    else:
        snacks.status = StoreStatus.SUSPENDED
    db.session.commit()

    with pytest.raises(NotAvailable):
        place_checkout(buyer, checkout_request(buyer, address, shipping=codes))
    db.session.rollback()

    assert nothing_placed()
    assert (stock_of(tempe), stock_of(kain)) == (10, 5)


# -- Through the checkout page -----------------------------------------------------------------

_KEY_RE = re.compile(r'name="idempotency_key" value="([^"]+)"')


def checkout_form(client, buyer, address, **extra):
    """What the checkout page's form sends when "Buat pesanan" is pressed."""
    page = client.get("/checkout")
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(html),
        "idempotency_key": _KEY_RE.search(html).group(1),
        "address_id": address.id,
        "payment_method": "bank_transfer",
        "place": "1",
    }
    for store_id, code in first_shipping_codes(buyer, address).items():
        data[f"shipping_{store_id}"] = code
    data.update(extra)
    return data


def test_placing_from_the_checkout_page_redirects_to_payment(client, login_as):
    buyer, address, _, (tempe, _, _) = two_store_cart()
    login_as(buyer)

    response = client.post("/checkout", data=checkout_form(client, buyer, address))

    assert response.status_code == 302
    checkout = db.session.scalar(select(Checkout))
    assert checkout is not None and checkout.public_id in response.headers["Location"]
    assert count(Order) == 2 and stock_of(tempe) == 7


def test_a_double_submitted_checkout_form_places_one_checkout(client, login_as):
    buyer, address, _, (tempe, emping, kain) = two_store_cart()
    login_as(buyer)
    data = checkout_form(client, buyer, address)

    first = client.post("/checkout", data=data)
    second = client.post("/checkout", data=data)

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Checkout) == 1 and count(Order) == 2
    assert (stock_of(tempe), stock_of(emping), stock_of(kain)) == (7, 9, 3)


def test_prices_and_totals_sent_by_the_browser_are_ignored(client, login_as):
    buyer, address, _, (tempe, _, kain) = two_store_cart()
    login_as(buyer)
    data = checkout_form(
        client,
        buyer,
        address,
        price_idr="1",
        unit_price_idr="1",
        goods_idr="1",
        shipping_idr="0",
        amount_due_idr="100",
        total_idr="1",
        unique_code="0",
        **{f"price_{tempe.id}": "1", f"quantity_{kain.id}": "99", "status": "paid"},
    )

    response = client.post("/checkout", data=data)

    assert response.status_code == 302
    checkout = db.session.scalar(select(Checkout))
    assert checkout.goods_idr == 3 * 18_000 + 35_000 + 2 * 185_000
    assert checkout.amount_due_idr == checkout.goods_idr + checkout.shipping_idr + (
        checkout.unique_code
    )
    assert checkout.shipping_idr > 0 and 1 <= checkout.unique_code <= 999
    assert checkout.status == "pending_payment"
    assert {o.status for o in checkout.orders} == {OrderStatus.PENDING_PAYMENT}
    assert stock_of(kain) == 3


def test_out_of_stock_on_the_checkout_page_says_so_and_writes_nothing(client, login_as):
    buyer, address, _, (tempe, emping, kain) = two_store_cart()
    login_as(buyer)
    data = checkout_form(client, buyer, address)
    kain.stock = 1  # someone else bought the batik meanwhile
    db.session.commit()

    response = client.post("/checkout", data=data, follow_redirects=True)

    assert "Stok habis atau kurang" in response.get_data(as_text=True)
    assert nothing_placed()
    assert (stock_of(tempe), stock_of(emping), stock_of(kain)) == (10, 10, 1)


def test_an_unknown_shipping_code_on_the_checkout_page_writes_nothing(client, login_as):
    buyer, address, (snacks, _), (tempe, _, _) = two_store_cart()
    login_as(buyer)
    data = checkout_form(client, buyer, address, **{f"shipping_{snacks.id}": "ojek_online"})

    response = client.post("/checkout", data=data, follow_redirects=True)

    assert "Pilihan pengiriman ini tidak tersedia" in response.get_data(as_text=True)
    assert nothing_placed() and stock_of(tempe) == 10


def test_the_checkout_page_never_ships_to_another_users_address(client, login_as):
    buyer, address, _, _ = two_store_cart()
    _, someone_elses = make_buyer(name="Dewi Lestari")
    login_as(buyer)
    data = checkout_form(client, buyer, address, address_id=someone_elses.id)

    client.post("/checkout", data=data)

    placed = db.session.scalars(select(Checkout)).all()
    assert all(c.recipient_name != "Dewi Lestari" for c in placed)
    assert all(c.buyer_id == buyer.id for c in placed)


def test_placing_without_a_csrf_token_is_refused(client, login_as):
    buyer, address, _, (tempe, _, _) = two_store_cart()
    login_as(buyer)
    data = checkout_form(client, buyer, address)
    del data["csrf_token"]

    response = client.post("/checkout", data=data)

    assert response.status_code == 400
    assert nothing_placed() and stock_of(tempe) == 10
