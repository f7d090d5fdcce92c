"""Moderation (issue #9): reports, the admin queue, hiding and restoring products and reviews,
suspending stores and users. Services are called directly; views are driven like a browser."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.admin import moderation
from marketplace.admin.models import (
    ContentReport,
    ModerationAction,
    ModerationKind,
    ModerationTarget,
    ReportStatus,
)
from marketplace.catalog.errors import InvalidProduct
from marketplace.catalog.models import Product, ProductEvent, ProductStatus
from marketplace.catalog.services import set_status
from marketplace.extensions import db
from marketplace.orders import fulfilment
from marketplace.orders.cart import DbCart, add_to_cart, load_sellable
from marketplace.orders.errors import NotAvailable
from marketplace.orders.models import Order, OrderStatus, Review
from marketplace.orders.reviews import write_review
from marketplace.search.backend import SearchQuery
from marketplace.search.service import get_backend
from marketplace.stores.models import Store, StoreEvent, StoreMember, StoreRole, StoreStatus
from tests.conftest import csrf_from
from tests.factories import PASSWORD, make_user
from tests.orders.after_sale import (
    admin_user,
    client_for,
    ledger_of,
    post_with_token,
    sell,
)
from tests.orders.helpers import (
    count,
    make_buyer,
    make_item,
    make_seller_store,
    place,
    put_in_cart,
)

pytestmark = pytest.mark.usefixtures("app")

REASON = "Klaim khasiat obat tanpa izin edar BPOM"


@pytest.fixture
def index(app: Flask):
    """The app's search backend, emptied (earlier tests left products in the shared index)."""
    backend = get_backend()
    backend.clear()
    yield backend
    backend.clear()


def found(text: str) -> set[int]:
    result = get_backend().search(SearchQuery(text=text, per_page=60))
    return {hit.product_id for hit in result.hits}


def fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def public_product(name: str = "Jamu Kunyit Asam Bu Tini"):
    seller = make_user(name="Bu Tini")
    store = make_seller_store("Jamu Bu Tini", owner=seller)
    variant = make_item(store, name)
    product = db.session.get(Product, variant.product_id)
    return seller, store, product, variant


def product_url(store: Store, product: Product) -> str:
    return f"/toko/{store.slug}/{product.slug}"


def reviewed_sale(rating: int = 1, body: str = "Penjual penipu, jangan beli di sini!!!"):
    sale = sell(OrderStatus.COMPLETED)
    review = write_review(
        sale.order.lines[0], buyer=sale.buyer, rating=rating, body=body, photos=[]
    )
    db.session.commit()
    return sale, review


def counters(model, row_id) -> tuple[int, int]:
    row = fresh(model, row_id)
    return row.rating_count, row.rating_sum


# -- Reports -----------------------------------------------------------------------------------


def test_a_signed_in_user_reports_a_product_from_its_page(app):
    _seller, store, product, _variant = public_product()
    buyer = make_user()
    client = client_for(app, buyer)

    page = client.get(product_url(store, product)).get_data(as_text=True)
    assert f"{product_url(store, product)}/laporkan" in page
    response = post_with_token(
        client,
        f"{product_url(store, product)}/laporkan",
        {"category": "misleading", "text": "Mengaku menyembuhkan diabetes."},
        page=f"{product_url(store, product)}/laporkan",
    )

    assert response.status_code == 302
    report = db.session.scalar(select(ContentReport))
    assert (report.reporter_id, report.product_id, report.status) == (
        buyer.id,
        product.id,
        ReportStatus.OPEN,
    )
    assert report.text == "Mengaku menyembuhkan diabetes."


def test_reporting_needs_a_sign_in(client):
    _seller, store, product, _variant = public_product()

    response = client.get(f"{product_url(store, product)}/laporkan")

    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_a_duplicate_open_report_is_refused_and_nothing_is_added(app):
    _seller, store, product, _variant = public_product()
    buyer = make_user()
    moderation.report_product(product, reporter=buyer, category="abusive", text="")
    db.session.commit()
    client = client_for(app, buyer)

    response = post_with_token(
        client,
        f"{product_url(store, product)}/laporkan",
        {"category": "misleading", "text": "Lagi."},
        page=f"{product_url(store, product)}/laporkan",
    )

    assert response.status_code == 200
    assert "Anda sudah melaporkan ini" in response.get_data(as_text=True)
    assert count(ContentReport) == 1
    with pytest.raises(moderation.AlreadyReported):
        moderation.report_product(product, reporter=buyer, category="other", text="Sekali lagi")


def test_a_report_of_other_needs_words_and_unknown_categories_are_refused():
    _seller, _store, product, _variant = public_product()
    buyer = make_user()

    with pytest.raises(moderation.InvalidReport):
        moderation.report_product(product, reporter=buyer, category="other", text="")
    with pytest.raises(moderation.InvalidReport):
        moderation.report_product(product, reporter=buyer, category="spam!", text="Apa saja")
    db.session.rollback()
    assert count(ContentReport) == 0


def test_reporting_is_rate_limited(app):
    buyer = make_user()
    client = client_for(app, buyer)
    products = [public_product(f"Sirup Jahe {n}")[1:3] for n in range(11)]
    token = csrf_from(client.get(f"{product_url(*products[0])}/laporkan").get_data(as_text=True))

    codes = [
        client.post(
            f"{product_url(store, product)}/laporkan",
            data={"category": "abusive", "text": "", "csrf_token": token},
        ).status_code
        for store, product in products
    ]

    assert codes[:10] == [302] * 10
    assert codes[10] == 429
    assert count(ContentReport) == 10


# -- Queue, hide, dismiss ----------------------------------------------------------------------


def test_report_queue_hide_then_the_owner_sees_why_and_buyers_cannot_find_it(app, client, index):
    seller, store, product, variant = public_product("Jamu Kunyit Asam Ajaib")
    reporters = [make_user(), make_user()]
    for reporter in reporters:
        moderation.report_product(product, reporter=reporter, category="misleading", text="Palsu")
    db.session.commit()
    assert found("ajaib") == {product.id}
    admin = admin_user()
    admin_client = client_for(app, admin)

    queue = admin_client.get("/admin/laporan").get_data(as_text=True)
    assert product.name in queue
    assert "2 laporan" in queue
    response = post_with_token(
        admin_client,
        f"/admin/laporan/produk/{product.id}/sembunyikan",
        {"reason": REASON},
        page="/admin/laporan",
    )

    assert response.status_code == 302
    product = fresh(Product, product.id)
    assert product.status == ProductStatus.HIDDEN
    assert moderation.moderation_reason(product) == REASON
    assert {r.status for r in db.session.scalars(select(ContentReport))} == {ReportStatus.ACTIONED}
    event = db.session.scalar(select(ProductEvent).where(ProductEvent.product_id == product.id))
    assert (event.to_status, event.actor_user_id) == (ProductStatus.HIDDEN, admin.id)
    assert REASON[:20] in event.reason
    assert "Tidak ada laporan terbuka" in admin_client.get("/admin/laporan").get_data(as_text=True)
    # Gone for buyers: page, cart, search.
    assert client.get(product_url(store, product)).status_code == 404
    assert variant.id not in load_sellable([variant.id])
    assert found("ajaib") == set()
    # The seller reads the reason on the product list and the edit page, and cannot re-show it.
    seller_client = client_for(app, seller)
    listing = seller_client.get(f"/penjual/toko/{store.id}/produk").get_data(as_text=True)
    assert REASON in listing
    edit = seller_client.get(f"/penjual/toko/{store.id}/produk/{product.id}").get_data(as_text=True)
    assert REASON in edit
    with pytest.raises(InvalidProduct):
        set_status(product, ProductStatus.ACTIVE, actor=seller)
    db.session.rollback()
    # The item's history shows the action.
    history = admin_client.get(f"/admin/moderasi/produk/{product.id}").get_data(as_text=True)
    assert REASON in history


def test_restoring_a_hidden_product_goes_back_through_the_transition_table(index):
    _seller, _store, product, variant = public_product("Kopi Liberika Meranti")
    admin = admin_user()
    moderation.hide_product(product, admin=admin, reason=REASON)
    db.session.commit()

    status = moderation.restore_product(product, admin=admin, reason="Klaim sudah dihapus penjual")
    db.session.commit()

    product = fresh(Product, product.id)
    assert status == product.status == ProductStatus.ACTIVE
    assert product.hidden_reason is None
    assert variant.id in load_sellable([variant.id])
    assert found("liberika") == {product.id}
    events = db.session.scalars(
        select(ProductEvent.to_status)
        .where(ProductEvent.product_id == product.id)
        .order_by(ProductEvent.id)
    ).all()
    assert events == [ProductStatus.HIDDEN, ProductStatus.ACTIVE]
    actions = db.session.scalars(select(ModerationAction.action).order_by(ModerationAction.id))
    assert list(actions) == ["hide", "restore"]


def test_every_action_needs_a_reason_of_five_characters():
    _seller, store, product, _variant = public_product()
    admin = admin_user()

    for action in (
        lambda: moderation.hide_product(product, admin=admin, reason="   ok  "),
        lambda: moderation.suspend_store(store, admin=admin, reason=""),
        lambda: moderation.suspend_user(make_user(), admin=admin, reason="x" * 301),
    ):
        with pytest.raises(moderation.ReasonRequired):
            action()
        db.session.rollback()

    assert fresh(Product, product.id).status == ProductStatus.ACTIVE
    assert count(ModerationAction) == 0


def test_dismissing_closes_the_reports_with_a_note_and_leaves_the_product(app):
    _seller, _store, product, _variant = public_product()
    moderation.report_product(product, reporter=make_user(), category="abusive", text="")
    db.session.commit()
    admin = admin_user()
    admin_client = client_for(app, admin)

    response = post_with_token(
        admin_client,
        f"/admin/laporan/produk/{product.id}/abaikan",
        {"reason": "Produk sesuai, laporan tidak berdasar"},
        page="/admin/laporan",
    )

    assert response.status_code == 302
    report = fresh(ContentReport, db.session.scalar(select(ContentReport.id)))
    assert (report.status, report.handled_by_id) == (ReportStatus.DISMISSED, admin.id)
    assert report.note == "Produk sesuai, laporan tidak berdasar"
    assert fresh(Product, product.id).status == ProductStatus.ACTIVE
    with pytest.raises(moderation.NothingToDismiss):
        moderation.dismiss_reports(product=product, admin=admin, note="Sekali lagi")


def test_a_short_reason_in_the_queue_changes_nothing(app):
    _seller, _store, product, _variant = public_product()
    moderation.report_product(product, reporter=make_user(), category="abusive", text="")
    db.session.commit()
    admin_client = client_for(app, admin_user())

    post_with_token(
        admin_client,
        f"/admin/laporan/produk/{product.id}/sembunyikan",
        {"reason": "no"},
        page="/admin/laporan",
    )

    assert fresh(Product, product.id).status == ProductStatus.ACTIVE
    assert db.session.scalar(select(ContentReport.status)) == ReportStatus.OPEN


def test_the_queue_runs_the_same_queries_for_1_or_many_reported_items(app, count_queries):
    admin_client = client_for(app, admin_user())

    def make_reports(n: int) -> None:
        for _ in range(n):
            _seller, _store, product, _v = public_product()
            moderation.report_product(
                product, reporter=make_user(), category="other", text="Aneh sekali"
            )
            moderation.report_product(product, reporter=make_user(), category="abusive", text="")
            _sale, review = reviewed_sale()
            moderation.report_review(review, reporter=make_user(), category="abusive", text="")
        db.session.commit()

    make_reports(1)
    with count_queries() as one:
        assert admin_client.get("/admin/laporan").status_code == 200
    make_reports(4)
    with count_queries() as five:
        body = admin_client.get("/admin/laporan").get_data(as_text=True)

    assert body.count('class="panel" id="produk-') == 5
    assert body.count('class="panel" id="ulasan-') == 5
    assert five.count == one.count


# -- Reviews -----------------------------------------------------------------------------------


def test_hiding_a_review_takes_its_rating_out_once_and_restoring_puts_it_back_once(app):
    sale, review = reviewed_sale(rating=1)
    product_id, store_id = sale.variant.product_id, sale.store.id
    before_product, before_store = counters(Product, product_id), counters(Store, store_id)
    admin = admin_user()
    moderation.report_review(review, reporter=sale.seller, category="abusive", text="Fitnah")
    db.session.commit()

    closed = moderation.hide_review(review, admin=admin, reason="Menuduh tanpa bukti, kasar")
    db.session.commit()
    with pytest.raises(moderation.ModerationNotAllowed):
        moderation.hide_review(review, admin=admin, reason="Dua kali disembunyikan")
    db.session.rollback()

    assert closed == 1
    assert counters(Product, product_id) == (before_product[0] - 1, before_product[1] - 1)
    assert counters(Store, store_id) == (before_store[0] - 1, before_store[1] - 1)
    assert fresh(Review, review.id).hidden_reason == "Menuduh tanpa bukti, kasar"
    # The seller's review page shows it with the reason; the buyer's order page too.
    seller_page = client_for(app, sale.seller).get(f"/penjual/toko/{store_id}/ulasan")
    assert "Menuduh tanpa bukti, kasar" in seller_page.get_data(as_text=True)
    buyer_page = client_for(app, sale.buyer).get(f"/pesanan/{sale.order.number}")
    assert "Menuduh tanpa bukti, kasar" in buyer_page.get_data(as_text=True)

    moderation.restore_review(review, admin=admin, reason="Penjual dan pembeli sudah damai")
    db.session.commit()
    with pytest.raises(moderation.ModerationNotAllowed):
        moderation.restore_review(review, admin=admin, reason="Dua kali ditampilkan")
    db.session.rollback()

    assert counters(Product, product_id) == before_product
    assert counters(Store, store_id) == before_store
    assert fresh(Review, review.id).is_hidden is False


def test_a_review_is_reported_from_the_product_page(app):
    sale, review = reviewed_sale(rating=2, body="Kemasan bocor")
    product = db.session.get(Product, sale.variant.product_id)
    reporter = make_user()
    client = client_for(app, reporter)

    page = client.get(product_url(sale.store, product)).get_data(as_text=True)
    assert f"/ulasan/{review.id}/laporkan" in page
    response = post_with_token(
        client,
        f"/ulasan/{review.id}/laporkan",
        {"category": "abusive", "text": ""},
        page=f"/ulasan/{review.id}/laporkan",
    )

    assert response.status_code == 302
    assert db.session.scalar(select(ContentReport.review_id)) == review.id


# -- Stores ------------------------------------------------------------------------------------


def test_a_suspended_store_is_hidden_and_its_paid_order_is_still_completed(app, client, index):
    # Given a paid order of a store, and the store's product findable.
    sale = sell(OrderStatus.PAID, price_idr=120_000)
    store, variant = sale.store, sale.variant
    product = db.session.get(Product, variant.product_id)
    assert found("sagu") == {product.id}
    admin = admin_user()

    # When an admin suspends the store,
    moderation.suspend_store(store, admin=admin, reason="Banyak laporan barang palsu")
    db.session.commit()

    # then the store and its products are gone from public pages, carts and search,
    assert fresh(Store, store.id).status == StoreStatus.SUSPENDED
    assert client.get(f"/toko/{store.slug}").status_code == 404
    assert client.get(product_url(store, product)).status_code == 404
    assert variant.id not in load_sellable([variant.id])
    assert found("sagu") == set()
    event = db.session.scalar(select(StoreEvent).where(StoreEvent.store_id == store.id))
    assert (event.to_status, event.actor_user_id) == (StoreStatus.SUSPENDED, admin.id)
    # the owner reads why,
    seller_client = client_for(app, sale.seller)
    assert "Banyak laporan barang palsu" in seller_client.get(f"/penjual/toko/{store.id}").get_data(
        as_text=True
    )
    # and the seller still processes and ships the paid order from the queue,
    queue = seller_client.get(f"/penjual/toko/{store.id}/pesanan").get_data(as_text=True)
    assert sale.order.number in queue
    order_page = f"/penjual/toko/{store.id}/pesanan/{sale.order.number}"
    for action in ("proses", "kirim"):
        response = post_with_token(seller_client, f"{order_page}/{action}", {}, page=order_page)
        assert response.status_code == 302
    assert fresh(type(sale.order), sale.order.id).status == OrderStatus.SHIPPED
    # which arrives, completes and credits the ledger as usual.
    order = sale.reload().order
    fulfilment.mark_delivered(order, actor=sale.seller)
    fulfilment.confirm_received(order, buyer=sale.buyer)
    db.session.commit()
    assert fresh(type(sale.order), sale.order.id).status == OrderStatus.COMPLETED
    assert [kind for kind, _amount in ledger_of(store)] == ["sale"]
    assert ledger_of(store)[0][1] > 0


def test_a_suspended_store_cannot_be_published_by_its_owner_and_unsuspends_to_draft():
    seller = make_user()
    store = make_seller_store("Batik Tulis Lasem", owner=seller)
    admin = admin_user()
    moderation.suspend_store(store, admin=admin, reason="Dokumen NIB palsu")
    db.session.commit()

    from marketplace.stores.errors import StoreNotReady
    from marketplace.stores.services import publish_store

    with pytest.raises(StoreNotReady):
        publish_store(store, actor=seller)
    db.session.rollback()
    moderation.unsuspend_store(store, admin=admin, reason="NIB asli sudah diperiksa")
    db.session.commit()

    assert fresh(Store, store.id).status == StoreStatus.DRAFT
    statuses = db.session.scalars(
        select(StoreEvent.to_status).where(StoreEvent.store_id == store.id).order_by(StoreEvent.id)
    ).all()
    assert statuses == [StoreStatus.SUSPENDED, StoreStatus.DRAFT]


def test_new_orders_of_a_suspended_store_are_impossible_even_from_a_cart_filled_before():
    store = make_seller_store("Tenun Ikat Sumba")
    variant = make_item(store, "Kain Tenun Ikat")
    buyer, address = make_buyer()
    put_in_cart(buyer, variant)
    moderation.suspend_store(store, admin=admin_user(), reason="Pelanggaran berulang")
    db.session.commit()

    with pytest.raises(NotAvailable):
        add_to_cart(DbCart(make_buyer()[0].id), variant_id=variant.id, quantity=1)
    with pytest.raises(NotAvailable):
        place(buyer, address, shipping={store.id: "pickup"})
    db.session.rollback()

    assert count(Order) == 0


# -- Users -------------------------------------------------------------------------------------


def test_a_suspended_users_session_ends_and_login_is_refused(app):
    user = make_user(name="Pembeli Nakal")
    client = client_for(app, user)
    assert client.get("/akun").status_code == 200
    admin = admin_user()

    moderation.suspend_user(user, admin=admin, reason="Penipuan berulang ke penjual")
    db.session.commit()

    assert client.get("/akun").status_code == 302  # the old session is gone
    fresh_client = app.test_client()
    page = fresh_client.get("/masuk").get_data(as_text=True)
    response = fresh_client.post(
        "/masuk", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page)}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ditangguhkan" in body
    assert "Penipuan berulang ke penjual" in body
    assert fresh_client.get("/akun").status_code == 302

    moderation.unsuspend_user(user, admin=admin, reason="Banding diterima, sudah diverifikasi")
    db.session.commit()
    assert fresh(User, user.id).suspended_at is None
    client_for(app, user)  # logs in again


def test_a_wrong_password_of_a_suspended_user_says_nothing_about_the_suspension(app):
    user = make_user()
    moderation.suspend_user(user, admin=admin_user(), reason="Spam ulasan berulang")
    db.session.commit()
    client = app.test_client()
    page = client.get("/masuk").get_data(as_text=True)

    body = client.post(
        "/masuk",
        data={"email": user.email, "password": "salah-sekali", "csrf_token": csrf_from(page)},
    ).get_data(as_text=True)

    assert "Spam ulasan berulang" not in body
    assert "Email atau kata sandi salah" in body


def test_suspending_a_user_suspends_the_stores_they_alone_own_and_admins_cannot_be_suspended():
    seller = make_user()
    store = make_seller_store("Gerabah Kasongan", owner=seller)
    partner = make_user()
    shared = make_seller_store("Batik Bersama", owner=seller)
    db.session.add(StoreMember(store_id=shared.id, user_id=partner.id, role=StoreRole.OWNER))
    db.session.commit()
    admin = admin_user()

    reason = "Akun dipakai bersama orang lain"
    suspended = moderation.suspend_user(seller, admin=admin, reason=reason)
    db.session.commit()
    with pytest.raises(moderation.ModerationNotAllowed):
        moderation.suspend_user(admin_user(), admin=admin, reason="Mencoba menangguhkan admin")
    db.session.rollback()

    assert [s.id for s in suspended] == [store.id]
    assert fresh(Store, store.id).status == StoreStatus.SUSPENDED
    assert fresh(Store, shared.id).status == StoreStatus.LIVE  # another owner still runs it
    assert fresh(User, seller.id).session_version == 2
    history = db.session.scalars(
        select(ModerationAction).where(
            ModerationAction.target_kind == ModerationTarget.STORE,
            ModerationAction.target_id == store.id,
        )
    ).all()
    assert [a.action for a in history] == [ModerationKind.SUSPEND]
    # The store's staff read its history: the account's reason stays on the account.
    assert "Akun dipakai bersama orang lain" not in history[0].reason
    assert "ditangguhkan" in history[0].reason


def test_a_suspended_users_products_leave_the_site_and_lifting_the_account_keeps_the_store_shut(
    app,
):
    seller = make_user()
    store = make_seller_store("Keripik Tempe Bu Sri", owner=seller)
    product = make_item(store, "Keripik Tempe Pedas Manis").product
    admin = admin_user()
    client = app.test_client()
    assert client.get(product_url(store, product)).status_code == 200

    moderation.suspend_user(seller, admin=admin, reason="Penipuan berulang ke pembeli")
    db.session.commit()
    assert client.get(product_url(store, product)).status_code == 404

    moderation.unsuspend_user(seller, admin=admin, reason="Banding diterima setelah verifikasi")
    db.session.commit()
    assert fresh(Store, store.id).status == StoreStatus.SUSPENDED  # lifted on its own, explicitly
    assert client.get(product_url(store, product)).status_code == 404


def test_a_co_owner_suspended_after_the_other_takes_the_store_with_them():
    first, second = make_user(), make_user()
    store = make_seller_store("Tenun Bersama", owner=first)
    db.session.add(StoreMember(store_id=store.id, user_id=second.id, role=StoreRole.OWNER))
    db.session.commit()
    admin = admin_user()

    reason = "Akun dipakai bersama orang lain"
    assert moderation.suspend_user(first, admin=admin, reason=reason) == []
    assert moderation.suspend_user(second, admin=admin, reason=reason)
    db.session.commit()

    assert fresh(Store, store.id).status == StoreStatus.SUSPENDED


# -- Access ------------------------------------------------------------------------------------


def test_non_admins_get_403_on_every_moderation_route(app):
    seller, store, product, _variant = public_product()
    sale, review = reviewed_sale()
    client = client_for(app, seller)
    token = csrf_from(client.get("/akun").get_data(as_text=True))
    gets = [
        "/admin/laporan",
        "/admin/moderasi",
        f"/admin/moderasi/produk/{product.id}",
        f"/admin/moderasi/ulasan/{review.id}",
        f"/admin/moderasi/toko/{store.id}",
        f"/admin/moderasi/pengguna/{seller.id}",
    ]
    posts = [
        f"/admin/laporan/produk/{product.id}/sembunyikan",
        f"/admin/laporan/ulasan/{review.id}/abaikan",
        f"/admin/moderasi/produk/{product.id}/sembunyikan",
        f"/admin/moderasi/ulasan/{review.id}/sembunyikan",
        f"/admin/moderasi/toko/{store.id}/tangguhkan",
        f"/admin/moderasi/pengguna/{sale.buyer.id}/tangguhkan",
    ]

    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        response = client.post(url, data={"reason": "Bukan hak saya", "csrf_token": token})
        assert response.status_code == 403, url
    assert fresh(Store, store.id).status == StoreStatus.LIVE
    assert fresh(Product, product.id).status == ProductStatus.ACTIVE
    assert count(ModerationAction) == 0
    anonymous = app.test_client()
    assert anonymous.get("/admin/laporan").status_code == 302


def test_admin_pages_render_for_each_kind_and_unknown_items_are_404(app):
    _seller, store, product, _variant = public_product()
    sale, review = reviewed_sale()
    admin_client = client_for(app, admin_user())

    for kind, item_id in (
        ("produk", product.id),
        ("ulasan", review.id),
        ("toko", store.id),
        ("pengguna", sale.buyer.id),
    ):
        assert admin_client.get(f"/admin/moderasi/{kind}/{item_id}").status_code == 200
        assert admin_client.get(f"/admin/moderasi/{kind}/999999").status_code == 404
    assert admin_client.get("/admin/moderasi/pesanan/1").status_code == 404
    overview = admin_client.get(f"/admin/moderasi?q={store.name}").get_data(as_text=True)
    assert store.name in overview
    by_email = admin_client.get(f"/admin/moderasi?q={sale.buyer.email}")
    assert by_email.headers["Location"].endswith(f"/admin/moderasi/pengguna/{sale.buyer.id}")


def test_suspending_through_the_admin_page_records_the_history(app):
    seller = make_user()
    store = make_seller_store("Anyaman Pandan", owner=seller)
    admin_client = client_for(app, admin_user())
    page = f"/admin/moderasi/toko/{store.id}"

    response = post_with_token(
        admin_client, f"{page}/tangguhkan", {"reason": "Menjual barang bajakan"}, page=page
    )

    assert response.status_code == 302
    assert fresh(Store, store.id).status == StoreStatus.SUSPENDED
    assert "Menjual barang bajakan" in admin_client.get(page).get_data(as_text=True)


def test_restoring_puts_back_what_the_seller_had_and_never_publishes_a_draft():
    _seller, _store, product, variant = public_product("Keripik Pisang Draf")
    from marketplace.catalog.services import record_status

    record_status(product, ProductStatus.DRAFT, actor_id=None, reason="")
    db.session.commit()
    admin = admin_user()
    moderation.hide_product(product, admin=admin, reason=REASON)
    db.session.commit()

    status = moderation.restore_product(product, admin=admin, reason="Sudah diperiksa ulang")
    db.session.commit()

    assert status == fresh(Product, product.id).status == ProductStatus.DRAFT
    assert variant.id not in load_sellable([variant.id])


def test_a_product_hidden_by_an_admin_cannot_be_copied_around_the_hiding():
    from marketplace.catalog.errors import InvalidProduct
    from marketplace.catalog.services import duplicate_product

    _seller, _store, product, _variant = public_product("Jamu Klaim Palsu")
    moderation.hide_product(product, admin=admin_user(), reason=REASON)
    db.session.commit()

    with pytest.raises(InvalidProduct):
        duplicate_product(fresh(Product, product.id))
    db.session.rollback()
    assert db.session.scalar(select(func.count(Product.id))) == 1
