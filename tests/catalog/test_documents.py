"""Compliance documents: private upload, reminder before expiry, products hidden after it."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.stores.models import StoreDocument
from tests.conftest import csrf_from
from tests.factories import make_category, make_product, make_store, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def shop(app):
    owner = make_user(email="bu.sri@example.com")
    store = make_store(owner=owner)
    food = make_category(is_food=True)
    return {"owner": owner, "store": store, "food": food}


def upload(
    client,
    store,
    *,
    kind="halal",
    number="ID33110000123450325",
    expires=None,
    data=PDF,
    name="halal.pdf",
):
    page = f"/penjual/toko/{store.id}/dokumen"
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(
        page,
        data={
            "csrf_token": token,
            "kind": kind,
            "number": number,
            "expires_on": (expires or date.today() + timedelta(days=365)).isoformat(),
            "file": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_seller_uploads_a_document_and_only_members_can_download_it(app, client, login_as, shop):
    login_as(shop["owner"])

    body = upload(client, shop["store"]).get_data(as_text=True)

    assert "Dokumen disimpan." in body
    document = db.session.scalar(select(StoreDocument))
    download = client.get(f"/penjual/toko/{shop['store'].id}/dokumen/{document.id}")
    assert download.data == PDF and download.mimetype == "application/pdf"
    assert "no-store" in download.headers["Cache-Control"]
    stranger = app.test_client()
    from tests.conftest import post_form

    other = make_user()
    post_form(stranger, "/masuk", {"email": other.email, "password": "tenun-songket-biru-77"})
    assert (
        stranger.get(f"/penjual/toko/{shop['store'].id}/dokumen/{document.id}").status_code == 404
    )
    assert "/media/" not in body


def test_a_file_that_is_not_a_pdf_or_image_is_refused(client, login_as, shop):
    login_as(shop["owner"])

    body = upload(client, shop["store"], data=b"<html>bukan pdf</html>", name="izin.pdf")

    assert "Unggah dokumen PDF, JPG atau PNG" in body.get_data(as_text=True)
    assert db.session.scalar(select(func.count(StoreDocument.id))) == 0


def test_owner_is_reminded_once_30_days_before_expiry(app, client, login_as, shop, outbox):
    login_as(shop["owner"])
    upload(client, shop["store"], expires=date.today() + timedelta(days=20))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["catalog", "expire-documents"])
    second = runner.invoke(args=["catalog", "expire-documents"])

    assert "Reminders sent for 1" in first.output and "Reminders sent for 0" in second.output
    assert len(outbox) == 1 and outbox[0]["To"] == "bu.sri@example.com"
    assert "ID33110000123450325" in outbox[0].get_payload(decode=True).decode()


def test_expired_document_hides_the_products_that_use_it_once(app, client, login_as, shop):
    uses = make_product(
        shop["store"],
        shop["food"],
        halal_cert_no="ID33110000123450325",
        halal_expires_on=date.today() + timedelta(days=100),
    )
    other = make_product(
        shop["store"],
        shop["food"],
        halal_cert_no="ID99990000000000001",
        halal_expires_on=date.today() + timedelta(days=100),
    )
    login_as(shop["owner"])
    upload(client, shop["store"], expires=date.today() - timedelta(days=1))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["catalog", "expire-documents"])
    second = runner.invoke(args=["catalog", "expire-documents"])

    db.session.expire_all()
    assert db.session.get(Product, uses.id).status == "hidden"
    assert db.session.get(Product, other.id).status == "active"
    assert "1 products hidden" in first.output and "0 products hidden" in second.output
    page = client.get(f"/penjual/toko/{shop['store'].id}/produk/{uses.id}").get_data(as_text=True)
    assert "Disembunyikan otomatis" in page and "HALAL ID33110000123450325" in page


def test_a_product_whose_own_halal_date_passed_is_hidden(app, shop):
    product = make_product(
        shop["store"],
        shop["food"],
        halal_cert_no="ID1",
        halal_expires_on=date.today() - timedelta(days=1),
    )

    app.test_cli_runner().invoke(args=["catalog", "expire-documents"])

    db.session.expire_all()
    hidden = db.session.get(Product, product.id)
    assert hidden.status == "hidden" and hidden.hidden_reason == "halal_expired"


def test_another_stores_document_ids_are_404(client, login_as, shop):
    other_owner = make_user()
    other_store = make_store(owner=other_owner)
    login_as(other_owner)
    upload(client, other_store)
    document = db.session.scalar(select(StoreDocument))
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    login_as(shop["owner"])

    assert client.get(f"/penjual/toko/{other_store.id}/dokumen").status_code == 404
    assert client.get(f"/penjual/toko/{shop['store'].id}/dokumen/{document.id}").status_code == 404
    token = csrf_from(
        client.get(f"/penjual/toko/{shop['store'].id}/dokumen").get_data(as_text=True)
    )
    response = client.post(
        f"/penjual/toko/{shop['store'].id}/dokumen/{document.id}/hapus", data={"csrf_token": token}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(StoreDocument.id))) == 1


def test_the_expiry_job_records_why_it_hid_a_product(app, shop):
    from marketplace.catalog.models import ProductEvent

    make_product(
        shop["store"],
        shop["food"],
        halal_cert_no="ID1",
        halal_expires_on=date.today() - timedelta(days=1),
    )

    app.test_cli_runner().invoke(args=["catalog", "expire-documents"])

    event = db.session.scalar(select(ProductEvent))
    assert (event.from_status, event.to_status, event.actor_user_id, event.reason) == (
        "active",
        "hidden",
        None,
        "halal_expired",
    )
