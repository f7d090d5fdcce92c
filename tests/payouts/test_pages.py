"""Pages: a seller sees balance, pending, payout history and the account (masked); a store
never sees another's; admin pages are admins' only; lists run a fixed number of queries."""

from __future__ import annotations

import pytest

from marketplace.core.money import format_rupiah
from marketplace.extensions import db
from marketplace.orders.ledger import pending_amount
from marketplace.orders.models import OrderStatus
from marketplace.payouts.services import mark_payout_paid
from tests.orders.after_sale import client_for
from tests.orders.helpers import make_order_row
from tests.payouts.helpers import (
    FEBRUARY,
    admin_user,
    earn,
    payouts_of,
    run,
    seller,
    set_account,
    staff_of,
    verified_seller,
)

pytestmark = pytest.mark.usefixtures("app")

NUMBER = "8720451193"


def test_the_seller_sees_balance_pending_history_and_a_masked_account(app):
    # given January paid out, February earned, and an order paid but not completed
    who = verified_seller(100_000, number=NUMBER)
    [january] = run("2025-01").proposed
    mark_payout_paid(january, admin=admin_user(), reference="BCA-7781200")
    db.session.commit()
    earn(who.store, 55_000, at=FEBRUARY)
    make_order_row(who.owner, who.store, status=OrderStatus.SHIPPED, goods_idr=40_000)

    # when the owner opens the payouts page
    body = client_for(app, who.owner).get(f"/penjual/toko/{who.store.id}/pencairan")

    # then balance, pending, the paid payout with its reference, the masked account show
    html = body.get_data(as_text=True)
    assert body.status_code == 200
    assert "Rp55.000" in html  # balance after the payout
    assert "Rp100.000" in html and "BCA-7781200" in html and "Dibayar" in html
    pending = pending_amount(who.store.id)
    assert pending > 0 and format_rupiah(pending) in html  # the shipped order, net of commission
    assert "•••• 1193" in html and NUMBER not in html
    assert "Terverifikasi" in html


def test_the_account_number_is_whole_only_on_the_admins_check_page(app):
    who = seller()
    account = set_account(who, number=NUMBER)
    admin = client_for(app, admin_user())
    owner = client_for(app, who.owner)

    queue = admin.get("/admin/rekening").get_data(as_text=True)
    detail = admin.get(f"/admin/rekening/{account.id}").get_data(as_text=True)
    form = owner.get(f"/penjual/toko/{who.store.id}/rekening").get_data(as_text=True)

    assert "•••• 1193" in queue and NUMBER not in queue
    assert NUMBER in detail
    assert "•••• 1193" in form and NUMBER not in form


def test_an_admin_verifies_and_rejects_through_the_pages(app):
    who = seller()
    account = set_account(who)
    admin = client_for(app, admin_user())
    page = admin.get(f"/admin/rekening/{account.id}").get_data(as_text=True)
    from tests.conftest import csrf_from

    token = csrf_from(page)

    stale = admin.post(
        f"/admin/rekening/{account.id}/verifikasi",
        data={"csrf_token": token, "revision": account.revision + 1},
        follow_redirects=True,
    )
    assert "baru saja diubah" in stale.get_data(as_text=True)
    done = admin.post(
        f"/admin/rekening/{account.id}/verifikasi",
        data={"csrf_token": token, "revision": account.revision},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert account.status == "verified"


def test_a_store_cannot_see_another_stores_payouts_or_account(app):
    mine = verified_seller(80_000)
    theirs = verified_seller(90_000)
    run()
    client = client_for(app, mine.owner)

    for url in (
        f"/penjual/toko/{theirs.store.id}/pencairan",
        f"/penjual/toko/{theirs.store.id}/rekening",
    ):
        assert client.get(url).status_code == 404
    own = client.get(f"/penjual/toko/{mine.store.id}/pencairan").get_data(as_text=True)
    assert "Rp80.000" in own and "Rp90.000" not in own


def test_staff_see_payouts_but_not_the_account_form(app):
    who = verified_seller(80_000)
    client = client_for(app, staff_of(who.store))
    assert client.get(f"/penjual/toko/{who.store.id}/pencairan").status_code == 200
    assert client.get(f"/penjual/toko/{who.store.id}/rekening").status_code == 403


def test_admin_pages_are_forbidden_to_everyone_else(app):
    who = verified_seller(80_000)
    [payout] = run().proposed
    account_id = payout.bank_account_id
    client = client_for(app, who.owner)

    for url in (
        "/admin/rekening",
        f"/admin/rekening/{account_id}",
        "/admin/pencairan",
        f"/admin/pencairan/{payout.id}",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/admin/rekening/{account_id}/verifikasi",
        f"/admin/rekening/{account_id}/tolak",
        f"/admin/pencairan/{payout.id}/dibayar",
        f"/admin/pencairan/{payout.id}/batal",
        "/admin/pencairan/ekspor",
    ):
        assert client.post(url, data={"reference": "X-1", "period": "2025-01"}).status_code in (
            400,
            403,
        ), url
    assert app.test_client().get("/admin/pencairan").status_code == 302  # to the login page
    assert payouts_of(who.store)[0].status == "proposed"


def test_list_pages_run_the_same_queries_for_one_and_many_rows(app, count_queries):
    admin = client_for(app, admin_user())
    first = verified_seller(80_000)
    owner = client_for(app, first.owner)
    run("2025-01")
    urls = [
        "/admin/pencairan",
        "/admin/pencairan?period=2025-01&status=proposed",
        "/admin/rekening?status=verified",
    ]
    seller_url = f"/penjual/toko/{first.store.id}/pencairan"
    for url in urls:
        admin.get(url)
    owner.get(seller_url)
    with count_queries() as one:
        for url in urls:
            assert admin.get(url).status_code == 200
        assert owner.get(seller_url).status_code == 200

    # many stores, payouts and runs; the first store has a history of several payouts
    for _ in range(6):
        verified_seller(70_000)
    run("2025-01")
    admin_ = admin_user()
    for month in ("2025-02", "2025-03", "2025-04"):
        for p in payouts_of(first.store):
            if p.status == "proposed":
                mark_payout_paid(p, admin=admin_, reference=f"TRF-{p.id}")
        db.session.commit()
        earn(first.store, 60_000, at=FEBRUARY)
        run(month)
    with count_queries() as many:
        for url in urls:
            body = admin.get(url).get_data(as_text=True)
        seller_body = owner.get(seller_url).get_data(as_text=True)

    assert body.count("•••• ") >= 7
    assert seller_body.count("TRF-") >= 3
    assert one.count == many.count
