"""What business buyers see: the supplier directory and its filters, a supplier's page, the
wholesale catalog, and wholesale prices on the product page (only for a verified business)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient

from marketplace.catalog.models import ProductVariant
from marketplace.extensions import db
from marketplace.stores.models import Store, StoreDocument
from marketplace.wholesale.acting import SESSION_KEY
from marketplace.wholesale.models import Business, SupplierProfile
from tests.factories import make_agency, make_category, make_enrollment, make_program, make_user
from tests.orders.helpers import make_item, make_seller_store, product_of
from tests.wholesale.helpers import (
    make_business_account,
    make_offer,
    make_supplier,
    make_wholesale_item,
)

WHOLESALE_PRICE = "Rp10.500"  # the 50+ tier of the default offer (retail is Rp13.000)
TODAY = date.today()


def act_for(client: FlaskClient, business: Business) -> None:
    """Choose the business in the header switcher (kept in the session)."""
    with client.session_transaction() as session:
        session[SESSION_KEY] = business.id


def business_buyer(client: FlaskClient, login_as: Any, *, status: str = "verified") -> Business:
    """Log a buyer of a business in and act for it."""
    business, members, _location = make_business_account(status=status)
    login_as(members["buyer"])
    act_for(client, business)
    return business


def supplier(name: str, *, owner: Any = None, status: str = "live", **profile: Any) -> Store:
    """A store (live unless told) open to business buyers, with changes to its profile."""
    store = make_supplier(make_seller_store(name, owner=owner or make_user(), status=status))
    if profile:
        row = db.session.query(SupplierProfile).filter_by(store_id=store.id).one()
        for key, value in profile.items():
            setattr(row, key, value)
        db.session.commit()
    return store


def wholesale_item(
    store: Store, name: str, *, category: Any = None, pirt_no: str | None = None, **offer_kw: Any
) -> ProductVariant:
    """A product in a category with a wholesale offer (the default 1/50/200 tiers)."""
    variant = make_item(store, name, price_idr=13_000, stock=1_000, category=category)
    if pirt_no:
        product_of(variant).pirt_no = pirt_no
        db.session.commit()
    make_offer(variant, **offer_kw)
    return variant


def add_document(store: Store, kind: str, *, expires_on: date | None, number: str = "") -> None:
    db.session.add(
        StoreDocument(
            store_id=store.id,
            kind=kind,
            number=number or f"{kind.upper()}-{store.id}",
            expires_on=expires_on,
            file_key=f"documents/{store.id}/{kind}.pdf",
            file_type="application/pdf",
        )
    )
    db.session.commit()


def train_owner(owner: Any) -> None:
    """A completed Disperin training claimed by the store's owner."""
    program = make_program(make_agency())
    make_enrollment(program, user=owner, certificate_no=f"SERT-{owner.id}")


def listed(html: str, *stores: Store) -> set[str]:
    """Which of the stores appear on the page."""
    return {s.name for s in stores if f">{s.name}</a>" in html}


def product_url(variant: ProductVariant) -> str:
    product = product_of(variant)
    store = db.session.get(Store, product.store_id)
    return f"/toko/{store.slug}/{product.slug}"


# -- Product page ---------------------------------------------------------------------------


def test_verified_business_sees_wholesale_prices_on_the_product_page(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    variant = make_wholesale_item(supplier("Roti Bu Sri"), min_order_qty=10, pack_size=10)
    business_buyer(client, login_as)

    html = client.get(product_url(variant)).get_data(as_text=True)

    assert "Harga grosir" in html
    assert WHOLESALE_PRICE in html and "Rp9.500" in html
    assert "50–199" in html
    assert "10 pcs per kemasan" in html


def test_anonymous_visitors_and_consumers_see_no_wholesale_price(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    variant = make_wholesale_item(supplier("Roti Bu Sri"))
    url = product_url(variant)

    anonymous = client.get(url).get_data(as_text=True)
    login_as(make_user())
    consumer = client.get(url).get_data(as_text=True)

    for html in (anonymous, consumer):
        assert "Rp13.000" in html  # the retail price is there
        assert WHOLESALE_PRICE not in html
        assert "Harga grosir" not in html


def test_unverified_business_sees_no_wholesale_price(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    variant = make_wholesale_item(supplier("Roti Bu Sri"))
    business_buyer(client, login_as, status="pending")

    html = client.get(product_url(variant)).get_data(as_text=True)

    assert WHOLESALE_PRICE not in html
    assert "Harga grosir" not in html


def test_member_of_a_verified_business_not_acting_for_it_sees_no_wholesale_price(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    variant = make_wholesale_item(supplier("Roti Bu Sri"))
    _business, members, _location = make_business_account()
    login_as(members["buyer"])  # shopping as a consumer: no business chosen

    assert WHOLESALE_PRICE not in client.get(product_url(variant)).get_data(as_text=True)


def test_a_store_closed_to_businesses_shows_no_wholesale_price(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    variant = make_wholesale_item(supplier("Roti Bu Sri", is_open=False))
    business_buyer(client, login_as)

    assert WHOLESALE_PRICE not in client.get(product_url(variant)).get_data(as_text=True)


# -- Wholesale catalog ----------------------------------------------------------------------


def test_verified_business_sees_the_catalog_with_tiers(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    store = supplier("Roti Bu Sri")
    variant = make_wholesale_item(store, min_order_qty=20, pack_size=10, lead_time_days=3)
    business_buyer(client, login_as)

    html = client.get("/grosir/katalog").get_data(as_text=True)

    assert "Roti Tawar Gandum" in html and variant.sku in html and "Roti Bu Sri" in html
    assert WHOLESALE_PRICE in html
    assert "20 pcs" in html and "10 pcs per kemasan" in html
    assert "Dibuat sesuai pesanan, 3 hari" in html
    assert "js/wholesale-tiers.js" in html


def test_catalog_marks_the_tier_for_the_quantity_asked(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    make_wholesale_item(supplier("Roti Bu Sri"))
    business_buyer(client, login_as)

    html = client.get("/grosir/katalog?qty=60").get_data(as_text=True)

    marks = re.findall(r'data-tier-min="(\d+)".*?<span[^>]*data-tier-mark([^>]*)>', html, re.S)
    assert {minimum: "hidden" not in attrs for minimum, attrs in marks} == {
        "1": False,
        "50": True,
        "200": False,
    }
    assert "Rp630.000" in html  # 60 x Rp10.500


def test_catalog_explains_a_quantity_below_the_minimum(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    make_wholesale_item(supplier("Roti Bu Sri"), min_order_qty=24, pack_size=12)
    business_buyer(client, login_as)

    below = client.get("/grosir/katalog?qty=12").get_data(as_text=True)
    off_pack = client.get("/grosir/katalog?qty=30").get_data(as_text=True)

    assert "Di bawah minimum pesanan (24)." in below
    assert "Harus kelipatan 12 (isi per kemasan)." in off_pack


def test_unverified_business_sees_a_banner_and_no_prices_in_the_catalog(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    make_wholesale_item(supplier("Roti Bu Sri"))
    business_buyer(client, login_as, status="pending")

    html = client.get("/grosir/katalog?qty=60").get_data(as_text=True)

    assert "Roti Tawar Gandum" in html
    assert "belum diverifikasi" in html
    assert WHOLESALE_PRICE not in html and "Rp12.000" not in html


def test_consumers_and_visitors_cannot_open_the_catalog(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    make_wholesale_item(supplier("Roti Bu Sri"))

    anonymous = client.get("/grosir/katalog")
    login_as(make_user())
    consumer = client.get("/grosir/katalog")

    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    assert consumer.status_code == 302 and consumer.headers["Location"].endswith("/grosir/")
    for response in (anonymous, consumer):
        assert WHOLESALE_PRICE not in response.get_data(as_text=True)


def test_catalog_searches_by_name_and_filters_by_category(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    food = make_category(name="Kuliner", slug="kuliner")
    snacks = make_category(name="Keripik", slug="keripik", parent_id=food.id)
    crafts = make_category(name="Kerajinan", slug="kerajinan")
    store = supplier("Roti Bu Sri")
    wholesale_item(store, "Keripik Tempe Sagu", category=snacks)
    wholesale_item(store, "Tas Anyaman Pandan", category=crafts)
    business_buyer(client, login_as)

    by_name = client.get("/grosir/katalog?q=tempe").get_data(as_text=True)
    by_category = client.get(f"/grosir/katalog?kategori={food.id}").get_data(as_text=True)

    assert "Keripik Tempe Sagu" in by_name and "Tas Anyaman Pandan" not in by_name
    assert "Keripik Tempe Sagu" in by_category and "Tas Anyaman Pandan" not in by_category


def test_catalog_leaves_out_inactive_offers_and_closed_or_hidden_stores(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    make_wholesale_item(supplier("Toko Buka"), "Roti Terbuka")
    make_wholesale_item(supplier("Toko Tutup", is_open=False), "Roti Tertutup")
    make_wholesale_item(supplier("Toko Draf", status="draft"), "Roti Draf")
    make_wholesale_item(supplier("Toko Lain"), "Roti Nonaktif", is_active=False)
    business_buyer(client, login_as)

    html = client.get("/grosir/katalog").get_data(as_text=True)

    assert "Roti Terbuka" in html
    for hidden in ("Roti Tertutup", "Roti Draf", "Roti Nonaktif"):
        assert hidden not in html


# -- Supplier directory ---------------------------------------------------------------------


def test_directory_filters_on_a_valid_halal_certificate(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    valid = supplier("Halal Berlaku")
    add_document(valid, "halal", expires_on=TODAY + timedelta(days=90))
    expired = supplier("Halal Kedaluwarsa")
    add_document(expired, "halal", expires_on=TODAY - timedelta(days=1))
    on_product = supplier("Halal Di Produk")
    variant = make_item(on_product, "Dodol Betawi")
    product = product_of(variant)
    product.halal_cert_no, product.halal_expires_on = "ID31110000456780124", TODAY
    none = supplier("Tanpa Sertifikat")
    db.session.commit()
    business_buyer(client, login_as)

    html = client.get("/grosir/pemasok?halal=1").get_data(as_text=True)

    assert listed(html, valid, expired, on_product, none) == {"Halal Berlaku", "Halal Di Produk"}
    assert "ID31110000456780124" in html


def test_directory_filters_on_pirt_and_bpom(client: FlaskClient, login_as: Any, app: Any) -> None:
    pirt_doc = supplier("PIRT Dokumen")
    add_document(pirt_doc, "pirt", expires_on=None)
    pirt_product = supplier("PIRT Produk")
    product = product_of(make_item(pirt_product, "Kerupuk Udang"))
    product.pirt_no = "206332101012329"
    bpom = supplier("BPOM Dokumen")
    add_document(bpom, "bpom", expires_on=TODAY + timedelta(days=10))
    db.session.commit()
    business_buyer(client, login_as)

    by_pirt = client.get("/grosir/pemasok?pirt=1").get_data(as_text=True)
    by_bpom = client.get("/grosir/pemasok?bpom=1").get_data(as_text=True)

    assert listed(by_pirt, pirt_doc, pirt_product, bpom) == {"PIRT Dokumen", "PIRT Produk"}
    assert listed(by_bpom, pirt_doc, pirt_product, bpom) == {"BPOM Dokumen"}


def test_directory_filters_on_training_samples_and_delivery_province(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    trained_owner = make_user()
    trained = supplier("Alumni Pelatihan", owner=trained_owner)
    train_owner(trained_owner)
    samples = supplier("Ada Sampel", offers_samples=True, sample_note="5 bungkus gratis")
    java = supplier("Kirim Jateng", delivery_province_codes=["33", "34"])
    anywhere = supplier("Kirim Ke Mana Saja", delivery_province_codes=[])
    everyone = (trained, samples, java, anywhere)
    business_buyer(client, login_as)

    by_training = client.get("/grosir/pemasok?pelatihan=1").get_data(as_text=True)
    by_samples = client.get("/grosir/pemasok?sampel=1").get_data(as_text=True)
    to_jateng = client.get("/grosir/pemasok?provinsi=33").get_data(as_text=True)
    to_sumut = client.get("/grosir/pemasok?provinsi=12").get_data(as_text=True)

    assert listed(by_training, *everyone) == {"Alumni Pelatihan"}
    assert listed(by_samples, *everyone) == {"Ada Sampel"}
    assert "5 bungkus gratis" in by_samples
    # Stores with no delivery area deliver anywhere by courier.
    assert listed(to_jateng, *everyone) == set(s.name for s in everyone)
    assert listed(to_sumut, *everyone) == {"Alumni Pelatihan", "Ada Sampel", "Kirim Ke Mana Saja"}


def test_directory_filters_on_a_top_level_category(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    food = make_category(name="Kuliner", slug="kuliner")
    snacks = make_category(name="Keripik", slug="keripik", parent_id=food.id)
    baker = supplier("Toko Keripik")
    make_item(baker, "Keripik Singkong", category=snacks)
    tailor = supplier("Toko Konveksi")
    make_item(tailor, "Seragam Batik")
    business_buyer(client, login_as)

    html = client.get(f"/grosir/pemasok?kategori={food.id}").get_data(as_text=True)

    assert listed(html, baker, tailor) == {"Toko Keripik"}


def test_directory_lists_only_live_stores_open_to_businesses(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    open_store = supplier("Toko Buka")
    closed = supplier("Toko Tutup", is_open=False)
    draft = supplier("Toko Draf", status="draft")
    business_buyer(client, login_as, status="pending")  # any member may browse suppliers

    html = client.get("/grosir/pemasok").get_data(as_text=True)

    assert listed(html, open_store, closed, draft) == {"Toko Buka"}


def test_directory_card_shows_certificates_badges_and_delivery_area(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    owner = make_user()
    store = supplier(
        "Roti Bu Sri",
        owner=owner,
        capacity_note="2.000 bungkus per minggu",
        delivery_province_codes=["33"],
    )
    add_document(store, "halal", expires_on=date(2031, 5, 1), number="ID33110000999990525")
    train_owner(owner)
    business_buyer(client, login_as)

    html = client.get("/grosir/pemasok").get_data(as_text=True)

    assert "2.000 bungkus per minggu" in html
    assert "ID33110000999990525" in html and "2031" in html
    assert "Alumni Pelatihan" in html
    assert "Jawa Tengah" in html


def test_directory_and_catalog_run_a_fixed_number_of_queries(
    client: FlaskClient, login_as: Any, app: Any, count_queries: Any
) -> None:
    category = make_category()

    def add_suppliers(n: int) -> None:
        for _ in range(n):
            owner = make_user()
            store = supplier(f"Pemasok {owner.id}", owner=owner)
            add_document(store, "halal", expires_on=TODAY + timedelta(days=30))
            wholesale_item(store, "Roti Tawar", category=category, pirt_no="206332101012329")
            train_owner(owner)

    def measure(url: str) -> int:
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        return counter.count

    add_suppliers(3)
    business_buyer(client, login_as)
    urls = ["/grosir/pemasok", "/grosir/pemasok?halal=1&pelatihan=1", "/grosir/katalog?qty=50"]
    few = {url: measure(url) for url in urls}
    add_suppliers(12)
    many = {url: measure(url) for url in urls}

    html = client.get("/grosir/pemasok").get_data(as_text=True)
    assert html.count('class="panel"') >= 15
    assert many == few


# -- A supplier's page ------------------------------------------------------------------------


def test_supplier_page_shows_the_profile_and_offers_with_tiers(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    store = supplier("Roti Bu Sri", offers_samples=True, sample_note="3 bungkus gratis")
    make_wholesale_item(store, "Roti Sobek Cokelat", min_order_qty=50, pack_size=10)
    business_buyer(client, login_as)

    html = client.get(f"/grosir/pemasok/{store.slug}").get_data(as_text=True)

    assert "Roti Sobek Cokelat" in html
    assert "3 bungkus gratis" in html
    assert WHOLESALE_PRICE in html and "50 pcs" in html


def test_supplier_page_hides_prices_from_an_unverified_business(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    store = supplier("Roti Bu Sri")
    make_wholesale_item(store, "Roti Sobek Cokelat")
    business_buyer(client, login_as, status="pending")

    html = client.get(f"/grosir/pemasok/{store.slug}").get_data(as_text=True)

    assert "Roti Sobek Cokelat" in html and "belum diverifikasi" in html
    assert WHOLESALE_PRICE not in html


def test_a_store_closed_to_businesses_has_no_supplier_page(
    client: FlaskClient, login_as: Any, app: Any
) -> None:
    closed = supplier("Toko Tutup", is_open=False)
    business_buyer(client, login_as)

    assert client.get(f"/grosir/pemasok/{closed.slug}").status_code == 404
    assert client.get("/grosir/pemasok/tidak-ada").status_code == 404
