"""Buyers see only their own orders and addresses; the pages need a login; the order list
runs a fixed number of queries."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.orders.models import Address
from tests.conftest import csrf_from
from tests.orders.helpers import (
    buy,
    jakarta_village_code,
    make_buyer,
    make_item,
    make_order_row,
    make_seller_store,
)

pytestmark = pytest.mark.usefixtures("app")


def address_form_data(html: str, **overrides) -> dict:
    data = {
        "csrf_token": csrf_from(html),
        "label": "Kantor",
        "recipient_name": "Penyusup",
        "phone": "0813 1111 2222",
        "address_line": "Jl. Diganti Orang Lain No. 13",
        "province_code": "31",
        "region_code": "31.71",
        "district_code": jakarta_village_code().rsplit(".", 1)[0],
        "village_code": jakarta_village_code(),
        "postal_code": "10120",
    }
    data.update(overrides)
    return data


def test_a_buyer_cannot_open_another_buyers_order(client, login_as):
    alice, _ = make_buyer(name="Ayu Lestari")
    budi, budi_address = make_buyer(name="Budi Santoso")
    tempe = make_item(make_seller_store(), "Keripik Tempe Pedas 250 g")
    checkout = buy(budi, budi_address, tempe, 2)
    number = checkout.orders[0].number
    login_as(alice)

    response = client.get(f"/pesanan/{number}")

    assert response.status_code == 404
    assert "Keripik Tempe Pedas" not in response.get_data(as_text=True)
    assert client.get("/pesanan").get_data(as_text=True).count(number) == 0


def test_a_buyer_can_open_their_own_order(client, login_as):
    budi, budi_address = make_buyer(name="Budi Santoso")
    tempe = make_item(make_seller_store(), "Keripik Tempe Pedas 250 g")
    checkout = buy(budi, budi_address, tempe, 2)
    login_as(budi)

    response = client.get(f"/pesanan/{checkout.orders[0].number}")

    assert response.status_code == 200
    assert "Keripik Tempe Pedas 250 g" in response.get_data(as_text=True)


def test_a_buyer_cannot_open_or_change_another_buyers_address(client, login_as):
    alice, alice_address = make_buyer(name="Ayu Lestari")
    _, budi_address = make_buyer(name="Budi Santoso")
    login_as(alice)
    own_page = client.get("/akun/alamat").get_data(as_text=True)

    seen = client.get(f"/akun/alamat/{budi_address.id}")
    changed = client.post(f"/akun/alamat/{budi_address.id}", data=address_form_data(own_page))

    assert seen.status_code == 404
    assert "Budi Santoso" not in seen.get_data(as_text=True)
    assert changed.status_code == 404
    db.session.expire_all()
    kept = db.session.get(Address, budi_address.id)
    assert kept.recipient_name == "Budi Santoso"
    assert kept.address_line == "Jl. Medan Merdeka Barat No. 12, RT 03/RW 02"
    assert kept.user_id != alice.id
    assert "Budi Santoso" not in client.get("/akun/alamat").get_data(as_text=True)
    assert db.session.get(Address, alice_address.id).recipient_name == "Ayu Lestari"


def test_a_buyer_can_edit_their_own_address(client, login_as):
    alice, alice_address = make_buyer(name="Ayu Lestari")
    login_as(alice)

    page = client.get(f"/akun/alamat/{alice_address.id}")
    assert page.status_code == 200
    response = client.post(
        f"/akun/alamat/{alice_address.id}",
        data=address_form_data(page.get_data(as_text=True), recipient_name="Ayu L."),
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Address, alice_address.id).recipient_name == "Ayu L."


@pytest.mark.parametrize(
    "url",
    ["/checkout", "/pesanan", "/pesanan/PIK-261123-ABCDEF", "/akun/alamat", "/akun/alamat/baru"],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_posting_the_checkout_anonymously_is_sent_to_log_in(client):
    html = client.get("/keranjang").get_data(as_text=True)
    response = client.post("/checkout", data={"csrf_token": csrf_from(html), "place": "1"})

    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_the_order_list_shows_only_ones_own_orders(client, login_as):
    alice, _ = make_buyer(name="Ayu Lestari")
    budi, _ = make_buyer(name="Budi Santoso")
    store = make_seller_store()
    mine = [make_order_row(alice, store, product_name="Batik Tulis Lasem") for _ in range(2)]
    theirs = make_order_row(budi, store, product_name="Tenun Ikat Sumba")
    login_as(alice)

    body = client.get("/pesanan").get_data(as_text=True)

    assert all(order.number in body for order in mine)
    assert theirs.number not in body
    assert "Tenun Ikat Sumba" not in body


def test_the_order_list_runs_the_same_queries_for_1_and_15_orders(client, login_as, count_queries):
    alice, _ = make_buyer()
    stores = [make_seller_store(f"Toko Batik {n}") for n in range(3)]
    first = make_order_row(alice, stores[0], product_name="Batik Cap Jlamprang").number
    login_as(alice)
    client.get("/pesanan")
    with count_queries() as one:
        assert first in client.get("/pesanan").get_data(as_text=True)

    numbers = [
        make_order_row(alice, stores[n % 3], product_name=f"Batik Tulis Motif {n}").number
        for n in range(14)
    ]
    with count_queries() as fifteen:
        body = client.get("/pesanan").get_data(as_text=True)

    assert all(number in body for number in numbers)
    assert one.count == fifteen.count


def test_a_seller_cannot_see_or_act_on_another_stores_orders(app):
    from marketplace.orders.models import OrderStatus
    from tests.orders.after_sale import client_for, sell

    theirs = sell(OrderStatus.PAID)
    mine = sell(OrderStatus.PAID)
    client = client_for(app, mine.seller)
    number = theirs.order.number

    # Their store's pages, and their order reached through my store's URL: all 404.
    assert client.get(f"/penjual/toko/{theirs.store.id}/pesanan").status_code == 404
    for store_id in (theirs.store.id, mine.store.id):
        base = f"/penjual/toko/{store_id}/pesanan/{number}"
        assert client.get(base).status_code == 404
        assert client.get(base + "/slip").status_code == 404
        page = client.get(f"/penjual/toko/{mine.store.id}/pesanan/{mine.order.number}")
        token = csrf_from(page.get_data(as_text=True))
        response = client.post(base + "/proses", data={"csrf_token": token})
        assert response.status_code == 404
    db.session.refresh(theirs.order)
    assert theirs.order.status == OrderStatus.PAID
    # My own order is mine to see.
    assert client.get(f"/penjual/toko/{mine.store.id}/pesanan").status_code == 200
    assert number not in client.get(f"/penjual/toko/{mine.store.id}/pesanan").get_data(as_text=True)


def test_the_seller_queue_runs_the_same_queries_for_one_and_many_orders(app, count_queries):
    from marketplace.orders.models import OrderStatus
    from tests.orders.after_sale import client_for, sell

    first = sell(OrderStatus.PAID)
    client = client_for(app, first.seller)
    url = f"/penjual/toko/{first.store.id}/pesanan"
    client.get(url)
    with count_queries() as one:
        client.get(url)
    for _ in range(6):
        sell(OrderStatus.PAID, store=first.store, seller=first.seller)
    with count_queries() as many:
        body = client.get(url).get_data(as_text=True)

    assert body.count('class="panel order-row"') == 7
    assert one.count == many.count
