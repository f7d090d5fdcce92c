"""The cart: adding (stock caps, minimums, what is not for sale), changing lines, saving for
later, the guest cart in the session and its merge at login, and the change notices."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.catalog.models import ProductStatus
from marketplace.extensions import db
from marketplace.orders.cart import (
    CartLine,
    DbCart,
    SessionCart,
    add_to_cart,
    merge_guest_cart,
    set_saved_for_later,
    update_quantity,
    view_cart,
)
from marketplace.orders.errors import InvalidQuantity, NotAvailable
from marketplace.orders.models import CartItem
from marketplace.stores.models import StoreStatus
from tests.conftest import csrf_from, post_form
from tests.factories import make_user
from tests.orders.helpers import make_item, make_seller_store, product_of, put_in_cart

pytestmark = pytest.mark.usefixtures("app")


def cart_items(user_id: int) -> dict[int, tuple[int, bool]]:
    """variant id -> (quantity, saved) of a user's cart rows, as stored."""
    db.session.expire_all()
    rows = db.session.scalars(select(CartItem).where(CartItem.user_id == user_id))
    return {r.variant_id: (r.quantity, r.is_saved_for_later) for r in rows}


def product_url(variant) -> str:
    product = product_of(variant)
    return f"/toko/{product.store.slug}/{product.slug}"


# -- Adding ------------------------------------------------------------------------------------


def test_adding_the_same_variant_twice_adds_the_quantities_up():
    user = make_user()
    keripik = make_item(make_seller_store("Keripik Bu Sri"), "Keripik Tempe Pedas 250 g", stock=20)
    cart = DbCart(user.id)

    add_to_cart(cart, variant_id=keripik.id, quantity=2)
    line = add_to_cart(cart, variant_id=keripik.id, quantity=3)
    db.session.commit()

    assert line.quantity == 5
    assert cart_items(user.id) == {keripik.id: (5, False)}


def test_adding_more_than_the_stock_is_capped_at_the_stock():
    user = make_user()
    batik = make_item(make_seller_store(), "Batik Cap Jlamprang", price_idr=185_000, stock=4)
    cart = DbCart(user.id)

    add_to_cart(cart, variant_id=batik.id, quantity=3)
    add_to_cart(cart, variant_id=batik.id, quantity=3)
    db.session.commit()

    assert cart_items(user.id) == {batik.id: (4, False)}


def test_the_minimum_order_of_a_variant_is_respected():
    user = make_user()
    emping = make_item(make_seller_store(), "Emping Melinjo 1 kg", min_order=5, stock=50)
    cart = DbCart(user.id)

    with pytest.raises(InvalidQuantity) as refused:
        add_to_cart(cart, variant_id=emping.id, quantity=2)
    db.session.rollback()
    assert "Minimal pembelian 5" in str(refused.value.message)
    assert cart_items(user.id) == {}

    add_to_cart(cart, variant_id=emping.id, quantity=5)
    db.session.commit()
    assert cart_items(user.id) == {emping.id: (5, False)}


@pytest.mark.parametrize("quantity", [0, -1, -50])
def test_a_zero_or_negative_quantity_is_refused(quantity):
    user = make_user()
    kopi = make_item(make_seller_store(), "Kopi Robusta Temanggung 200 g")
    put_in_cart(user, kopi, 2)

    with pytest.raises(InvalidQuantity):
        add_to_cart(DbCart(user.id), variant_id=kopi.id, quantity=quantity)
    db.session.rollback()

    assert cart_items(user.id) == {kopi.id: (2, False)}


def test_add_to_cart_refuses_an_absurd_quantity_instead_of_capping_it():
    # InvalidQuantity is documented for "absurdly large" quantities; a caller other than the
    # form (the API, a script) must not get a million silently turned into the stock.
    user = make_user()
    kopi = make_item(make_seller_store(), "Kopi Arabika Gayo 250 g", stock=10)

    with pytest.raises(InvalidQuantity):
        add_to_cart(DbCart(user.id), variant_id=kopi.id, quantity=1_000_000)
    db.session.rollback()

    assert cart_items(user.id) == {}


@pytest.mark.parametrize("quantity", ["0", "-2", "10000", "1000000", "dua"])
def test_the_add_form_refuses_a_quantity_out_of_range(client, login_as, quantity):
    user = make_user()
    kopi = make_item(make_seller_store(), "Kopi Arabika Gayo 250 g", stock=10)
    login_as(user)

    response = post_form(
        client,
        "/keranjang/tambah",
        {"variant_id": kopi.id, "quantity": quantity},
        page=product_url(kopi),
    )

    assert response.status_code == 302
    assert cart_items(user.id) == {}


@pytest.mark.parametrize("case", ["draft", "hidden", "store_not_live", "no_stock"])
def test_a_variant_not_for_sale_cannot_be_added(case):
    user = make_user()
    store = make_seller_store("Tenun Troso Jepara")
    tenun = make_item(store, "Kain Tenun Troso Motif Lurik", price_idr=350_000, stock=3)
    product = product_of(tenun)
    if case == "draft":
        product.status = ProductStatus.DRAFT
    elif case == "hidden":
        product.status = ProductStatus.HIDDEN
    elif case == "store_not_live":
        store.status = StoreStatus.SUSPENDED
    else:
        tenun.stock = 0
    db.session.commit()

    with pytest.raises(NotAvailable):
        add_to_cart(DbCart(user.id), variant_id=tenun.id, quantity=1)
    db.session.rollback()

    assert cart_items(user.id) == {}


def test_an_unknown_variant_cannot_be_added():
    user = make_user()
    with pytest.raises(NotAvailable):
        add_to_cart(DbCart(user.id), variant_id=987_654, quantity=1)


# -- Changing lines ----------------------------------------------------------------------------


def test_update_quantity_sets_caps_by_stock_and_zero_removes():
    user = make_user()
    store = make_seller_store()
    dodol = make_item(store, "Dodol Betawi 500 g", stock=6)
    wingko = make_item(store, "Wingko Babat Semarang isi 10", stock=8)
    cart = DbCart(user.id)
    add_to_cart(cart, variant_id=dodol.id, quantity=1)
    add_to_cart(cart, variant_id=wingko.id, quantity=1)

    update_quantity(cart, variant_id=dodol.id, quantity=4)
    assert cart_items(user.id)[dodol.id] == (4, False)

    update_quantity(cart, variant_id=dodol.id, quantity=50)
    assert cart_items(user.id)[dodol.id] == (6, False)

    with pytest.raises(InvalidQuantity):
        update_quantity(cart, variant_id=dodol.id, quantity=-1)

    update_quantity(cart, variant_id=dodol.id, quantity=0)
    db.session.commit()
    assert cart_items(user.id) == {wingko.id: (1, False)}


def test_update_quantity_of_a_line_not_in_the_cart_is_refused():
    user = make_user()
    dodol = make_item(make_seller_store(), "Dodol Garut 250 g")
    with pytest.raises(NotAvailable):
        update_quantity(DbCart(user.id), variant_id=dodol.id, quantity=2)


def test_save_for_later_and_move_back_keep_the_quantity():
    user = make_user()
    sambal = make_item(make_seller_store(), "Sambal Roa Manado 200 ml", stock=12)
    cart = DbCart(user.id)
    add_to_cart(cart, variant_id=sambal.id, quantity=3)

    set_saved_for_later(cart, variant_id=sambal.id, saved=True)
    db.session.commit()
    shown = view_cart(cart)
    assert cart_items(user.id) == {sambal.id: (3, True)}
    assert shown.groups == [] and [r.line.variant_id for r in shown.saved] == [sambal.id]
    assert shown.total_idr == 0

    set_saved_for_later(cart, variant_id=sambal.id, saved=False)
    db.session.commit()
    shown = view_cart(cart)
    assert cart_items(user.id) == {sambal.id: (3, False)}
    assert shown.saved == [] and shown.total_idr == 3 * 15_000


def change_line(client, variant_id: int, action: str, quantity: int | None = None) -> None:
    """Press a button of a cart line's form as a browser does: the lines in the cart send their
    quantity box, the saved-for-later and unavailable lines have none."""
    page = client.get("/keranjang").get_data(as_text=True)
    data = {"variant_id": variant_id, "action": action, "csrf_token": csrf_from(page)}
    if quantity is not None:
        data["quantity"] = quantity
    response = client.post("/keranjang/ubah", data=data)
    assert response.status_code == 302


def test_cart_page_actions_update_save_move_back_and_remove(client, login_as):
    user = make_user()
    store = make_seller_store("Bandeng Presto Juwana")
    bandeng = make_item(store, "Bandeng Presto Duri Lunak isi 4", price_idr=55_000, stock=9)
    terasi = make_item(store, "Terasi Udang Rembang 100 g", price_idr=12_000, stock=30)
    put_in_cart(user, bandeng, 1)
    put_in_cart(user, terasi, 2)
    login_as(user)

    change_line(client, bandeng.id, "update", 3)
    assert cart_items(user.id)[bandeng.id] == (3, False)

    change_line(client, terasi.id, "save", 2)
    assert cart_items(user.id)[terasi.id] == (2, True)
    body = client.get("/keranjang").get_data(as_text=True)
    saved_part = body.split("Disimpan untuk nanti", 1)[1]
    assert "Terasi Udang Rembang 100 g" in saved_part
    assert "Rp165.000" in body  # 3 x Rp55.000, the saved line is not in the total

    change_line(client, bandeng.id, "remove", 3)
    assert cart_items(user.id) == {terasi.id: (2, True)}


def test_a_saved_line_can_be_moved_back_from_its_form_without_a_quantity(client, login_as):
    # The "Disimpan untuk nanti" form has no quantity box (templates/cart/view.html).
    user = make_user()
    terasi = make_item(make_seller_store(), "Terasi Udang Rembang 100 g", price_idr=12_000)
    put_in_cart(user, terasi, 2, saved=True)
    login_as(user)

    change_line(client, terasi.id, "unsave")

    assert cart_items(user.id) == {terasi.id: (2, False)}


def test_a_saved_line_can_be_removed_from_its_form_without_a_quantity(client, login_as):
    user = make_user()
    terasi = make_item(make_seller_store(), "Terasi Udang Rembang 100 g", price_idr=12_000)
    put_in_cart(user, terasi, 2, saved=True)
    login_as(user)

    change_line(client, terasi.id, "remove")

    assert cart_items(user.id) == {}


def test_an_unavailable_line_can_be_removed_from_its_form(client, login_as):
    user = make_user()
    tenun = make_item(make_seller_store(), "Kain Tenun Ikat Sumba", price_idr=750_000)
    put_in_cart(user, tenun, 1)
    tenun.stock = 0
    db.session.commit()
    login_as(user)
    assert "Tidak tersedia lagi" in client.get("/keranjang").get_data(as_text=True)

    change_line(client, tenun.id, "remove")

    assert cart_items(user.id) == {}


# -- Guests ------------------------------------------------------------------------------------


def test_a_guest_cart_lives_in_the_session(client):
    klepon = make_item(make_seller_store(), "Kue Klepon Pandan isi 20", price_idr=25_000)

    response = post_form(
        client, "/keranjang/tambah", {"variant_id": klepon.id, "quantity": 2}, page="/keranjang"
    )

    assert response.status_code == 302
    body = client.get("/keranjang").get_data(as_text=True)
    assert "Kue Klepon Pandan isi 20" in body
    assert "Rp50.000" in body
    assert db.session.scalar(select(CartItem.id)) is None  # nothing in the database
    with client.session_transaction() as session:
        assert session["cart"] == [[klepon.id, 2, 25_000, 0]]


def test_a_guest_cart_merges_into_the_account_at_login(client, login_as):
    user = make_user()
    store = make_seller_store("Kerajinan Jepara")
    ukir = make_item(store, "Hiasan Dinding Ukir Jepara", price_idr=240_000, stock=10)
    lurik = make_item(store, "Kain Lurik Klaten 2 m", price_idr=95_000, stock=5)
    tempe = make_item(store, "Keripik Tempe Pedas 250 g", price_idr=18_000, stock=7)
    put_in_cart(user, ukir, 3)  # already in the account's cart
    put_in_cart(user, tempe, 6)
    for variant, quantity in ((ukir, 4), (lurik, 2), (tempe, 5)):
        post_form(
            client,
            "/keranjang/tambah",
            {"variant_id": variant.id, "quantity": quantity},
            page="/keranjang",
        )

    login_as(user)

    assert cart_items(user.id) == {
        ukir.id: (7, False),  # 3 + 4
        lurik.id: (2, False),
        tempe.id: (7, False),  # 6 + 5, capped by the stock of 7
    }
    with client.session_transaction() as session:
        assert "cart" not in session
    body = client.get("/keranjang").get_data(as_text=True)
    assert "Kain Lurik Klaten 2 m" in body


def test_a_guests_saved_for_later_line_stays_saved_after_login():
    user = make_user()
    store = make_seller_store()
    tempe = make_item(store, "Keripik Tempe Pedas 250 g", price_idr=18_000)
    lurik = make_item(store, "Kain Lurik Klaten 2 m", price_idr=95_000)
    guest = SessionCart({})
    guest.put(CartLine(tempe.id, 2, 18_000, saved=False))
    guest.put(CartLine(lurik.id, 1, 95_000, saved=True))

    merged = merge_guest_cart(guest, DbCart(user.id))
    db.session.commit()

    assert merged == 2
    assert guest.lines() == []
    assert cart_items(user.id) == {tempe.id: (2, False), lurik.id: (1, True)}


def test_merging_drops_guest_lines_no_longer_for_sale():
    user = make_user()
    store = make_seller_store()
    tempe = make_item(store, "Keripik Tempe Pedas 250 g")
    habis = make_item(store, "Getuk Goreng Sokaraja", stock=0)
    guest = SessionCart({})
    guest.put(CartLine(tempe.id, 1, 15_000))
    guest.put(CartLine(habis.id, 3, 15_000))
    guest.put(CartLine(987_654, 1, 15_000))

    assert merge_guest_cart(guest, DbCart(user.id)) == 1
    db.session.commit()

    assert cart_items(user.id) == {tempe.id: (1, False)}


# -- Notices -----------------------------------------------------------------------------------


def test_a_price_change_is_announced_once_and_the_new_price_shown(client, login_as):
    user = make_user()
    gula = make_item(make_seller_store(), "Gula Aren Banten 1 kg", price_idr=15_000)
    put_in_cart(user, gula, 2)
    gula.price_idr = 17_500
    db.session.commit()
    login_as(user)

    first = client.get("/keranjang").get_data(as_text=True)
    second = client.get("/keranjang").get_data(as_text=True)

    assert "Harga berubah dari Rp15.000 menjadi Rp17.500" in first
    assert "Ada perubahan harga atau stok" in first
    assert "Rp35.000" in first  # 2 x the new price
    assert "Harga berubah" not in second
    assert "Ada perubahan harga atau stok" not in second
    assert "Rp17.500" in second


def test_a_price_change_on_a_saved_line_is_announced_once(client, login_as):
    user = make_user()
    gula = make_item(make_seller_store(), "Gula Semut Kulon Progo 500 g", price_idr=30_000)
    put_in_cart(user, gula, 1, saved=True)
    gula.price_idr = 27_000
    db.session.commit()
    login_as(user)

    first = client.get("/keranjang").get_data(as_text=True)
    second = client.get("/keranjang").get_data(as_text=True)

    assert "Harga berubah dari Rp30.000 menjadi Rp27.000" in first
    assert "Harga berubah" not in second


def test_a_stock_drop_says_how_many_are_left_and_adjusts_the_quantity(client, login_as):
    user = make_user()
    madu = make_item(make_seller_store(), "Madu Hutan Sumbawa 500 ml", price_idr=90_000)
    put_in_cart(user, madu, 5)
    madu.stock = 2
    db.session.commit()
    login_as(user)

    body = client.get("/keranjang").get_data(as_text=True)

    assert "Stok tinggal 2" in body
    assert "Rp180.000" in body  # 2 x Rp90.000
    assert cart_items(user.id) == {madu.id: (2, False)}
    assert "Stok tinggal" not in client.get("/keranjang").get_data(as_text=True)


def test_the_cart_page_runs_the_same_queries_for_one_and_ten_lines(client, login_as, count_queries):
    user = make_user()
    store = make_seller_store()
    items = [make_item(store, f"Kerupuk Udang Sidoarjo {n}") for n in range(10)]
    put_in_cart(user, items[0], 1)
    login_as(user)
    client.get("/keranjang")
    with count_queries() as one:
        assert "Kerupuk Udang Sidoarjo 0" in client.get("/keranjang").get_data(as_text=True)

    other_store = make_seller_store()
    for n, variant in enumerate(items[1:]):
        if n % 2:
            variant.store_id = other_store.id
            product_of(variant).store_id = other_store.id
        put_in_cart(user, variant, 2)
    db.session.commit()
    client.get("/keranjang")
    with count_queries() as ten:
        assert "Kerupuk Udang Sidoarjo 9" in client.get("/keranjang").get_data(as_text=True)

    assert one.count == ten.count


def test_cart_posts_without_a_csrf_token_are_refused(client, login_as):
    user = make_user()
    kopi = make_item(make_seller_store(), "Kopi Luwak Lampung 100 g")
    put_in_cart(user, kopi, 1)
    login_as(user)

    added = client.post("/keranjang/tambah", data={"variant_id": kopi.id, "quantity": 3})
    changed = client.post(
        "/keranjang/ubah", data={"variant_id": kopi.id, "action": "remove", "quantity": ""}
    )

    assert added.status_code == 400
    assert changed.status_code == 400
    assert cart_items(user.id) == {kopi.id: (1, False)}


def test_a_guest_cart_post_without_a_csrf_token_is_refused(client):
    kopi = make_item(make_seller_store(), "Kopi Luwak Lampung 100 g")
    client.get("/keranjang")

    response = client.post("/keranjang/tambah", data={"variant_id": kopi.id, "quantity": 1})

    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "cart" not in session


def test_a_variant_id_that_is_not_a_number_is_refused_cleanly(client):
    page = client.get("/keranjang").get_data(as_text=True)

    response = client.post(
        "/keranjang/tambah",
        data={"variant_id": "satu", "quantity": "1", "csrf_token": csrf_from(page)},
    )

    assert response.status_code == 302
    assert "Keranjang Anda masih kosong" in client.get("/keranjang").get_data(as_text=True)
