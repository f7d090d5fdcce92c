"""The RFQ and pooled-request pages: who may see and do what (business by business, store by
store, admins), the forms end to end, refusals shown with nothing changed, and list pages in a
fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine
from marketplace.wholesale import pools, rfqs
from marketplace.wholesale.acting import SESSION_KEY
from marketplace.wholesale.models import (
    PooledRequest,
    PoolShare,
    PoolShareStatus,
    PoolStatus,
    Quote,
    QuoteStatus,
    Rfq,
    RfqInviteStatus,
    RfqStatus,
)
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD, make_category, make_user
from tests.orders.helpers import count, make_item
from tests.wholesale.helpers import delivery_in, make_business_account
from tests.wholesale.test_pools import make_tailor, post_pool
from tests.wholesale.test_rfqs import ask, give_quote, make_quoting_store, today


def act_for(client: Any, business: Any) -> None:
    """Choose the business in the header switcher (the session key it sets)."""
    with client.session_transaction() as session:
        session[SESSION_KEY] = business.id


def as_buyer(client: Any, login_as: Any, user: Any, business: Any) -> None:
    login_as(user)
    act_for(client, business)


def signed_in(app: Any, user: Any) -> Any:
    """A second browser, signed in as `user`."""
    other = app.test_client()
    assert (
        post_form(other, "/masuk", {"email": user.email, "password": PASSWORD}).status_code == 302
    )
    return other


def submit_place_form(client: Any, url: str, page: str, **kw: Any) -> Any:
    """Send the accept / order-all form rendered on `page` (same key, CSRF token)."""
    return client.post(url, data={**place_data(page, **kw), "csrf_token": csrf_from(page)})


@pytest.fixture
def market(app: Any) -> dict[str, Any]:
    business, members, location = make_business_account()
    pkp, pkp_owner = make_quoting_store("Roti Bu Sri Demak", is_pkp=True)
    small, small_owner = make_quoting_store("Roti Pak Darmo")
    return {
        "business": business,
        "members": members,
        "buyer": members["buyer"],
        "location": location,
        "pkp": pkp,
        "pkp_owner": pkp_owner,
        "pkp_bread": make_item(pkp, "Roti Tawar Gandum 600 g", price_idr=14_000),
        "small": small,
        "small_owner": small_owner,
        "small_bread": make_item(small, "Roti Tawar Putih 600 g", price_idr=13_000),
    }


def place_data(html: str, **kw: Any) -> dict[str, Any]:
    """The accept / order-all form's fields as the page renders them."""
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html)
    assert key, "no idempotency key on the page"
    return {"idempotency_key": key.group(1), "pay": "terms", **kw}


# -- RFQ, buyer ------------------------------------------------------------------------------


def test_a_buyer_asks_for_quotes_starting_from_a_product(client, login_as, market):
    m = market
    as_buyer(client, login_as, m["buyer"], m["business"])
    product_id = m["pkp_bread"].product_id

    page = client.get(f"/grosir/permintaan/baru?product={product_id}").get_data(as_text=True)
    assert "Roti Tawar Gandum 600 g" in page
    checked = re.findall(
        r'<input checked id="store_ids-\d+" name="store_ids" [^>]*value="(\d+)"', page
    )
    assert checked == [str(m["pkp"].id)]  # the product's store, prefilled
    response = post_form(
        client,
        f"/grosir/permintaan/baru?product={product_id}",
        {
            "title": "Roti tawar untuk sarapan",
            "description": "Diiris, 600 g",
            "product_id": product_id,
            "quantity": 300,
            "unit": "bungkus",
            "delivery_on": delivery_in(14).isoformat(),
            "respond_by": delivery_in(4).isoformat(),
            "location_id": m["location"].id,
            "store_ids": [m["pkp"].id, m["small"].id],
        },
    )

    rfq = db.session.scalar(select(Rfq))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/grosir/permintaan/{rfq.id}")
    assert (rfq.product_id, rfq.quantity, rfq.business_id) == (product_id, 300, m["business"].id)
    assert {i.store_id for i in rfq.invites} == {m["pkp"].id, m["small"].id}


def test_a_bad_rfq_form_shows_the_reason_and_creates_nothing(client, login_as, market):
    m = market
    as_buyer(client, login_as, m["buyer"], m["business"])

    response = post_form(
        client,
        "/grosir/permintaan/baru",
        {
            "title": "Roti tawar",
            "quantity": 300,
            "unit": "bungkus",
            "delivery_on": delivery_in(3).isoformat(),
            "respond_by": delivery_in(5).isoformat(),  # after the delivery date
            "location_id": m["location"].id,
            "store_ids": [m["pkp"].id],
        },
    )

    assert response.status_code == 200
    assert "tanggal kirim sesudah batas penawaran" in response.get_data(as_text=True)
    assert count(Rfq) == 0


def test_an_unverified_business_cannot_open_the_rfq_form(client, login_as, app):
    business, members, _location = make_business_account(status="pending")
    as_buyer(client, login_as, members["owner"], business)

    response = client.get("/grosir/permintaan/baru")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/grosir/")
    assert client.get("/grosir/permintaan").status_code == 200  # reading is allowed


def test_a_finance_member_may_read_but_not_ask_or_accept(client, login_as, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    as_buyer(client, login_as, m["members"]["finance"], m["business"])

    detail = client.get(f"/grosir/permintaan/{rfq.id}")

    assert client.get("/grosir/permintaan").status_code == 200
    assert client.get("/grosir/permintaan/baru").status_code == 403
    assert detail.status_code == 200
    assert "Rp9.000" in detail.get_data(as_text=True)
    assert "Terima dan pesan" not in detail.get_data(as_text=True)


def test_the_buyer_rfq_list_runs_a_fixed_number_of_queries(client, login_as, market, count_queries):
    m = market
    as_buyer(client, login_as, m["buyer"], m["business"])
    ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    with count_queries() as few:
        assert client.get("/grosir/permintaan").status_code == 200
    for _ in range(5):
        ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])

    with count_queries() as many:
        page = client.get("/grosir/permintaan").get_data(as_text=True)

    assert page.count("Roti tawar untuk sarapan hotel") == 6
    assert many.count == few.count


def test_business_b_cannot_see_or_act_on_business_a_requests(client, login_as, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    other, other_members, _loc = make_business_account()
    as_buyer(client, login_as, other_members["buyer"], other)
    page = f"/grosir/permintaan/{rfq.id}"

    assert client.get(page).status_code == 404
    assert "Roti tawar untuk sarapan" not in client.get("/grosir/permintaan").get_data(as_text=True)
    token_page = "/grosir/permintaan"
    accept = post_form(
        client,
        f"{page}/penawaran/{quote.id}/terima",
        {"pay": "terms", "delivery_on": delivery_in(10).isoformat(), "idempotency_key": "k" * 24},
        page=token_page,
    )
    close = post_form(client, f"{page}/tutup", {}, page=token_page)

    assert (accept.status_code, close.status_code) == (404, 404)
    db.session.expire_all()
    assert (quote.status, rfq.status) == (QuoteStatus.SUBMITTED, RfqStatus.OPEN)
    assert count(Order) == 0


def test_a_quote_of_another_request_is_not_found_through_this_one(client, login_as, market):
    m = market
    mine = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    other, other_members, other_location = make_business_account()
    theirs = ask(other, other_members["buyer"], other_location, [m["pkp"]])
    their_quote = give_quote(theirs, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    as_buyer(client, login_as, m["buyer"], m["business"])

    response = post_form(
        client,
        f"/grosir/permintaan/{mine.id}/penawaran/{their_quote.id}/terima",
        {"pay": "terms", "delivery_on": delivery_in(10).isoformat(), "idempotency_key": "k" * 24},
        page=f"/grosir/permintaan/{mine.id}",
    )

    assert response.status_code == 404
    assert count(Order) == 0


def test_quote_and_accept_through_the_pages(client, login_as, app, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    seller = signed_in(app, m["pkp_owner"])
    seller_page = f"/penjual/toko/{m['pkp'].id}/permintaan/{rfq.id}"

    sent = post_form(
        seller,
        f"{seller_page}/penawaran",
        {
            "variant_id": m["pkp_bread"].id,
            "unit_price_idr": 9_100,
            "quantity": 500,
            "valid_until": (today() + timedelta(days=7)).isoformat(),
            "lead_time_days": 2,
            "note": "Diiris rapi",
        },
        page=seller_page,
    )
    assert sent.status_code == 302
    quote = db.session.scalar(select(Quote))
    as_buyer(client, login_as, m["buyer"], m["business"])
    detail = client.get(f"/grosir/permintaan/{rfq.id}").get_data(as_text=True)
    assert "Rp9.100" in detail and "Rp4.550.000" in detail and "Diiris rapi" in detail

    accepted = submit_place_form(
        client,
        f"/grosir/permintaan/{rfq.id}/penawaran/{quote.id}/terima",
        detail,
        delivery_on=delivery_in(10).isoformat(),
    )

    assert accepted.status_code == 302
    line = db.session.scalar(select(OrderLine))
    assert (line.unit_price_idr, line.quantity) == (9_100, 500)
    db.session.expire_all()
    assert quote.status == QuoteStatus.ACCEPTED
    assert "Pesanan dibuat" in client.get(accepted.headers["Location"]).get_data(as_text=True)


def test_accepting_an_expired_quote_on_the_page_marks_it_and_orders_nothing(
    client, login_as, market
):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    quote.valid_until = today() - timedelta(days=1)
    db.session.commit()
    as_buyer(client, login_as, m["buyer"], m["business"])
    detail = client.get(f"/grosir/permintaan/{rfq.id}").get_data(as_text=True)
    response = submit_place_form(
        client,
        f"/grosir/permintaan/{rfq.id}/penawaran/{quote.id}/terima",
        detail,
        delivery_on=delivery_in(10).isoformat(),
    )
    response = client.get(response.headers["Location"])

    assert "sudah tidak berlaku" in response.get_data(as_text=True)
    db.session.expire_all()
    assert quote.status == QuoteStatus.EXPIRED
    assert rfq.status == RfqStatus.OPEN
    assert count(Order) == 0


def test_a_credit_limit_refusal_is_shown_and_changes_nothing(client, login_as, market):
    m = market
    m["business"].credit_limit_idr = 500_000
    db.session.commit()
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    quote = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    as_buyer(client, login_as, m["buyer"], m["business"])
    detail = client.get(f"/grosir/permintaan/{rfq.id}").get_data(as_text=True)
    response = submit_place_form(
        client,
        f"/grosir/permintaan/{rfq.id}/penawaran/{quote.id}/terima",
        detail,
        delivery_on=delivery_in(10).isoformat(),
    )
    response = client.get(response.headers["Location"])

    assert "melebihi batas kredit" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (quote.status, rfq.status) == (QuoteStatus.SUBMITTED, RfqStatus.OPEN)
    assert count(Order) == 0


# -- RFQ, seller -----------------------------------------------------------------------------


def test_a_store_not_invited_gets_404(client, login_as, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    login_as(m["small_owner"])
    page = f"/penjual/toko/{m['small'].id}/permintaan/{rfq.id}"
    own_list = f"/penjual/toko/{m['small'].id}/permintaan"

    assert client.get(page).status_code == 404
    assert "Roti tawar untuk sarapan" not in client.get(own_list).get_data(as_text=True)
    quoted = post_form(
        client,
        f"{page}/penawaran",
        {
            "variant_id": m["small_bread"].id,
            "unit_price_idr": 9_000,
            "quantity": 500,
            "valid_until": (today() + timedelta(days=5)).isoformat(),
            "lead_time_days": 1,
        },
        page=own_list,
    )
    declined = post_form(client, f"{page}/tolak", {"reason": "Tidak sanggup"}, page=own_list)
    # Another store's page for the invited store: not a member.
    other_store = client.get(f"/penjual/toko/{m['pkp'].id}/permintaan/{rfq.id}")

    assert (quoted.status_code, declined.status_code, other_store.status_code) == (404, 404, 404)
    assert count(Quote) == 0


def test_a_quote_valid_too_long_is_refused_on_the_page(client, login_as, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    login_as(m["pkp_owner"])
    page = f"/penjual/toko/{m['pkp'].id}/permintaan/{rfq.id}"

    response = post_form(
        client,
        f"{page}/penawaran",
        {
            "variant_id": m["pkp_bread"].id,
            "unit_price_idr": 9_000,
            "quantity": 500,
            "valid_until": (today() + timedelta(days=61)).isoformat(),
            "lead_time_days": 1,
        },
        page=page,
    )

    assert response.status_code == 200
    assert "60 hari" in response.get_data(as_text=True)
    assert count(Quote) == 0


def test_a_seller_cannot_withdraw_another_stores_quote(client, login_as, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    theirs = give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    login_as(m["small_owner"])
    page = f"/penjual/toko/{m['small'].id}/permintaan/{rfq.id}"

    response = post_form(client, f"{page}/penawaran/{theirs.id}/tarik", {}, page=page)

    assert response.status_code == 404
    db.session.expire_all()
    assert theirs.status == QuoteStatus.SUBMITTED


def test_the_seller_sees_the_business_but_not_its_people(client, login_as, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    login_as(m["pkp_owner"])

    page = client.get(f"/penjual/toko/{m['pkp'].id}/permintaan/{rfq.id}").get_data(as_text=True)

    assert m["business"].legal_name in page
    assert "Hotel" in page and "Kota Medan" in page
    assert m["buyer"].name not in page
    assert m["buyer"].email not in page
    assert m["location"].phone not in page
    assert m["location"].address_line not in page


def test_a_declined_invite_shows_on_both_sides_with_the_timeline(client, login_as, app, market):
    m = market
    rfq = ask(m["business"], m["buyer"], m["location"], [m["pkp"], m["small"]])
    give_quote(rfq, m["pkp"], m["pkp_owner"], m["pkp_bread"])
    login_as(m["small_owner"])
    page = f"/penjual/toko/{m['small'].id}/permintaan/{rfq.id}"

    post_form(client, f"{page}/tolak", {"reason": "Oven sedang diperbaiki"}, page=page)

    invite = rfqs.get_store_invite(m["small"].id, rfq.id)
    assert invite.status == RfqInviteStatus.DECLINED
    seller_page = client.get(page).get_data(as_text=True)
    assert "Penjual menolak" in seller_page and "Oven sedang diperbaiki" in seller_page
    assert "Permintaan dibuat" in seller_page
    assert "Roti Bu Sri Demak" not in seller_page  # the other seller's steps are not shown
    buyer = signed_in(app, m["buyer"])
    act_for(buyer, m["business"])
    buyer_page = buyer.get(f"/grosir/permintaan/{rfq.id}").get_data(as_text=True)
    assert "Oven sedang diperbaiki" in buyer_page
    assert "Penawaran masuk" in buyer_page and "Penjual menolak" in buyer_page


def test_the_seller_rfq_list_runs_a_fixed_number_of_queries(
    client, login_as, market, count_queries
):
    m = market
    login_as(m["pkp_owner"])
    ask(m["business"], m["buyer"], m["location"], [m["pkp"]])
    url = f"/penjual/toko/{m['pkp'].id}/permintaan"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        other, members, location = make_business_account()
        ask(other, members["buyer"], location, [m["pkp"]])

    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)

    assert page.count("Roti tawar untuk sarapan hotel") == 6
    assert many.count == few.count


# -- Pools -----------------------------------------------------------------------------------


@pytest.fixture
def cluster(app: Any) -> dict[str, Any]:
    business, members, location = make_business_account(credit_limit_idr=500_000_000)
    uniforms = make_category(name="Seragam")
    a = make_tailor("Konveksi Deli", uniforms, is_pkp=True)
    b = make_tailor("Konveksi Sakasanwira", uniforms)
    return {
        "business": business,
        "buyer": members["buyer"],
        "location": location,
        "uniforms": uniforms,
        "a": a,
        "b": b,
    }


def test_a_buyer_posts_a_pool_and_a_qualified_seller_claims_on_the_pages(
    client, login_as, app, cluster
):
    c = cluster
    as_buyer(client, login_as, c["buyer"], c["business"])
    response = post_form(
        client,
        "/grosir/gabungan/baru",
        {
            "category_id": c["uniforms"].id,
            "title": "2.000 seragam karyawan",
            "total_quantity": 2_000,
            "unit": "potong",
            "max_unit_price_idr": 90_000,
            "delivery_on": delivery_in(40).isoformat(),
            "claim_until": delivery_in(10).isoformat(),
            "location_id": c["location"].id,
            "requires_halal": "",
        },
    )
    pool = db.session.scalar(select(PooledRequest))
    assert response.status_code == 302 and pool.total_quantity == 2_000
    store, owner, variant = c["a"]
    seller = signed_in(app, owner)
    listed = seller.get(f"/penjual/toko/{store.id}/gabungan").get_data(as_text=True)
    assert "2.000 seragam karyawan" in listed
    page = f"/penjual/toko/{store.id}/gabungan/{pool.id}"

    over = post_form(
        seller,
        f"{page}/ambil",
        {"variant_id": variant.id, "quantity": 2_001, "unit_price_idr": 85_000},
        page=page,
    )
    assert over.status_code == 200 and count(PoolShare) == 0
    claimed = post_form(
        seller,
        f"{page}/ambil",
        {"variant_id": variant.id, "quantity": 1_200, "unit_price_idr": 85_000},
        page=page,
    )

    assert claimed.status_code == 302
    share = db.session.scalar(select(PoolShare))
    assert (share.quantity, share.unit_price_idr) == (1_200, 85_000)
    buyer_page = client.get(f"/grosir/gabungan/{pool.id}").get_data(as_text=True)
    assert "1200 dari 2000" in buyer_page and "Konveksi Deli" in buyer_page
    assert "Rp102.000.000" in buyer_page


def test_a_seller_not_qualified_gets_404_on_the_pool(client, login_as, cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"], requires_halal=True)
    store, owner, variant = c["b"]
    login_as(owner)
    page = f"/penjual/toko/{store.id}/gabungan/{pool.id}"

    assert client.get(page).status_code == 404
    claimed = post_form(
        client,
        f"{page}/ambil",
        {"variant_id": variant.id, "quantity": 10, "unit_price_idr": 80_000},
        page=f"/penjual/toko/{store.id}/gabungan",
    )
    assert claimed.status_code == 404
    assert count(PoolShare) == 0


def test_order_all_on_the_page_makes_one_order_per_seller(client, login_as, cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    for (store, owner, variant), quantity, price in (
        (c["a"], 1_500, 86_000),
        (c["b"], 500, 84_000),
    ):
        pools.claim_share(
            pool, store, actor=owner, variant_id=variant.id, quantity=quantity, unit_price_idr=price
        )
    db.session.commit()
    as_buyer(client, login_as, c["buyer"], c["business"])
    detail = client.get(f"/grosir/gabungan/{pool.id}").get_data(as_text=True)
    assert "Pesan semua" in detail
    response = submit_place_form(
        client, f"/grosir/gabungan/{pool.id}/pesan", detail, delivery_on=delivery_in(40).isoformat()
    )

    assert response.status_code == 302
    orders = list(db.session.scalars(select(Order).order_by(Order.store_id)))
    assert len(orders) == 2 and len({o.checkout_id for o in orders}) == 1
    prices = {o.store_id: o.lines[0].unit_price_idr for o in orders}
    assert prices == {c["a"][0].id: 86_000, c["b"][0].id: 84_000}
    db.session.expire_all()
    assert db.session.get(PooledRequest, pool.id).status == PoolStatus.ORDERED


def test_business_b_cannot_see_or_order_business_a_pool(client, login_as, cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    other, members, _loc = make_business_account()
    as_buyer(client, login_as, members["buyer"], other)

    assert client.get(f"/grosir/gabungan/{pool.id}").status_code == 404
    ordered = post_form(
        client,
        f"/grosir/gabungan/{pool.id}/pesan",
        {"pay": "terms", "delivery_on": delivery_in(40).isoformat(), "idempotency_key": "k" * 24},
        page="/grosir/gabungan",
    )
    cancelled = post_form(
        client,
        f"/grosir/gabungan/{pool.id}/batal",
        {"reason": "Bukan milik saya"},
        page="/grosir/gabungan",
    )
    assert (ordered.status_code, cancelled.status_code) == (404, 404)
    assert db.session.get(PooledRequest, pool.id).status == PoolStatus.OPEN


def test_an_admin_removes_a_share_with_a_reason(client, login_as, cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = c["a"]
    share = pools.claim_share(
        pool, store, actor=owner, variant_id=variant.id, quantity=900, unit_price_idr=85_000
    )
    db.session.commit()
    login_as(make_user(is_admin=True))
    page = f"/admin/gabungan/{pool.id}"
    assert c["business"].legal_name in client.get("/admin/gabungan").get_data(as_text=True)

    response = post_form(
        client, f"{page}/bagian/{share.id}/hapus", {"reason": "Kapasitas tidak terbukti"}, page=page
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert share.status == PoolShareStatus.REMOVED
    assert "Kapasitas tidak terbukti" in client.get(page).get_data(as_text=True)


def test_admin_pool_routes_are_403_for_everyone_else(client, login_as, cluster):
    c = cluster
    pool = post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    store, owner, variant = c["a"]
    share = pools.claim_share(
        pool, store, actor=owner, variant_id=variant.id, quantity=900, unit_price_idr=85_000
    )
    db.session.commit()
    as_buyer(client, login_as, c["buyer"], c["business"])
    token_page = "/grosir/gabungan"

    assert client.get("/admin/gabungan").status_code == 403
    assert client.get(f"/admin/gabungan/{pool.id}").status_code == 403
    for url, data in (
        (f"/admin/gabungan/{pool.id}/bagian/{share.id}/hapus", {"reason": "Coba-coba saja"}),
        (f"/admin/gabungan/{pool.id}/batal", {"reason": "Coba-coba saja"}),
        (f"/admin/gabungan/{pool.id}/catatan", {"note": "Catatan palsu"}),
    ):
        assert post_form(client, url, data, page=token_page).status_code == 403
    db.session.expire_all()
    assert share.status == PoolShareStatus.CLAIMED
    assert (pool.status, pool.coordinator_note) == (PoolStatus.OPEN, "")


def test_the_pool_lists_run_a_fixed_number_of_queries(
    client, login_as, app, cluster, count_queries
):
    c = cluster
    store, owner, _variant = c["a"]
    post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])
    as_buyer(client, login_as, c["buyer"], c["business"])
    admin = signed_in(app, make_user(is_admin=True))
    seller = signed_in(app, owner)
    urls = [
        (client, "/grosir/gabungan"),
        (admin, "/admin/gabungan"),
        (seller, f"/penjual/toko/{store.id}/gabungan"),
    ]
    few = []
    for who, url in urls:
        with count_queries() as counted:
            assert who.get(url).status_code == 200
        few.append(counted.count)
    for _ in range(5):
        post_pool(c["business"], c["buyer"], c["location"], c["uniforms"])

    many = []
    for who, url in urls:
        with count_queries() as counted:
            assert who.get(url).get_data(as_text=True).count("2.000 seragam karyawan hotel") == 6
        many.append(counted.count)

    assert many == few
