"""Public catalog pages: structured data, sitemap, fixed query counts, training badges."""

import json
import re

from marketplace.extensions import db
from tests.factories import (
    make_agency,
    make_category,
    make_enrollment,
    make_product,
    make_program,
    make_store,
    make_user,
)


def test_product_page_has_json_ld_with_the_right_price(client):
    store = make_store(whatsapp="+6281325551001")
    category = make_category()
    product = make_product(store, category, name="Keripik </script> Tempe", price_idr=18000)

    body = client.get(f"/toko/{store.slug}/{product.slug}").get_data(as_text=True)

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Product" and data["name"] == "Keripik </script> Tempe"
    assert data["offers"][0]["price"] == "18000"
    assert data["offers"][0]["priceCurrency"] == "IDR"
    assert '<link rel="canonical" href="http://localhost/toko/' in body
    assert 'property="og:title"' in body
    assert "https://wa.me/6281325551001?text=" in body


def test_store_page_shows_the_owners_training_badges_with_verification_links(client):
    owner = make_user()
    agency = make_agency(short_name="Dinnakerind Demak")
    program = make_program(agency, skill_field="kuliner")
    make_enrollment(program, user=owner, status="completed", certificate_no="BLK-DMK/2025/OM/014")
    store = make_store(owner=owner, name="Keripik Tempe Bu Sri")

    body = client.get(f"/toko/{store.slug}").get_data(as_text=True)

    assert "Alumni Pelatihan Kuliner" in body and "Dinnakerind Demak 2025" in body
    assert "/verifikasi/BLK-DMK/2025/OM/014" in body
    assert "Kabupaten Demak" in body


def test_draft_products_and_draft_stores_are_not_public(client):
    category = make_category()
    live = make_store()
    draft_store = make_store(status="draft")
    hidden = make_product(live, category, status="hidden")
    in_draft_store = make_product(draft_store, category)

    assert client.get(f"/toko/{live.slug}/{hidden.slug}").status_code == 404
    assert client.get(f"/toko/{draft_store.slug}/{in_draft_store.slug}").status_code == 404
    assert client.get(f"/toko/{draft_store.slug}").status_code == 404


def test_sitemap_lists_public_products_and_robots_points_to_it(client):
    store = make_store()
    category = make_category()
    visible = make_product(store, category, slug="bolu-pandan")
    make_product(store, category, slug="rahasia", status="draft")

    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    robots = client.get("/robots.txt").get_data(as_text=True)

    assert f"/toko/{store.slug}/{visible.slug}</loc>" in sitemap
    assert "rahasia" not in sitemap
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Disallow: /penjual/" in robots


def count_page(client, count_queries, url):
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_store_and_category_pages_run_the_same_queries_for_1_and_50_products(client, count_queries):
    parent = make_category(slug="kuliner")
    category = make_category(slug="keripik", parent_id=parent.id)
    store = make_store()
    product = make_product(store, category)
    from marketplace.catalog.models import ProductImage

    db.session.add(
        ProductImage(
            product_id=product.id, digest="b" * 32, width=640, height=480, widths=[320, 640]
        )
    )
    db.session.commit()
    urls = [f"/toko/{store.slug}", "/kategori/kuliner", "/", "/cari?q=keripik"]
    few = [count_page(client, count_queries, url) for url in urls]

    for _ in range(49):
        make_product(store, category)
    many = [count_page(client, count_queries, url) for url in urls]

    assert few == many


def test_media_refuses_anything_but_renditions(client):
    assert client.get("/media/../instance/secret_key").status_code == 404
    assert client.get("/media/products/ab/x.html").status_code == 404


def test_food_with_an_expired_halal_date_disappears_before_the_daily_job(client):
    from datetime import date, timedelta

    store = make_store()
    food = make_category(is_food=True)
    craft = make_category()
    stale = make_product(
        store,
        food,
        name="Bolu Kedaluwarsa",
        halal_cert_no="ID1",
        halal_expires_on=date.today() - timedelta(days=1),
    )
    make_product(
        store,
        food,
        name="Bolu Halal",
        halal_cert_no="ID2",
        halal_expires_on=date.today() + timedelta(days=30),
    )
    make_product(store, craft, name="Tas Rajut")

    listing = client.get(f"/toko/{store.slug}").get_data(as_text=True)

    assert "Bolu Halal" in listing and "Tas Rajut" in listing
    assert "Bolu Kedaluwarsa" not in listing
    assert client.get(f"/toko/{store.slug}/{stale.slug}").status_code == 404
    assert stale.slug not in client.get("/sitemap.xml").get_data(as_text=True)


def test_media_refuses_traversal(client):
    assert client.get("/media/..%2f..%2finstance%2fsecret_key.webp").status_code == 404
    assert client.get("/media/products/../../../etc/passwd.webp").status_code == 404
