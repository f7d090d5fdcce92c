"""Standing order pages: the business lists, creates, edits, pauses, resumes, ends and approves
its standing orders; the seller sees those placed with its store and accepts each generated
order in its queue. Other businesses and other stores get 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.stores.models import Store
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    StandingOrder,
    StandingOrderRun,
    StandingStatus,
)
from marketplace.wholesale.standing import local_today, run_standing_orders
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD
from tests.orders.helpers import count
from tests.wholesale.helpers import make_business_account, make_wholesale_item
from tests.wholesale.test_standing import MONDAY, fresh, make_standing, seller

pytestmark = pytest.mark.usefixtures("app")


def act_for(client: FlaskClient, business: Business) -> None:
    """Choose the business in the header switcher (the session key the switcher sets)."""
    with client.session_transaction() as session:
        session["acting_business_id"] = business.id


def signed_in(client: FlaskClient, login_as: Any, user: User, business: Business) -> None:
    login_as(user)
    act_for(client, business)


def setup(
    **business_kw: Any,
) -> tuple[Business, dict[str, User], BusinessLocation, Store, User, ProductVariant]:
    business, members, location = make_business_account(**business_kw)
    store, owner = seller()
    variant = make_wholesale_item(store, min_order_qty=50)
    return business, members, location, store, owner, variant


def generated_order(standing: StandingOrder) -> Order:
    db.session.expire_all()
    order = db.session.scalar(
        select(Order)
        .join(StandingOrderRun, StandingOrderRun.order_id == Order.id)
        .where(StandingOrderRun.standing_order_id == standing.id)
    )
    assert order is not None
    return order


# -- The business's list ---------------------------------------------------------------------


def test_list_shows_lines_next_delivery_and_the_latest_runs(client, login_as):
    business, members, location, store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    short_variant = make_wholesale_item(store, "Roti Sobek", stock=10)
    short = make_standing(business, members["buyer"], location, [(short_variant, 100)], weekday=0)
    run_standing_orders(today=MONDAY)
    order = generated_order(standing)
    signed_in(client, login_as, members["finance"], business)

    html = client.get("/grosir/rutin").get_data(as_text=True)

    assert "Roti Kamis Outlet Merdeka" in html
    assert store.name in html and location.label in html
    assert "Setiap Kamis" in html and "Setiap Senin" in html
    assert f"{variant.sku} × <strong>200</strong>" in html
    assert order.number in html
    assert "Kiriman berikutnya" in html
    assert "Stok Roti Sobek kurang: perlu 100, tersisa 10" in html
    assert fresh(short).status == StandingStatus.PAUSED
    # Finance may look, not change.
    assert "/grosir/rutin/baru" not in html
    assert f"/grosir/rutin/{standing.id}/jeda" not in html


def test_list_runs_a_fixed_number_of_queries(client, login_as, count_queries):
    business, members, location, store, _owner, variant = setup()
    make_standing(business, members["buyer"], location, [(variant, 200)])
    run_standing_orders(today=MONDAY)
    signed_in(client, login_as, members["buyer"], business)
    client.get("/grosir/rutin")
    with count_queries() as one:
        assert client.get("/grosir/rutin").status_code == 200

    for n in range(4):
        extra = make_wholesale_item(store, f"Roti Isi {n}")
        make_standing(business, members["buyer"], location, [(extra, 60), (variant, 60)])
    run_standing_orders(today=MONDAY + timedelta(days=7))
    with count_queries() as five:
        assert client.get("/grosir/rutin").status_code == 200

    assert five.count == one.count


def test_another_business_cannot_see_or_touch_a_standing_order(client, login_as):
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    other, other_members, _loc = make_business_account()
    signed_in(client, login_as, other_members["owner"], other)

    html = client.get("/grosir/rutin").get_data(as_text=True)
    page = "/grosir/rutin"

    assert standing.name not in html
    assert client.get(f"/grosir/rutin/{standing.id}/ubah").status_code == 404
    for action in ("jeda", "akhiri", "setujui"):
        assert (
            post_form(client, f"/grosir/rutin/{standing.id}/{action}", {}, page=page).status_code
            == 404
        )
    response = post_form(
        client, f"/grosir/rutin/{standing.id}/tolak", {"note": "Bukan milik kami"}, page=page
    )
    assert response.status_code == 404
    assert fresh(standing).status == StandingStatus.ACTIVE


def test_a_member_without_the_order_role_cannot_create_or_pause(client, login_as):
    business, members, location, store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    signed_in(client, login_as, members["finance"], business)

    assert client.get("/grosir/rutin/baru").status_code == 403
    assert client.get(f"/grosir/rutin/baru?toko={store.id}").status_code == 403
    response = post_form(client, f"/grosir/rutin/{standing.id}/jeda", {}, page="/grosir/rutin")
    assert response.status_code == 403
    assert fresh(standing).status == StandingStatus.ACTIVE


# -- Creating and editing --------------------------------------------------------------------


def form_data(location: BusinessLocation, rows: list[tuple[Any, Any]], **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Roti Senin Outlet Merdeka",
        "location_id": location.id,
        "weekday": 0,
        "starts_on": (local_today() + timedelta(days=1)).isoformat(),
        "ends_on": "",
        "note": "Lewat pintu belakang",
    }
    for i in range(5):
        variant, quantity = rows[i] if i < len(rows) else ("", "")
        data[f"lines-{i}-variant_id"] = variant.id if isinstance(variant, ProductVariant) else ""
        data[f"lines-{i}-quantity"] = quantity
    data.update(kw)
    return data


def test_business_creates_a_standing_order_through_the_form(client, login_as):
    business, members, location, store, _owner, variant = setup()
    second = make_wholesale_item(store, "Roti Manis")
    signed_in(client, login_as, members["buyer"], business)

    chooser = client.get("/grosir/rutin/baru").get_data(as_text=True)
    page = client.get(f"/grosir/rutin/baru?toko={store.id}").get_data(as_text=True)
    response = client.post(
        f"/grosir/rutin/baru?toko={store.id}",
        data={**form_data(location, [(variant, 100), (second, 60)]), "csrf_token": csrf_from(page)},
    )

    assert store.name in chooser
    assert variant.sku in page and "Roti Manis" in page
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/grosir/rutin")
    standing = db.session.scalar(select(StandingOrder))
    assert standing is not None
    assert (standing.store_id, standing.location_id, standing.weekday) == (store.id, location.id, 0)
    assert standing.status == StandingStatus.ACTIVE
    assert standing.created_by_id == members["buyer"].id
    assert sorted((ln.variant_id, ln.quantity) for ln in standing.lines) == sorted(
        [(variant.id, 100), (second.id, 60)]
    )


def test_a_line_problem_is_shown_on_its_row_and_nothing_is_saved(client, login_as):
    business, members, location, store, _owner, variant = setup()
    signed_in(client, login_as, members["buyer"], business)
    url = f"/grosir/rutin/baru?toko={store.id}"

    response = post_form(client, url, form_data(location, [(variant, 10)]))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Di bawah minimum pesanan (50)." in html
    assert "Ada 1 baris yang perlu diperbaiki" in html
    assert count(StandingOrder) == 0


def test_a_store_not_open_to_businesses_is_404(client, login_as):
    business, members, _location, _store, _owner, _variant = setup()
    closed = make_wholesale_item(seller("Toko Tutup")[0], "Roti Tutup")
    from marketplace.wholesale.models import SupplierProfile

    profile = db.session.scalar(
        select(SupplierProfile).where(SupplierProfile.store_id == closed.store_id)
    )
    profile.is_open = False
    db.session.commit()
    signed_in(client, login_as, members["buyer"], business)

    assert client.get(f"/grosir/rutin/baru?toko={closed.store_id}").status_code == 404
    assert client.get("/grosir/rutin/baru?toko=999999").status_code == 404


def test_business_edits_the_weekday_and_quantities(client, login_as):
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    signed_in(client, login_as, members["buyer"], business)
    url = f"/grosir/rutin/{standing.id}/ubah"

    page = client.get(url).get_data(as_text=True)
    response = post_form(
        client,
        url,
        form_data(location, [(variant, 250)], weekday=4, starts_on=standing.starts_on.isoformat()),
    )

    assert 'value="200"' in page
    assert response.status_code == 302
    standing = fresh(standing)
    assert standing.weekday == 4
    assert [ln.quantity for ln in standing.lines] == [250]


# -- Pause, resume, end, approve -------------------------------------------------------------


def test_pause_resume_and_end_from_the_list(client, login_as):
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    signed_in(client, login_as, members["buyer"], business)

    def press(action: str) -> str:
        response = post_form(
            client, f"/grosir/rutin/{standing.id}/{action}", {}, page="/grosir/rutin"
        )
        assert response.status_code == 302
        return fresh(standing).status

    assert press("jeda") == StandingStatus.PAUSED
    assert "Dijeda oleh" in fresh(standing).pause_reason
    assert press("lanjut") == StandingStatus.ACTIVE
    assert press("akhiri") == StandingStatus.ENDED
    assert client.post(f"/grosir/rutin/{standing.id}/hapus").status_code in (400, 404)


def test_an_approver_approves_but_the_creator_cannot(client, login_as):
    business, members, location, _store, _owner, variant = setup(threshold_idr=1_000_000)
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    url = f"/grosir/rutin/{standing.id}/setujui"

    login_as(members["owner"])
    act_for(client, business)
    # The owner may approve in general, but not a standing order the owner created: make one.
    own = make_standing(business, members["owner"], location, [(variant, 300)], weekday=1)
    html = client.get("/grosir/rutin").get_data(as_text=True)
    assert f"/grosir/rutin/{standing.id}/setujui" in html
    assert f"/grosir/rutin/{own.id}/setujui" not in html
    response = post_form(client, f"/grosir/rutin/{own.id}/setujui", {}, page="/grosir/rutin")
    assert response.status_code == 302
    assert fresh(own).approved_at is None

    response = post_form(client, url, {}, page="/grosir/rutin")

    assert response.status_code == 302
    standing = fresh(standing)
    assert standing.status == StandingStatus.ACTIVE
    assert standing.approved_by_id == members["owner"].id


def test_a_buyer_cannot_approve(client, login_as):
    business, members, location, _store, _owner, variant = setup(threshold_idr=1_000_000)
    standing = make_standing(business, members["owner"], location, [(variant, 200)])
    signed_in(client, login_as, members["buyer"], business)

    response = post_form(client, f"/grosir/rutin/{standing.id}/setujui", {}, page="/grosir/rutin")

    assert response.status_code == 403
    assert fresh(standing).approved_at is None


# -- The seller's side -----------------------------------------------------------------------


def test_seller_sees_the_standing_orders_placed_with_the_store(client, login_as):
    business, members, location, store, owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    run_standing_orders(today=MONDAY)
    order = generated_order(standing)
    login_as(owner)

    html = client.get(f"/penjual/toko/{store.id}/rutin").get_data(as_text=True)

    assert business.legal_name in html
    assert "Kota Medan" in html
    assert "Setiap Kamis" in html
    assert f"{variant.sku} × <strong>200</strong>" in html
    assert f"/penjual/toko/{store.id}/pesanan/{order.number}" in html


def test_seller_list_runs_a_fixed_number_of_queries(client, login_as, count_queries):
    business, members, location, store, owner, variant = setup()
    make_standing(business, members["buyer"], location, [(variant, 200)])
    run_standing_orders(today=MONDAY)
    login_as(owner)
    url = f"/penjual/toko/{store.id}/rutin"
    client.get(url)
    with count_queries() as one:
        client.get(url)

    for _ in range(3):
        other, other_members, other_location = make_business_account()
        make_standing(other, other_members["buyer"], other_location, [(variant, 100)])
    run_standing_orders(today=MONDAY)
    with count_queries() as four:
        assert client.get(url).status_code == 200

    assert four.count == one.count


def test_other_sellers_and_buyers_get_404_on_a_stores_standing_orders(app, client, login_as):
    business, members, location, store, _owner, variant = setup()
    make_standing(business, members["buyer"], location, [(variant, 200)])
    _other_store, other_owner = seller("Toko Tetangga")
    buyer_client = app.test_client()
    response = post_form(
        buyer_client, "/masuk", {"email": members["buyer"].email, "password": PASSWORD}
    )
    assert response.status_code == 302

    login_as(other_owner)
    assert client.get(f"/penjual/toko/{store.id}/rutin").status_code == 404
    assert buyer_client.get(f"/penjual/toko/{store.id}/rutin").status_code == 404


def test_seller_accepts_the_generated_order_in_the_queue(client, login_as):
    business, members, location, store, owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    run_standing_orders(today=MONDAY)
    order = generated_order(standing)
    login_as(owner)

    queue = client.get(f"/penjual/toko/{store.id}/pesanan?status=perlu-diproses")
    url = f"/penjual/toko/{store.id}/pesanan/{order.number}/proses"
    response = post_form(client, url, {}, page=f"/penjual/toko/{store.id}")

    assert queue.status_code == 200
    assert order.number in queue.get_data(as_text=True)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.PROCESSING


def test_another_seller_cannot_accept_it(client, login_as):
    business, members, location, store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    run_standing_orders(today=MONDAY)
    order = generated_order(standing)
    other_store, other_owner = seller("Toko Tetangga")
    login_as(other_owner)

    response = post_form(
        client,
        f"/penjual/toko/{store.id}/pesanan/{order.number}/proses",
        {},
        page=f"/penjual/toko/{other_store.id}",
    )

    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.CONFIRMED


def test_ended_standing_orders_stay_listed_without_buttons(client, login_as):
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    standing.status = StandingStatus.ENDED
    db.session.commit()
    signed_in(client, login_as, members["buyer"], business)

    html = client.get("/grosir/rutin").get_data(as_text=True)

    assert "Berakhir" in html
    assert f"/grosir/rutin/{standing.id}/ubah" not in html


def test_an_approver_rejects_with_a_reason(client, login_as):
    business, members, location, _store, _owner, variant = setup(threshold_idr=1_000_000)
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    signed_in(client, login_as, members["approver"], business)
    url = f"/grosir/rutin/{standing.id}/tolak"

    without_reason = post_form(client, url, {"note": ""}, page="/grosir/rutin")
    assert fresh(standing).status == StandingStatus.PAUSED
    response = post_form(client, url, {"note": "Anggaran bulan ini habis"}, page="/grosir/rutin")

    assert without_reason.status_code == response.status_code == 302
    standing = fresh(standing)
    assert standing.status == StandingStatus.ENDED
    assert "Anggaran bulan ini habis" in standing.pause_reason
