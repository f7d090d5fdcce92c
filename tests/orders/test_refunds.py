"""Refunds: a buyer asks within the window with a reason and photos (private); the store's
owner or an admin accepts (money back through the payment provider, the ledger reversed in
proportion after completion) or rejects (the order goes back, the buyer is told); nobody else
sees or decides anything."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from marketplace.core.db import utcnow
from marketplace.core.images import InvalidImage
from marketplace.core.storage import get_storage
from marketplace.extensions import db
from marketplace.orders import refunds
from marketplace.orders.errors import IllegalTransition
from marketplace.orders.ledger import store_balance
from marketplace.orders.models import (
    ORDER_TRANSITIONS,
    LedgerEntry,
    OrderEvent,
    OrderStatus,
    Refund,
    RefundStatus,
)
from marketplace.orders.refunds import (
    DecisionNoteRequired,
    InvalidRefundAmount,
    InvalidRefundReason,
    NotAllowedToDecide,
    NotYourOrder,
    RefundAlreadyDecided,
    RefundAlreadyRequested,
    RefundNotAllowed,
    RefundWindowClosed,
    TooManyPhotos,
    accept_refund,
    reject_refund,
    request_refund,
)
from marketplace.stores.models import StoreMember
from tests.conftest import csrf_from
from tests.factories import make_user
from tests.orders.after_sale import (
    admin_user,
    age,
    client_for,
    ledger_of,
    photo,
    post_with_token,
    sell,
    upload,
)
from tests.orders.helpers import count, make_buyer

pytestmark = pytest.mark.usefixtures("app")

REASON = "Keripiknya hancur dan bungkusnya sobek saat diterima."


def ask(sale, **kw):
    """The buyer asks for a refund of the sale's order and it is committed."""
    values = {"buyer": sale.buyer, "reason": REASON, "photos": []}
    values.update(kw)
    refund = request_refund(sale.order, **values)
    db.session.commit()
    return refund


def private_files():
    from flask import current_app

    return get_storage(current_app.config, visibility="private")


def public_files():
    from flask import current_app

    return get_storage(current_app.config, visibility="public")


# -- Asking ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED]
)
def test_a_buyer_asks_for_a_refund_of_a_shipped_delivered_or_completed_order(status, outbox):
    sale = sell(status)
    outbox.clear()

    refund = ask(sale, photos=[photo(seed=1)])

    sale.reload()
    assert sale.order.status == OrderStatus.REFUND_REQUESTED
    assert (refund.status, refund.amount_idr, refund.reason) == (
        RefundStatus.REQUESTED,
        sale.order.total_idr,
        REASON,
    )
    assert refund.requested_by_id == sale.buyer.id
    [key] = refund.photo_keys
    assert key.startswith(f"refund-photos/{sale.order.id}/") and key.endswith(".webp")
    assert private_files().exists(key)
    assert not public_files().exists(key)
    event = db.session.scalar(
        select(OrderEvent)
        .where(OrderEvent.order_id == sale.order.id)
        .order_by(OrderEvent.id.desc())
    )
    assert (event.from_status, event.to_status, event.actor_user_id) == (
        status,
        OrderStatus.REFUND_REQUESTED,
        sale.buyer.id,
    )
    # The store's owner hears of it.
    assert [m["To"] for m in outbox] == [sale.seller.email]
    assert sale.order.number in outbox[0]["Subject"]


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.PROCESSING])
def test_a_refund_cannot_be_asked_for_before_the_order_is_shipped(status):
    sale = sell(status)

    with pytest.raises(RefundNotAllowed):
        request_refund(sale.order, buyer=sale.buyer, reason=REASON, photos=[])
    db.session.rollback()

    assert sale.reload().order.status == status
    assert count(Refund) == 0


def test_a_refunded_order_cannot_be_refunded_again():
    sale = sell(OrderStatus.DELIVERED)
    accept_refund(ask(sale), actor=sale.seller)
    db.session.commit()

    with pytest.raises(RefundNotAllowed):
        request_refund(sale.reload().order, buyer=sale.buyer, reason=REASON, photos=[])


def test_the_window_closes_refund_window_days_after_delivery(app, monkeypatch):
    late = sell(OrderStatus.DELIVERED)
    age(late.order, days=7.01)
    in_time = sell(OrderStatus.DELIVERED)
    age(in_time.order, days=6.9)

    with pytest.raises(RefundWindowClosed) as closed:
        request_refund(late.order, buyer=late.buyer, reason=REASON, photos=[])
    db.session.rollback()
    ask(in_time)

    assert closed.value.data["days"] == 7
    assert late.reload().order.status == OrderStatus.DELIVERED
    assert in_time.reload().order.status == OrderStatus.REFUND_REQUESTED

    # The window is a setting.
    monkeypatch.setitem(app.config, "REFUND_WINDOW_DAYS", 10)
    ask(late)
    assert late.reload().order.status == OrderStatus.REFUND_REQUESTED


def test_the_window_counts_from_delivery_when_there_was_one():
    sale = sell(OrderStatus.DELIVERED)
    # Shipped three weeks ago, delivered yesterday (a slow courier).
    age(sale.order, days=21)
    sale.order.delivered_at = utcnow() - timedelta(days=1)
    db.session.commit()

    ask(sale)

    assert sale.reload().order.status == OrderStatus.REFUND_REQUESTED


def test_a_second_request_while_one_is_open_is_refused():
    sale = sell(OrderStatus.DELIVERED)
    ask(sale)

    with pytest.raises(RefundAlreadyRequested):
        request_refund(sale.reload().order, buyer=sale.buyer, reason=REASON, photos=[])
    db.session.rollback()

    assert count(Refund) == 1


def test_only_the_buyer_of_the_order_can_ask():
    sale = sell(OrderStatus.DELIVERED)
    stranger, _ = make_buyer()

    with pytest.raises(NotYourOrder):
        request_refund(sale.order, buyer=stranger, reason=REASON, photos=[])
    db.session.rollback()

    assert count(Refund) == 0


@pytest.mark.parametrize("reason", ["", "Rusak.   ", "x" * 9, "x" * 1001])
def test_the_reason_must_be_10_to_1000_characters(reason):
    sale = sell(OrderStatus.DELIVERED)

    with pytest.raises(InvalidRefundReason):
        request_refund(sale.order, buyer=sale.buyer, reason=reason, photos=[])
    db.session.rollback()

    assert sale.reload().order.status == OrderStatus.DELIVERED
    assert count(Refund) == 0


def test_reasons_of_exactly_10_and_1000_characters_are_taken():
    short, long = sell(OrderStatus.DELIVERED), sell(OrderStatus.DELIVERED)

    assert ask(short, reason="Bocor semua").reason == "Bocor semua"
    assert len(ask(long, reason="x" * 1000).reason) == 1000


def test_three_photos_are_kept_privately_and_a_fourth_is_refused():
    three, four = sell(OrderStatus.DELIVERED), sell(OrderStatus.DELIVERED)

    refund = ask(three, photos=[photo(seed=n) for n in range(3)])
    with pytest.raises(TooManyPhotos):
        request_refund(
            four.order, buyer=four.buyer, reason=REASON, photos=[photo(seed=n) for n in range(4)]
        )
    db.session.rollback()

    assert len(refund.photo_keys) == 3
    assert all(private_files().exists(key) for key in refund.photo_keys)
    assert four.reload().order.status == OrderStatus.DELIVERED
    assert count(Refund) == 1


def test_a_file_that_is_not_an_image_refuses_the_whole_request():
    sale = sell(OrderStatus.DELIVERED)
    fake = upload(b"%PDF-1.7 this is a contract, not a photo", "foto.jpg", "image/jpeg")

    with pytest.raises(InvalidImage):
        request_refund(sale.order, buyer=sale.buyer, reason=REASON, photos=[photo(seed=7), fake])
    db.session.rollback()

    assert sale.reload().order.status == OrderStatus.DELIVERED
    assert count(Refund) == 0


def test_empty_file_inputs_are_ignored():
    sale = sell(OrderStatus.DELIVERED)

    refund = ask(sale, photos=[upload(b"", ""), upload(b"", "")])

    assert refund.photo_keys == []


# -- Accepting: money and ledger ---------------------------------------------------------------


def test_a_full_refund_before_completion_pays_back_everything_and_credits_nothing(outbox):
    sale = sell(OrderStatus.DELIVERED, price_idr=100_000)
    refund = ask(sale)
    outbox.clear()

    accept_refund(refund, actor=sale.seller)
    db.session.commit()

    sale.reload()
    db.session.refresh(refund)
    assert sale.order.status == OrderStatus.REFUNDED
    assert (refund.status, refund.amount_idr, refund.decided_by_id) == (
        RefundStatus.ACCEPTED,
        100_000,
        sale.seller.id,
    )
    # Bank transfer: recorded for the platform to send back by hand.
    assert refund.provider_ref is None
    assert ledger_of(sale.store) == []
    assert store_balance(sale.store.id) == 0
    [mail] = outbox
    assert mail["To"] == sale.buyer.email
    body = mail.get_payload(decode=True).decode()
    assert "Rp100.000" in body and sale.order.number in body


def test_a_full_refund_after_completion_takes_back_the_whole_credit():
    sale = sell(OrderStatus.COMPLETED, price_idr=100_000)
    assert ledger_of(sale.store) == [("sale", 95_000)]  # 5% commission

    accept_refund(ask(sale), actor=sale.seller)
    db.session.commit()

    assert ledger_of(sale.store) == [("sale", 95_000), ("refund", -95_000)]
    assert store_balance(sale.store.id) == 0


@pytest.mark.parametrize(
    ("refunded", "taken_back"),
    [
        (50_000, 47_500),
        (33_333, 31_666),  # 95_000 x 33_333 / 100_000 = 31_666.35: the seller keeps the cent
        (1, 0),  # less than a Rupiah of credit: nothing to take back, no entry
        (99_999, 94_999),
    ],
)
def test_a_partial_refund_after_completion_takes_back_the_same_share_of_the_credit(
    refunded, taken_back
):
    sale = sell(OrderStatus.COMPLETED, price_idr=100_000)

    refund = accept_refund(ask(sale), actor=sale.seller, amount_idr=refunded)
    db.session.commit()

    assert refund.amount_idr == refunded
    expected = [("sale", 95_000)] + ([("refund", -taken_back)] if taken_back else [])
    assert ledger_of(sale.store) == expected
    assert store_balance(sale.store.id) == 95_000 - taken_back


def test_a_partial_refund_before_completion_leaves_the_seller_the_same_as_after():
    before = sell(OrderStatus.DELIVERED, price_idr=100_000)
    after = sell(OrderStatus.COMPLETED, price_idr=100_000)

    accept_refund(ask(before), actor=before.seller, amount_idr=40_000)
    accept_refund(ask(after), actor=after.seller, amount_idr=40_000)
    db.session.commit()

    # The order ends refunded: the kept part is credited now, net of the same share.
    assert ledger_of(before.store) == [("sale", 95_000), ("refund", -38_000)]
    assert ledger_of(after.store) == [("sale", 95_000), ("refund", -38_000)]
    assert store_balance(before.store.id) == store_balance(after.store.id) == 57_000


@pytest.mark.parametrize("amount", [0, -5, 100_001])
def test_an_amount_outside_1_to_the_total_is_refused(amount):
    sale = sell(OrderStatus.COMPLETED, price_idr=100_000)
    refund = ask(sale)

    with pytest.raises(InvalidRefundAmount):
        accept_refund(refund, actor=sale.seller, amount_idr=amount)
    db.session.rollback()

    db.session.refresh(refund)
    assert refund.status == RefundStatus.REQUESTED
    assert sale.reload().order.status == OrderStatus.REFUND_REQUESTED
    assert ledger_of(sale.store) == [("sale", 95_000)]


def test_an_admin_may_decide_any_refund():
    sale = sell(OrderStatus.DELIVERED)

    refund = accept_refund(ask(sale), actor=admin_user(), amount_idr=25_000)
    db.session.commit()

    assert refund.status == RefundStatus.ACCEPTED
    assert sale.reload().order.status == OrderStatus.REFUNDED


def test_only_the_stores_owners_and_admins_may_decide():
    sale = sell(OrderStatus.DELIVERED)
    other_store_owner = sell(OrderStatus.DELIVERED).seller
    staff = make_user(name="Karyawan Toko")
    db.session.add(StoreMember(store_id=sale.store.id, user_id=staff.id, role="staff"))
    db.session.commit()
    refund = ask(sale)

    for actor in (other_store_owner, staff, sale.buyer):
        with pytest.raises(NotAllowedToDecide):
            accept_refund(refund, actor=actor)
        with pytest.raises(NotAllowedToDecide):
            reject_refund(refund, actor=actor, reason="Barang baik-baik saja")
        db.session.rollback()

    db.session.refresh(refund)
    assert refund.status == RefundStatus.REQUESTED


def test_a_request_is_decided_once():
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)
    accept_refund(refund, actor=sale.seller)
    db.session.commit()

    with pytest.raises(RefundAlreadyDecided):
        reject_refund(refund, actor=admin_user(), reason="Foto tidak menunjukkan kerusakan")
    db.session.rollback()
    with pytest.raises(RefundAlreadyDecided):
        accept_refund(refund, actor=sale.seller)
    db.session.rollback()

    assert count(LedgerEntry) == 0
    assert sale.reload().order.status == OrderStatus.REFUNDED


# -- Rejecting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("came_from", "back_to"),
    [
        (OrderStatus.SHIPPED, OrderStatus.DELIVERED),
        (OrderStatus.DELIVERED, OrderStatus.DELIVERED),
        (OrderStatus.COMPLETED, OrderStatus.COMPLETED),
    ],
)
def test_a_rejected_request_puts_the_order_back_and_tells_the_buyer(came_from, back_to, outbox):
    sale = sell(came_from)
    assert back_to in ORDER_TRANSITIONS[OrderStatus.REFUND_REQUESTED]
    age(sale.order, days=2)
    stamps = (sale.order.delivered_at, sale.order.completed_at)
    refund = ask(sale)
    outbox.clear()

    reject_refund(refund, actor=sale.seller, reason="  Foto menunjukkan   barang utuh. ")
    db.session.commit()

    sale.reload()
    db.session.refresh(refund)
    assert sale.order.status == back_to
    assert (refund.status, refund.decision_note) == (
        RefundStatus.REJECTED,
        "Foto menunjukkan barang utuh.",
    )
    # The dates stay: a rejection does not extend the refund window (or move completion).
    if came_from != OrderStatus.SHIPPED:
        assert (sale.order.delivered_at, sale.order.completed_at) == stamps
    assert ledger_of(sale.store) == ([("sale", 95_000)] if came_from == "completed" else [])
    [mail] = outbox
    assert mail["To"] == sale.buyer.email
    assert "Foto menunjukkan barang utuh." in mail.get_payload(decode=True).decode()


def test_after_a_rejection_the_buyer_may_ask_again_within_the_window():
    sale = sell(OrderStatus.DELIVERED)
    reject_refund(ask(sale), actor=sale.seller, reason="Kirim foto yang lebih jelas")
    db.session.commit()

    second = ask(sale.reload(), photos=[photo(seed=3)])
    accept_refund(second, actor=sale.seller)
    db.session.commit()

    assert sale.reload().order.status == OrderStatus.REFUNDED
    statuses = db.session.scalars(select(Refund.status).order_by(Refund.id))
    assert list(statuses) == [RefundStatus.REJECTED, RefundStatus.ACCEPTED]


def test_rejecting_needs_a_reason():
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)

    with pytest.raises(DecisionNoteRequired):
        reject_refund(refund, actor=sale.seller, reason="  no ")
    db.session.rollback()

    db.session.refresh(refund)
    assert refund.status == RefundStatus.REQUESTED


def test_a_status_that_changed_meanwhile_undoes_the_decision():
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)
    assert sale.order.status == OrderStatus.REFUND_REQUESTED  # what this request read
    # Meanwhile another request (its own connection) moved the order on.
    with db.engine.begin() as other:
        other.execute(
            text("UPDATE orders SET status = 'delivered' WHERE id = :id"), {"id": sale.order.id}
        )

    with pytest.raises(IllegalTransition):
        accept_refund(refund, actor=sale.seller)
    db.session.rollback()

    db.session.refresh(refund)
    assert refund.status == RefundStatus.REQUESTED
    assert count(LedgerEntry) == 0


# -- Pages -------------------------------------------------------------------------------------


def test_the_buyer_asks_through_the_form_and_sees_the_request(app, login_as, client):
    sale = sell(OrderStatus.DELIVERED)
    login_as(sale.buyer)
    page = f"/pesanan/{sale.order.number}"
    assert "Ajukan pengembalian dana" in client.get(page).get_data(as_text=True)

    response = post_with_token(
        client,
        f"/pesanan/{sale.order.number}/pengembalian",
        {"reason": REASON, "photos": [photo(seed=1), photo(seed=2)]},
        page=f"/pesanan/{sale.order.number}/pengembalian",
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(page)
    html = client.get(page).get_data(as_text=True)
    assert "Menunggu keputusan" in html and REASON in html
    refund = db.session.scalar(select(Refund))
    assert len(refund.photo_keys) == 2
    photo_page = client.get(f"/pengembalian/{refund.id}/foto/1")
    assert photo_page.status_code == 200
    assert photo_page.mimetype == "image/webp"
    assert photo_page.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/pengembalian/{refund.id}/foto/2").status_code == 404


def test_the_form_shows_what_is_wrong_and_keeps_the_order(app, login_as, client):
    sale = sell(OrderStatus.DELIVERED)
    login_as(sale.buyer)
    url = f"/pesanan/{sale.order.number}/pengembalian"

    response = post_with_token(
        client,
        url,
        {"reason": REASON, "photos": [upload(b"GIF89a...", "anim.gif", "image/gif")]},
        page=url,
        content_type="multipart/form-data",
    )

    assert response.status_code == 200
    assert "GIF" in response.get_data(as_text=True) or "Format" in response.get_data(as_text=True)
    assert sale.reload().order.status == OrderStatus.DELIVERED


def test_another_buyer_can_neither_see_nor_ask_for_a_refund_of_the_order(app, client, login_as):
    sale = sell(OrderStatus.DELIVERED)
    stranger, _ = make_buyer(name="Budi Penyusup")
    login_as(stranger)
    url = f"/pesanan/{sale.order.number}/pengembalian"

    seen = client.get(url)
    own_token = csrf_from(client.get("/pesanan").get_data(as_text=True))
    asked = client.post(url, data={"reason": REASON, "csrf_token": own_token})

    assert seen.status_code == 404 and asked.status_code == 404
    assert count(Refund) == 0
    assert sale.reload().order.status == OrderStatus.DELIVERED


def test_refund_photos_are_shown_to_the_buyer_the_store_and_admins_only(app):
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale, photos=[photo(seed=4)])
    staff = make_user(name="Karyawan Toko")
    db.session.add(StoreMember(store_id=sale.store.id, user_id=staff.id, role="staff"))
    db.session.commit()
    url = f"/pengembalian/{refund.id}/foto/0"

    allowed = [sale.buyer, sale.seller, staff, admin_user()]
    refused = [make_buyer()[0], sell(OrderStatus.DELIVERED).seller]

    assert [client_for(app, u).get(url).status_code for u in allowed] == [200] * 4
    assert [client_for(app, u).get(url).status_code for u in refused] == [404] * 2
    assert app.test_client().get(url).status_code == 302  # to the login page


def test_a_seller_accepting_from_the_order_page_refunds_in_full(app):
    sale = sell(OrderStatus.COMPLETED, price_idr=100_000)
    refund = ask(sale)
    seller = client_for(app, sale.seller)
    page = f"/penjual/toko/{sale.store.id}/pesanan/{sale.order.number}"
    assert REASON in seller.get(page).get_data(as_text=True)

    response = post_with_token(
        seller,
        f"/penjual/toko/{sale.store.id}/pengembalian/{refund.id}/terima",
        {"amount_idr": "20000"},
        page=page,
    )

    # A token amount cannot close the buyer's request: the seller's acceptance is in full.
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    db.session.refresh(refund)
    assert (refund.status, refund.amount_idr) == (RefundStatus.ACCEPTED, 100_000)
    assert ledger_of(sale.store) == [("sale", 95_000), ("refund", -95_000)]


def test_the_seller_rejects_from_the_order_page(app):
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)
    seller = client_for(app, sale.seller)
    page = f"/penjual/toko/{sale.store.id}/pesanan/{sale.order.number}"

    post_with_token(
        seller,
        f"/penjual/toko/{sale.store.id}/pengembalian/{refund.id}/tolak",
        {"reason": "Barang sudah dipakai"},
        page=page,
    )

    db.session.refresh(refund)
    assert (refund.status, refund.decision_note) == (RefundStatus.REJECTED, "Barang sudah dipakai")
    assert sale.reload().order.status == OrderStatus.DELIVERED


def test_a_seller_cannot_decide_another_stores_refund(app):
    victim = sell(OrderStatus.DELIVERED)
    refund = ask(victim)
    other = sell(OrderStatus.DELIVERED)
    seller = client_for(app, other.seller)
    own_page = f"/penjual/toko/{other.store.id}/pesanan/{other.order.number}"

    through_own_store = post_with_token(
        seller,
        f"/penjual/toko/{other.store.id}/pengembalian/{refund.id}/terima",
        {"amount_idr": "1"},
        page=own_page,
    )
    through_their_store = post_with_token(
        seller,
        f"/penjual/toko/{victim.store.id}/pengembalian/{refund.id}/terima",
        {"amount_idr": "1"},
        page=own_page,
    )
    their_order = seller.get(f"/penjual/toko/{victim.store.id}/pesanan/{victim.order.number}")

    assert through_own_store.status_code == 404
    assert through_their_store.status_code == 404
    assert their_order.status_code == 404
    db.session.refresh(refund)
    assert refund.status == RefundStatus.REQUESTED


def test_store_staff_cannot_decide_refunds(app):
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)
    staff = make_user(name="Karyawan Toko")
    db.session.add(StoreMember(store_id=sale.store.id, user_id=staff.id, role="staff"))
    db.session.commit()
    client = client_for(app, staff)
    page = f"/penjual/toko/{sale.store.id}/pesanan/{sale.order.number}"

    response = post_with_token(
        client, f"/penjual/toko/{sale.store.id}/pengembalian/{refund.id}/terima", {}, page=page
    )

    assert response.status_code == 403
    db.session.refresh(refund)
    assert refund.status == RefundStatus.REQUESTED


def test_the_admin_list_is_for_admins_only(app):
    sale = sell(OrderStatus.DELIVERED)
    ask(sale)

    assert client_for(app, sale.buyer).get("/admin/pengembalian").status_code == 403
    assert client_for(app, sale.seller).get("/admin/pengembalian").status_code == 403
    assert app.test_client().get("/admin/pengembalian").status_code == 302
    html = client_for(app, admin_user()).get("/admin/pengembalian").get_data(as_text=True)
    assert sale.order.number in html and REASON in html


def test_an_admin_decides_from_the_list(app):
    first, second = sell(OrderStatus.DELIVERED), sell(OrderStatus.COMPLETED, price_idr=60_000)
    rejected, accepted = ask(first), ask(second)
    admin = client_for(app, admin_user())

    post_with_token(
        admin,
        f"/admin/pengembalian/{rejected.id}/tolak",
        {"reason": "Tidak ada bukti kerusakan"},
        page="/admin/pengembalian",
    )
    response = post_with_token(
        admin, f"/admin/pengembalian/{accepted.id}/terima", {}, page="/admin/pengembalian"
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/pengembalian")
    assert first.reload().order.status == OrderStatus.DELIVERED
    assert second.reload().order.status == OrderStatus.REFUNDED
    assert ledger_of(second.store) == [("sale", 57_000), ("refund", -57_000)]
    html = admin.get("/admin/pengembalian").get_data(as_text=True)
    # Neither waits for a decision any more; the accepted bank refund waits to be transferred.
    assert f'id="refund-{rejected.id}"' not in html and f'id="refund-{accepted.id}"' not in html
    assert first.order.number not in html and f'id="transfer-{accepted.id}"' in html
    # A decision of a request that is no longer open is refused and changes nothing.
    again = post_with_token(
        admin, f"/admin/pengembalian/{rejected.id}/terima", {}, page="/admin/pengembalian"
    )
    assert again.status_code == 302
    assert first.reload().order.status == OrderStatus.DELIVERED
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) == 2


def test_an_unknown_decision_is_not_found(app):
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)
    admin = client_for(app, admin_user())

    response = post_with_token(
        admin, f"/admin/pengembalian/{refund.id}/hapus", {}, page="/admin/pengembalian"
    )

    assert response.status_code == 404


def test_deadline_and_can_request_follow_status_and_time():
    sale = sell(OrderStatus.PAID)
    assert refunds.refund_deadline(sale.order) is None
    assert not refunds.can_request_refund(sale.order)


# -- Bank-transfer refunds sent back by the platform ---------------------------------------------


def test_an_admin_records_the_transfer_that_sent_a_bank_refund_back(app):
    # Given an accepted refund of an order paid by bank transfer (no provider reference yet)
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)
    accept_refund(refund, actor=sale.seller)
    db.session.commit()
    assert refund.provider_ref is None
    admin = admin_user()
    client = client_for(app, admin)
    page = client.get("/admin/pengembalian").get_data(as_text=True)
    assert f'id="transfer-{refund.id}"' in page

    # When the admin records the transfer's reference
    response = post_with_token(
        client,
        f"/admin/pengembalian/{refund.id}/transfer",
        {"reference": "BRI 0412 7781 2093"},
        page="/admin/pengembalian",
    )

    # Then it is kept once, and the refund leaves the list
    assert response.status_code == 302
    db.session.refresh(refund)
    assert refund.provider_ref == "BRI 0412 7781 2093"
    assert f'id="transfer-{refund.id}"' not in client.get("/admin/pengembalian").get_data(
        as_text=True
    )
    assert refunds.record_refund_transfer(refund, admin=admin, reference="LAIN") is False
    db.session.refresh(refund)
    assert refund.provider_ref == "BRI 0412 7781 2093"


def test_a_seller_cannot_record_a_refund_transfer(app):
    sale = sell(OrderStatus.DELIVERED)
    refund = ask(sale)
    accept_refund(refund, actor=sale.seller)
    db.session.commit()
    client = client_for(app, sale.seller)

    response = post_with_token(
        client,
        f"/admin/pengembalian/{refund.id}/transfer",
        {"reference": "PALSU-1"},
        page=f"/penjual/toko/{sale.store.id}/pesanan/{sale.order.number}",
    )

    assert response.status_code == 403
    db.session.refresh(refund)
    assert refund.provider_ref is None


# -- Review findings: no way around a decision, no half-paid checkout -------------------------


def test_neither_side_can_move_an_order_out_of_refund_requested_without_deciding(app):
    from marketplace.orders.fulfilment import confirm_received, mark_delivered_by_seller

    sale = sell(OrderStatus.SHIPPED)
    ask(sale)
    assert sale.reload().order.status == OrderStatus.REFUND_REQUESTED

    with pytest.raises(IllegalTransition):
        mark_delivered_by_seller(sale.order, actor=sale.seller)
    db.session.rollback()
    with pytest.raises(IllegalTransition):
        confirm_received(sale.order, buyer=sale.buyer)
    db.session.rollback()

    assert sale.reload().order.status == OrderStatus.REFUND_REQUESTED
    assert ledger_of(sale.store) == []


def test_a_seller_marks_delivered_only_its_own_delivery_or_a_pick_up(app):
    from marketplace.orders.fulfilment import mark_delivered_by_seller

    sale = sell(OrderStatus.SHIPPED)  # picked up at the store
    sale.order.shipping_code = "jne_reg"
    db.session.commit()

    with pytest.raises(IllegalTransition):
        mark_delivered_by_seller(sale.order, actor=sale.seller)
    db.session.rollback()
    sale.order.shipping_code = "pickup"
    db.session.commit()
    mark_delivered_by_seller(sale.order, actor=sale.seller)
    db.session.commit()

    assert sale.reload().order.status == OrderStatus.DELIVERED
