"""The ordering pages of a business: quick order (rows and CSV), saved lists, approvals, the
business's orders; who may open them, and nothing of another business."""

from __future__ import annotations

import io
import re

import pytest

from marketplace.extensions import db
from marketplace.orders.models import Checkout, CheckoutStatus, Order, OrderStatus
from marketplace.wholesale.acting import SESSION_KEY
from marketplace.wholesale.models import ApprovalStatus, OrderList, PurchaseApproval
from marketplace.wholesale.order_lists import create_order_list
from marketplace.wholesale.quick_order import RowInput
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD, make_user
from tests.orders.helpers import count, stock_of
from tests.wholesale.helpers import (
    delivery_in,
    make_business_account,
    make_supplier,
    make_wholesale_item,
    purchase,
)

pytestmark = pytest.mark.usefixtures("app")

QUICK = "/grosir/pesan-cepat"


def act_as(client, login_as, user, business):
    """Log in and act for the business, as the header switcher does."""
    login_as(user)
    with client.session_transaction() as session:
        session[SESSION_KEY] = business.id


def login_with(client):
    """`login_as` for another client (a second person at another device)."""

    def _login(user):
        response = post_form(client, "/masuk", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302

    return _login


def quick_form(client, outlet, lines, **extra):
    """The quick-order form as a browser sends it: rows, location, date, payment."""
    html = client.get(QUICK).get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html).group(1)
    data = {
        "csrf_token": csrf_from(html),
        "idempotency_key": key,
        "location_id": str(outlet.id),
        "delivery_on": delivery_in().isoformat(),
        "payment": "terms",
        "shown": "10",
    }
    for n, (sku, quantity) in enumerate(lines, start=1):
        data[f"sku_{n}"] = sku
        data[f"qty_{n}"] = str(quantity)
    data.update(extra)
    return data


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def shop():
    """A verified hotel (net 30, credit 100 jt) and a Demak bakery selling bread wholesale."""
    business, members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(slug="roti-demak"), "Roti Tawar Gandum")
    return business, members, outlet, bread


# -- Quick order -------------------------------------------------------------------------------


def test_the_quick_order_shows_ten_rows_and_more_on_request(client, login_as, shop):
    business, members, _outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)

    first = text(client.get(QUICK))
    more = text(client.get(f"{QUICK}?rows=20"))
    prefilled = text(client.get(f"{QUICK}?sku={bread.sku}"))

    assert 'name="sku_10"' in first and 'name="sku_11"' not in first
    assert 'name="sku_20"' in more and 'name="sku_21"' not in more
    assert f'name="sku_1" value="{bread.sku}"' in prefilled


def test_adding_rows_keeps_what_was_typed(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)

    response = client.post(QUICK, data=quick_form(client, outlet, [(bread.sku, 12)], rows="20"))

    body = text(response)
    assert response.status_code == 200
    assert 'name="sku_20"' in body
    assert f'name="sku_1" value="{bread.sku}"' in body and 'name="qty_1" value="12"' in body
    assert count(Checkout) == 0


def test_checking_shows_the_tier_price_the_server_applies(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)

    body = text(client.post(QUICK, data=quick_form(client, outlet, [(bread.sku, 60)], check="1")))

    assert "Rp10.500" in body and "Rp630.000" in body
    assert 'name="place"' in body
    assert count(Checkout) == 0


def test_placing_on_terms_ignores_a_tampered_price_and_goes_to_the_seller(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)
    data = quick_form(
        client, outlet, [(bread.sku, 60)], place="1", unit_price_1="1", price_idr="1", total="1"
    )

    response = client.post(QUICK, data=data)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/grosir/pesanan")
    [order] = db.session.query(Order).all()
    assert order.status == OrderStatus.CONFIRMED
    assert order.lines[0].unit_price_idr == 10_500
    assert order.goods_idr == 630_000
    assert "dikirim ke 1 penjual" in text(client.get("/grosir/pesanan"))


def test_paying_upfront_goes_to_the_payment_page(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)

    response = client.post(
        QUICK,
        data=quick_form(client, outlet, [(bread.sku, 10)], place="1", payment="bank_transfer"),
    )

    checkout = db.session.query(Checkout).one()
    assert response.headers["Location"].endswith(f"/bayar/{checkout.public_id}")
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert client.get(f"/bayar/{checkout.public_id}").status_code == 200


def test_a_business_on_cash_before_delivery_is_not_offered_terms(client, login_as):
    business, members, _outlet = make_business_account(terms="cbd")
    act_as(client, login_as, members["buyer"], business)

    body = text(client.get(QUICK))

    assert 'value="terms"' not in body
    assert 'checked id="payment-0" name="payment" type="radio" value="bank_transfer"' in body


def test_a_purchase_above_the_threshold_says_it_waits_for_approval(client, login_as):
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    act_as(client, login_as, members["buyer"], business)

    checked = text(client.post(QUICK, data=quick_form(client, outlet, [(bread.sku, 50)])))
    response = client.post(QUICK, data=quick_form(client, outlet, [(bread.sku, 50)], place="1"))

    assert "Perlu disetujui" in checked
    assert response.status_code == 302
    assert "menunggu persetujuan approver" in text(client.get(response.headers["Location"]))
    assert db.session.query(Order).one().status == OrderStatus.AWAITING_APPROVAL


def test_a_csv_with_bad_rows_shows_each_on_its_row_and_orders_nothing(client, login_as, shop):
    business, members, outlet, bread = shop
    other = make_wholesale_item(make_supplier(slug="kue-kudus"), "Roti Lain")
    other.sku = bread.sku
    capped = make_wholesale_item(make_supplier(), "Bolu", min_order_qty=20, tiers=((20, 9_000),))
    db.session.commit()
    act_as(client, login_as, members["buyer"], business)
    upload = f"sku,quantity\nENTAH,5\n{bread.sku},5\n{capped.sku},5\n{capped.sku},sepuluh\n"
    data = quick_form(client, outlet, [], place="1")
    data["csv_file"] = (io.BytesIO(upload.encode()), "pesanan.csv")

    response = client.post(QUICK, data=data, content_type="multipart/form-data")

    body = text(response)
    assert response.status_code == 200
    assert "Ada 4 baris yang perlu diperbaiki" in body
    assert "Baris 1:" in body and "ENTAH tidak ditemukan" in body
    assert "Baris 2:" in body and "beberapa toko" in body
    assert "Baris 3:" in body and "minimum pesanan (20)" in body
    assert "Baris 4:" in body and "Jumlah harus angka" in body
    assert "baris 5 berkas" in body
    assert f'name="sku_3" value="{capped.sku}"' in body
    assert count(Checkout) == 0 and count(Order) == 0


def test_a_file_that_is_not_utf8_is_refused_with_a_message(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)
    data = quick_form(client, outlet, [])
    data["csv_file"] = (io.BytesIO(f"{bread.sku};10;Róti\n".encode("latin-1")), "x.csv")

    body = text(client.post(QUICK, data=data, content_type="multipart/form-data"))

    assert "bukan teks UTF-8" in body
    assert count(Checkout) == 0


def test_pasted_csv_with_semicolons_fills_the_rows_and_the_preview(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)
    data = quick_form(client, outlet, [], csv_text=f"{bread.sku};30;roti-demak\n{bread.sku};30\n")

    body = text(client.post(QUICK, data=data))

    assert f'name="sku_2" value="{bread.sku}"' in body
    assert "jumlahnya digabung menjadi 60" in body
    assert "Rp630.000" in body


def test_a_purchase_over_the_credit_limit_is_refused_with_the_reason(client, login_as):
    business, members, outlet = make_business_account(credit_limit_idr=500_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    act_as(client, login_as, members["buyer"], business)

    response = client.post(QUICK, data=quick_form(client, outlet, [(bread.sku, 60)], place="1"))

    assert response.status_code == 200
    assert "melebihi batas kredit" in text(response)
    assert count(Checkout) == 0 and count(Order) == 0
    upfront = client.post(
        QUICK,
        data=quick_form(client, outlet, [(bread.sku, 60)], place="1", payment="bank_transfer"),
    )
    assert "/bayar/" in upfront.headers["Location"]


def test_submitting_the_same_form_twice_places_one_checkout(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)
    data = quick_form(client, outlet, [(bread.sku, 10)], place="1")

    first = client.post(QUICK, data=data)
    second = client.post(QUICK, data=data)

    assert first.status_code == second.status_code == 302
    assert count(Checkout) == 1
    assert stock_of(bread) == 990


# -- Access ------------------------------------------------------------------------------------


def test_an_unverified_business_is_sent_back_with_a_message(client, login_as):
    business, members, _outlet = make_business_account(status="pending")
    act_as(client, login_as, members["owner"], business)

    response = client.get(QUICK)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/grosir/")
    assert "belum diverifikasi" in text(client.get("/grosir/"))


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("finance", QUICK, 403),
        ("finance", "/grosir/daftar", 403),
        ("approver", QUICK, 403),
        ("buyer", "/grosir/persetujuan", 403),
        ("finance", "/grosir/persetujuan", 403),
        ("finance", "/grosir/pesanan", 200),
        ("approver", "/grosir/persetujuan", 200),
    ],
)
def test_roles_open_only_their_pages(client, login_as, role, url, status):
    business, members, _outlet = make_business_account()
    act_as(client, login_as, members[role], business)

    assert client.get(url).status_code == status


def test_finance_cannot_post_an_order(app, client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)
    data = quick_form(client, outlet, [(bread.sku, 10)], place="1")
    finance = app.test_client()
    act_as(finance, login_with(finance), members["finance"], business)
    data["csrf_token"] = csrf_from(text(finance.get("/grosir/pesanan")))

    assert finance.post(QUICK, data=data).status_code == 403
    assert count(Checkout) == 0


@pytest.mark.parametrize("url", [QUICK, "/grosir/daftar", "/grosir/persetujuan", "/grosir/pesanan"])
def test_a_consumer_account_gets_no_wholesale_page(client, login_as, url):
    business, _members, _outlet = make_business_account()
    consumer = make_user(name="Ayu Konsumen")
    act_as(client, login_as, consumer, business)  # a forged session: not a member

    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/grosir/")


@pytest.mark.parametrize("url", [QUICK, "/grosir/daftar", "/grosir/pesanan/PIK-X"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


# -- Saved lists -------------------------------------------------------------------------------


def test_quick_order_rows_are_saved_as_a_list_and_ordered_again(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)
    data = quick_form(client, outlet, [(bread.sku, 60)], save_list="1", list_name="Roti Senin")

    saved = client.post(QUICK, data=data)
    order_list = db.session.query(OrderList).one()
    again = text(client.get(f"{QUICK}?daftar={order_list.id}"))

    assert saved.headers["Location"].endswith(f"/grosir/daftar/{order_list.id}")
    assert "Roti Senin" in text(client.get("/grosir/daftar"))
    assert f'name="sku_1" value="{bread.sku}"' in again
    assert 'name="qty_1" value="60"' in again
    assert "Rp630.000" in again and 'name="place"' in again
    assert 'name="source" type="hidden" value="list"' in again


def test_a_list_is_edited_by_hand_and_deleted(client, login_as, shop):
    business, members, _outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)
    page = text(client.get("/grosir/daftar"))

    created = client.post(
        "/grosir/daftar",
        data={"csrf_token": csrf_from(page), "name": "Mingguan", "sku_1": bread.sku, "qty_1": "10"},
    )
    order_list = db.session.query(OrderList).one()
    url = f"/grosir/daftar/{order_list.id}"
    edit = text(client.get(url))
    refused = client.post(
        url,
        data={"csrf_token": csrf_from(edit), "name": "Mingguan", "sku_1": "ENTAH", "qty_1": "3"},
    )
    changed = client.post(
        url,
        data={"csrf_token": csrf_from(edit), "name": "Harian", "sku_1": bread.sku, "qty_1": "7"},
    )
    db.session.expire_all()
    renamed = db.session.get(OrderList, order_list.id)

    assert created.status_code == 302
    assert refused.status_code == 200 and "Baris 1:" in text(refused)
    assert changed.status_code == 302
    assert renamed.name == "Harian" and [i.quantity for i in renamed.items] == [7]
    deleted = client.post(f"{url}/hapus", data={"csrf_token": csrf_from(edit)})
    assert deleted.status_code == 302
    assert count(OrderList) == 0


def test_the_lists_of_another_business_are_not_found(client, login_as, shop):
    business, members, _outlet, bread = shop
    theirs = create_order_list(
        business,
        actor=members["buyer"],
        name="Rahasia Dapur",
        rows=[RowInput(row=1, sku=bread.sku, quantity="10")],
    )
    db.session.commit()
    other, strangers, _other_outlet = make_business_account()
    act_as(client, login_as, strangers["buyer"], other)
    page = text(client.get("/grosir/daftar"))
    token = csrf_from(page)

    assert "Rahasia Dapur" not in page
    assert client.get(f"/grosir/daftar/{theirs.id}").status_code == 404
    assert client.get(f"{QUICK}?daftar={theirs.id}").status_code == 404
    stolen = client.post(
        f"/grosir/daftar/{theirs.id}", data={"csrf_token": token, "name": "Milik saya"}
    )
    deleted = client.post(f"/grosir/daftar/{theirs.id}/hapus", data={"csrf_token": token})
    assert stolen.status_code == 404 and deleted.status_code == 404
    db.session.expire_all()
    assert db.session.get(OrderList, theirs.id).name == "Rahasia Dapur"


# -- Approvals ---------------------------------------------------------------------------------


@pytest.fixture
def waiting():
    """A hotel whose buyer placed a purchase above the approval threshold."""
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar Gandum", stock=500)
    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])
    approval = db.session.query(PurchaseApproval).filter_by(checkout_id=checkout.id).one()
    return business, members, checkout, approval, bread


def test_the_approver_sees_who_placed_what_and_approves_it(client, login_as, waiting):
    business, members, checkout, approval, _bread = waiting
    act_as(client, login_as, members["approver"], business)

    page = text(client.get("/grosir/persetujuan"))
    response = client.post(
        f"/grosir/persetujuan/{approval.id}/setujui", data={"csrf_token": csrf_from(page)}
    )

    assert members["buyer"].name in page and "Roti Tawar Gandum" in page
    assert checkout.orders[0].number in page
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(PurchaseApproval, approval.id).status == ApprovalStatus.APPROVED
    assert db.session.query(Order).one().status == OrderStatus.CONFIRMED
    assert "Disetujui" in text(client.get("/grosir/persetujuan"))


def test_the_approver_rejects_with_a_reason_and_the_stock_comes_back(client, login_as, waiting):
    business, members, _checkout, approval, bread = waiting
    act_as(client, login_as, members["approver"], business)
    page = text(client.get("/grosir/persetujuan"))

    no_reason = client.post(
        f"/grosir/persetujuan/{approval.id}/tolak", data={"csrf_token": csrf_from(page)}
    )
    db.session.expire_all()
    assert db.session.get(PurchaseApproval, approval.id).status == ApprovalStatus.PENDING
    client.post(
        f"/grosir/persetujuan/{approval.id}/tolak",
        data={"csrf_token": csrf_from(page), "note": "Anggaran bulan ini habis"},
    )

    assert no_reason.status_code == 302
    db.session.expire_all()
    assert db.session.query(Order).one().status == OrderStatus.CANCELLED
    assert stock_of(bread) == 500
    assert "Anggaran bulan ini habis" in text(client.get("/grosir/persetujuan"))


def test_the_placer_cannot_approve_their_own_purchase(client, login_as):
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    checkout = purchase(business, members["owner"], outlet, [(bread, 50)])
    approval = db.session.query(PurchaseApproval).filter_by(checkout_id=checkout.id).one()
    act_as(client, login_as, members["owner"], business)
    page = text(client.get("/grosir/persetujuan"))

    client.post(f"/grosir/persetujuan/{approval.id}/setujui", data={"csrf_token": csrf_from(page)})

    assert "approver lain" in text(client.get("/grosir/persetujuan"))
    db.session.expire_all()
    assert db.session.query(Order).one().status == OrderStatus.AWAITING_APPROVAL


def test_an_approver_of_another_business_cannot_decide_by_id(client, login_as, waiting):
    _business, _members, _checkout, approval, _bread = waiting
    other, strangers, _outlet = make_business_account()
    act_as(client, login_as, strangers["approver"], other)
    page = text(client.get("/grosir/persetujuan"))

    response = client.post(
        f"/grosir/persetujuan/{approval.id}/setujui", data={"csrf_token": csrf_from(page)}
    )

    assert response.status_code == 404
    assert "Roti Tawar Gandum" not in page
    db.session.expire_all()
    assert db.session.get(PurchaseApproval, approval.id).status == ApprovalStatus.PENDING


def test_the_placer_sees_the_wait_and_withdraws(client, login_as, waiting):
    business, members, checkout, approval, bread = waiting
    number = checkout.orders[0].number
    act_as(client, login_as, members["buyer"], business)

    page = text(client.get(f"/grosir/pesanan/{number}"))
    response = client.post(
        f"/grosir/persetujuan/{approval.id}/tarik", data={"csrf_token": csrf_from(page)}
    )

    assert "menunggu persetujuan" in page and "Tarik pesanan" in page
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.query(Order).one().status == OrderStatus.CANCELLED
    assert stock_of(bread) == 500


def test_another_member_cannot_withdraw_the_purchase(client, login_as, waiting):
    business, members, checkout, approval, _bread = waiting
    act_as(client, login_as, members["owner"], business)
    page = text(client.get(f"/grosir/pesanan/{checkout.orders[0].number}"))

    client.post(f"/grosir/persetujuan/{approval.id}/tarik", data={"csrf_token": csrf_from(page)})

    assert "Tarik pesanan" not in page
    db.session.expire_all()
    assert db.session.query(Order).one().status == OrderStatus.AWAITING_APPROVAL


# -- The business's orders ---------------------------------------------------------------------


def test_the_orders_page_shows_every_members_orders_and_filters_by_status(client, login_as):
    business, members, outlet = make_business_account(threshold_idr=1_000_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    mine = purchase(business, members["buyer"], outlet, [(bread, 10)]).orders[0].number
    owners = purchase(business, members["owner"], outlet, [(bread, 100)]).orders[0].number
    other, strangers, their_outlet = make_business_account()
    theirs = purchase(other, strangers["buyer"], their_outlet, [(bread, 10)]).orders[0].number
    act_as(client, login_as, members["finance"], business)

    everything = text(client.get("/grosir/pesanan"))
    waiting = text(client.get("/grosir/pesanan?status=menunggu-persetujuan"))

    assert mine in everything and owners in everything and theirs not in everything
    assert "Outlet Merdeka" in everything
    assert owners in waiting and mine not in waiting


def test_an_order_shows_lines_ppn_and_its_timeline(client, login_as):
    business, members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(is_pkp=True), "Roti Tawar Gandum")
    order = purchase(business, members["buyer"], outlet, [(bread, 60)]).orders[0]
    act_as(client, login_as, members["approver"], business)

    body = text(client.get(f"/grosir/pesanan/{order.number}"))

    assert "Roti Tawar Gandum" in body and "Rp630.000" in body
    assert order.tax_idr > 0
    assert f"Rp{order.tax_idr:,}".replace(",", ".") in body
    assert "Dikonfirmasi" in body


def test_an_order_of_another_business_is_not_found(client, login_as, shop):
    business, members, outlet, bread = shop
    number = purchase(business, members["buyer"], outlet, [(bread, 10)]).orders[0].number
    other, strangers, _outlet = make_business_account()
    act_as(client, login_as, strangers["owner"], other)

    response = client.get(f"/grosir/pesanan/{number}")

    assert response.status_code == 404
    assert "Roti Tawar Gandum" not in text(response)


def test_the_orders_page_runs_the_same_queries_for_3_and_15_orders(client, login_as, count_queries):
    business, members, outlet = make_business_account()
    stores = [make_supplier() for _ in range(3)]
    items = [make_wholesale_item(s, f"Roti {n}") for n, s in enumerate(stores)]
    for n in range(3):
        purchase(business, members["buyer"], outlet, [(items[n % 3], 10)])
    act_as(client, login_as, members["buyer"], business)
    client.get("/grosir/pesanan")
    with count_queries() as three:
        client.get("/grosir/pesanan")
    numbers = [
        purchase(business, members["owner"], outlet, [(items[n % 3], 10)]).orders[0].number
        for n in range(12)
    ]

    with count_queries() as fifteen:
        body = text(client.get("/grosir/pesanan"))

    assert all(number in body for number in numbers)
    assert three.count == fifteen.count


def test_the_approvals_page_runs_the_same_queries_for_1_and_6_purchases(
    client, login_as, count_queries
):
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar", stock=10_000)
    purchase(business, members["buyer"], outlet, [(bread, 50)])
    act_as(client, login_as, members["approver"], business)
    client.get("/grosir/persetujuan")
    with count_queries() as one:
        client.get("/grosir/persetujuan")
    for _ in range(5):
        purchase(business, members["buyer"], outlet, [(bread, 50)])

    with count_queries() as six:
        client.get("/grosir/persetujuan")

    assert one.count == six.count


def test_a_shipped_order_links_to_its_invoice_for_members_who_see_invoices(app, client, login_as):
    from marketplace.orders import fulfilment
    from marketplace.wholesale.models import Invoice

    business, members, outlet = make_business_account()
    seller = make_user(name="Bu Sri")
    store = make_supplier(owner=seller)
    bread = make_wholesale_item(store, "Roti Tawar Gandum")
    order = purchase(business, members["buyer"], outlet, [(bread, 60)]).orders[0]
    fulfilment.process_order(order, actor=seller)
    fulfilment.ship_order(order, actor=seller, courier="JNE", tracking_no="JNE1234567890")
    db.session.commit()
    invoice = db.session.query(Invoice).filter_by(order_id=order.id).one()
    act_as(client, login_as, members["finance"], business)

    finance_sees = text(client.get(f"/grosir/pesanan/{order.number}"))
    buyer = app.test_client()
    act_as(buyer, login_with(buyer), members["buyer"], business)
    buyer_sees = text(buyer.get(f"/grosir/pesanan/{order.number}"))

    assert f"/grosir/faktur/{invoice.id}" in finance_sees
    assert f"/grosir/faktur/{invoice.id}" not in buyer_sees
    assert "JNE1234567890" in buyer_sees


def test_a_payment_choice_that_is_not_offered_is_refused(client, login_as, shop):
    business, members, outlet, bread = shop
    act_as(client, login_as, members["buyer"], business)

    response = client.post(
        QUICK, data=quick_form(client, outlet, [(bread.sku, 10)], place="1", payment="cash")
    )

    assert response.status_code == 200
    assert count(Checkout) == 0


def test_checking_an_order_from_a_pkp_seller_shows_its_ppn(client, login_as):
    business, members, outlet = make_business_account()
    coffee = make_wholesale_item(make_supplier(slug="kopi-pkp", is_pkp=True), "Kopi Sidikalang")
    act_as(client, login_as, members["buyer"], business)

    response = client.post(QUICK, data=quick_form(client, outlet, [(coffee.sku, 60)], check="1"))

    assert response.status_code == 200
    assert "PPN 12% × DPP 11/12" in text(response)
