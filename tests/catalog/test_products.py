"""Sellers' products: variants, the halal publication rule, bulk actions, photos, ownership."""

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.catalog.models import Product, ProductImage, ProductVariant
from marketplace.extensions import db
from tests.conftest import post_form
from tests.factories import make_category, make_product, make_store, make_user


@pytest.fixture
def shop(app):
    owner = make_user()
    store = make_store(owner=owner, name="Keripik Tempe Bu Sri")
    kuliner = make_category(name="Kuliner", slug="kuliner", is_food=True)
    keripik = make_category(
        name="Keripik & camilan", slug="keripik-camilan", parent_id=kuliner.id, is_food=True
    )
    kerajinan = make_category(name="Kerajinan", slug="kerajinan")
    tas = make_category(name="Tas", slug="tas", parent_id=kerajinan.id)
    return {"owner": owner, "store": store, "food": keripik, "craft": tas}


def product_form(category, **overrides):
    data = {
        "name": "Keripik Tempe Original",
        "category_id": str(category.id),
        "description": "Renyah.\nTanpa pengawet.",
        "sale_type": "ready",
        "variants-0-sku": "ktb-ori-250",
        "variants-0-label": "250 g",
        "variants-0-price_idr": "18000",
        "variants-0-stock": "40",
        "variants-0-weight_grams": "260",
        "variants-0-min_order": "1",
        "variants-1-sku": "KTB-ORI-500",
        "variants-1-label": "500 g",
        "variants-1-price_idr": "34000",
        "variants-1-stock": "3",
        "variants-1-weight_grams": "510",
        "variants-1-min_order": "",
    }
    data.update(overrides)
    return data


def create(client, shop, **overrides):
    base = f"/penjual/toko/{shop['store'].id}/produk"
    return post_form(client, f"{base}/baru", product_form(shop["food"], **overrides))


def set_status(client, shop, product, status):
    page = f"/penjual/toko/{shop['store'].id}/produk/{product.id}"
    return post_form(client, f"{page}/status", {"status": status}, page=page, follow_redirects=True)


def test_seller_creates_a_draft_product_with_variants(client, login_as, shop):
    login_as(shop["owner"])

    response = create(client, shop)

    assert response.status_code == 302
    product = db.session.scalar(select(Product))
    assert product.status == "draft" and product.slug == "keripik-tempe-original"
    skus = sorted(db.session.scalars(select(ProductVariant.sku)))
    assert skus == ["KTB-ORI-250", "KTB-ORI-500"]


def test_culinary_product_without_halal_information_cannot_be_published(client, login_as, shop):
    login_as(shop["owner"])
    create(client, shop)
    product = db.session.scalar(select(Product))

    body = set_status(client, shop, product, "active").get_data(as_text=True)

    assert "wajib mencantumkan sertifikat halal" in body
    assert db.session.scalar(select(Product.status)) == "draft"


def test_culinary_product_with_valid_halal_certificate_is_published(client, login_as, shop):
    login_as(shop["owner"])
    create(
        client,
        shop,
        halal_cert_no="ID33110000123450325",
        halal_expires_on=(date.today() + timedelta(days=400)).isoformat(),
    )
    product = db.session.scalar(select(Product))

    set_status(client, shop, product, "active")

    assert db.session.scalar(select(Product.status)) == "active"
    page = client.get(f"/toko/{shop['store'].slug}/{product.slug}").get_data(as_text=True)
    assert "Halal" in page and "ID33110000123450325" in page


def test_expired_halal_certificate_blocks_publication(client, login_as, shop):
    login_as(shop["owner"])
    create(
        client,
        shop,
        halal_cert_no="ID33110000123450325",
        halal_expires_on=(date.today() - timedelta(days=1)).isoformat(),
    )

    set_status(client, shop, db.session.scalar(select(Product)), "active")

    assert db.session.scalar(select(Product.status)) == "draft"


def test_explicit_non_halal_declaration_allows_publication_and_is_shown(client, login_as, shop):
    login_as(shop["owner"])
    create(client, shop, is_non_halal="y")
    product = db.session.scalar(select(Product))

    set_status(client, shop, product, "active")

    page = client.get(f"/toko/{shop['store'].slug}/{product.slug}").get_data(as_text=True)
    assert "Tidak halal" in page


def test_craft_products_need_no_halal_information(client, login_as, shop):
    login_as(shop["owner"])
    post_form(
        client,
        f"/penjual/toko/{shop['store'].id}/produk/baru",
        product_form(shop["craft"], name="Tas Rajut Selempang"),
    )

    set_status(client, shop, db.session.scalar(select(Product)), "active")

    assert db.session.scalar(select(Product.status)) == "active"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"variants-0-price_idr": "0", "variants-1-price_idr": ""}, "Harga"),
        ({"variants-1-sku": "KTB-ORI-250"}, "SKU yang berbeda"),
        ({"pirt_no": "12345"}, "15 digit"),
        ({"bpom_no": "XX 123"}, "MD atau ML"),
        ({"sale_type": "preorder", "preorder_days": ""}, "lama pre-order"),
        ({"category_id": ""}, "kategori"),
    ],
)
def test_invalid_products_are_refused_with_a_reason(client, login_as, shop, overrides, message):
    login_as(shop["owner"])

    body = create(client, shop, **overrides).get_data(as_text=True)

    assert message.lower() in body.lower()
    assert db.session.scalar(select(func.count(Product.id))) == 0


def test_a_sku_of_another_product_of_the_store_is_refused(client, login_as, shop):
    make_product(shop["store"], shop["craft"])  # has SKU-<n>
    taken = db.session.scalar(select(ProductVariant.sku))
    login_as(shop["owner"])

    body = create(client, shop, **{"variants-0-sku": taken}).get_data(as_text=True)

    assert "sudah dipakai produk lain" in body


def test_duplicate_makes_a_draft_copy_with_new_skus(client, login_as, shop):
    login_as(shop["owner"])
    create(client, shop)
    product = db.session.scalar(select(Product))
    page = f"/penjual/toko/{shop['store'].id}/produk/{product.id}"

    post_form(client, f"{page}/salin", {}, page=page)

    names = sorted(db.session.scalars(select(Product.name)))
    assert names == ["Keripik Tempe Original", "Keripik Tempe Original (salinan)"]
    assert "KTB-ORI-250-COPY" in set(db.session.scalars(select(ProductVariant.sku)))


def test_bulk_hide_and_activate(client, login_as, shop):
    a = make_product(shop["store"], shop["craft"], status="active")
    b = make_product(shop["store"], shop["craft"], status="active")
    login_as(shop["owner"])
    listing = f"/penjual/toko/{shop['store'].id}/produk"

    post_form(
        client, f"{listing}/aksi", {"action": "hidden", "product_id": [a.id, b.id]}, page=listing
    )

    assert set(db.session.scalars(select(Product.status))) == {"hidden"}


def jpeg_with_gps_and_rotation() -> bytes:
    img = Image.new("RGB", (400, 200), (200, 40, 40))
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90° to display
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 52.0, 0.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photo_upload_is_upright_without_metadata_and_served(app, client, login_as, shop):
    login_as(shop["owner"])
    create(client, shop)
    product = db.session.scalar(select(Product))
    page = f"/penjual/toko/{shop['store'].id}/produk/{product.id}"
    from tests.conftest import csrf_from

    token = csrf_from(client.get(page).get_data(as_text=True))
    client.post(
        f"{page}/foto",
        data={
            "csrf_token": token,
            "photo": (io.BytesIO(jpeg_with_gps_and_rotation()), "IMG_0001.JPG"),
        },
        content_type="multipart/form-data",
    )

    image = db.session.scalar(select(ProductImage))
    assert (image.width, image.height) == (200, 400)
    html = client.get(page).get_data(as_text=True)
    src = html.split('src="/media/')[1].split('"')[0]
    served = client.get(f"/media/{src}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert "immutable" in served.headers["Cache-Control"]
    rendition = Image.open(io.BytesIO(served.data))
    assert rendition.height > rendition.width
    assert not rendition.getexif() and "exif" not in rendition.info


def test_a_file_that_is_not_an_image_is_refused(client, login_as, shop):
    login_as(shop["owner"])
    create(client, shop)
    product = db.session.scalar(select(Product))
    page = f"/penjual/toko/{shop['store'].id}/produk/{product.id}"
    from tests.conftest import csrf_from

    token = csrf_from(client.get(page).get_data(as_text=True))
    response = client.post(
        f"{page}/foto",
        data={"csrf_token": token, "photo": (io.BytesIO(b"<html>hi</html>"), "foto.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )

    assert "bukan gambar" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProductImage.id))) == 0


def test_another_stores_product_and_photo_ids_are_404(client, login_as, shop):
    other_owner = make_user()
    other_store = make_store(owner=other_owner)
    theirs = make_product(other_store, shop["craft"])
    db.session.add(
        ProductImage(product_id=theirs.id, digest="a" * 32, width=10, height=10, widths=[320])
    )
    db.session.commit()
    image_id = db.session.scalar(select(ProductImage.id))
    mine = f"/penjual/toko/{shop['store'].id}"
    login_as(shop["owner"])

    assert client.get(f"{mine}/produk/{theirs.id}").status_code == 404
    for path in (
        f"/produk/{theirs.id}/status",
        f"/produk/{theirs.id}/salin",
        f"/produk/{theirs.id}/foto",
        f"/foto/{image_id}/hapus",
    ):
        assert post_form(client, f"{mine}{path}", {"status": "hidden"}, page="/").status_code == 404
    listing = f"{mine}/produk"
    post_form(
        client, f"{listing}/aksi", {"action": "archived", "product_id": [theirs.id]}, page=listing
    )
    assert db.session.get(Product, theirs.id).status == "active"


def test_quick_edit_changes_prices_and_stock_of_this_store_only(client, login_as, shop):
    mine = make_product(shop["store"], shop["craft"], price_idr=50000)
    theirs = make_product(make_store(), shop["craft"], price_idr=70000)
    my_variant, their_variant = mine.variants[0], theirs.variants[0]
    login_as(shop["owner"])
    page = f"/penjual/toko/{shop['store'].id}/produk/stok"

    post_form(
        client,
        page,
        {
            f"old-price-{my_variant.id}": "50000",
            f"old-stock-{my_variant.id}": "10",
            f"price-{my_variant.id}": "55000",
            f"stock-{my_variant.id}": "3",
            f"old-price-{their_variant.id}": "70000",
            f"old-stock-{their_variant.id}": "10",
            f"price-{their_variant.id}": "1",
            f"stock-{their_variant.id}": "0",
        },
    )

    db.session.expire_all()
    mine_now = db.session.get(ProductVariant, my_variant.id)
    assert (mine_now.price_idr, mine_now.stock) == (55000, 3)
    assert db.session.get(ProductVariant, their_variant.id).price_idr == 70000


def test_quick_edit_never_overwrites_stock_changed_meanwhile(client, login_as, shop):
    product = make_product(shop["store"], shop["craft"], price_idr=50000)
    variant = product.variants[0]
    login_as(shop["owner"])
    page = f"/penjual/toko/{shop['store'].id}/produk/stok"
    variant.stock = 4  # an order took 6 while the seller had the page open
    db.session.commit()

    body = post_form(
        client,
        page,
        {
            f"old-price-{variant.id}": "50000",
            f"old-stock-{variant.id}": "10",
            f"price-{variant.id}": "50000",
            f"stock-{variant.id}": "12",
        },
        follow_redirects=True,
    ).get_data(as_text=True)

    assert "tidak ditimpa" in body
    db.session.expire_all()
    assert db.session.get(ProductVariant, variant.id).stock == 4


def test_activating_a_food_product_without_halal_in_bulk_is_refused(client, login_as, shop):
    product = make_product(shop["store"], shop["food"], status="draft")
    login_as(shop["owner"])
    listing = f"/penjual/toko/{shop['store'].id}/produk"

    body = post_form(
        client,
        f"{listing}/aksi",
        {"action": "active", "product_id": [product.id]},
        page=listing,
        follow_redirects=True,
    ).get_data(as_text=True)

    assert "Belum bisa ditayangkan" in body
    assert db.session.get(Product, product.id).status == "draft"


def test_an_expired_document_blocks_republishing(client, login_as, shop):
    from marketplace.stores.models import StoreDocument

    product = make_product(
        shop["store"],
        shop["food"],
        status="hidden",
        halal_cert_no="ID33110000123450325",
        halal_expires_on=date.today() + timedelta(days=300),
    )
    db.session.add(
        StoreDocument(
            store_id=shop["store"].id,
            kind="halal",
            number="ID33110000123450325",
            expires_on=date.today() - timedelta(days=2),
            file_key="documents/x.pdf",
            file_type="application/pdf",
        )
    )
    db.session.commit()
    login_as(shop["owner"])

    body = set_status(client, shop, product, "active").get_data(as_text=True)

    assert "HALAL ID33110000123450325 kedaluwarsa" in body
    assert db.session.get(Product, product.id).status == "hidden"


def test_status_changes_follow_the_table_and_are_recorded(client, login_as, shop):
    from marketplace.catalog.models import ProductEvent

    product = make_product(shop["store"], shop["craft"], status="active")
    login_as(shop["owner"])

    set_status(client, shop, product, "archived")
    body = set_status(client, shop, product, "active").get_data(as_text=True)

    assert "Status tidak bisa diubah" in body
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "archived"
    events = db.session.execute(
        select(ProductEvent.from_status, ProductEvent.to_status, ProductEvent.actor_user_id)
    ).all()
    assert events == [("active", "archived", shop["owner"].id)]
