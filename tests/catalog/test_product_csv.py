"""A store's catalog as CSV: parse, plan, apply whole, idempotent, export round trip, access."""

import csv
import io
import re
import time
from datetime import date
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from marketplace.catalog.models import Product, ProductStatus, ProductVariant
from marketplace.catalog.product_csv import (
    COLUMNS,
    ProductFileError,
    apply_plan,
    plan_import,
)
from marketplace.core.imports import ImportHasErrors
from marketplace.extensions import db
from tests.conftest import csrf_from
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
    return {"owner": owner, "store": store, "food": keripik, "craft": tas, "parent": kuliner}


def item(sku: str, **overrides: str) -> dict[str, str]:
    """A food variant row, halal with a certificate."""
    row = {
        "sku": sku,
        "name": "Keripik Tempe Original",
        "category": "keripik-camilan",
        "description": "Renyah, tanpa pengawet.",
        "price_idr": "18000",
        "stock": "40",
        "weight_g": "260",
        "variant": "250 g",
        "is_halal": "ya",
        "halal_cert_no": "ID35110000123450124",
        "pirt_no": "206337401005227",
        "bpom_no": "",
        "shelf_life_days": "90",
    }
    row.update(overrides)
    return row


def sheet(rows, *, delimiter=",", bom=False, crlf=False, header=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    data = out.getvalue().encode()
    return b"\xef\xbb\xbf" + data if bom else data


CATALOG = [
    item("KTB-ORI-250"),
    item("KTB-ORI-500", variant="500 g", price_idr="Rp 34.000", stock="3", weight_g="510"),
    item(
        "TAS-PDN-01",
        name="Tas Pandan Anyam",
        category="Tas",
        description="Anyaman pandan.\nUkuran sedang.",
        price_idr="125.000",
        stock="5",
        weight_g="300",
        variant="",
        is_halal="",
        halal_cert_no="",
        pirt_no="",
        shelf_life_days="",
    ),
]


def run(store, data: bytes, *, apply: bool = True):
    plan = plan_import(store, data)
    result = apply_plan(plan) if apply and plan.ok else None
    db.session.commit()
    return plan, result


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def variant(sku: str) -> ProductVariant:
    return db.session.scalar(select(ProductVariant).where(ProductVariant.sku == sku))


# -- Parsing, planning, applying ----------------------------------------------------------------


def test_sheet_creates_draft_products_with_their_variants(shop):
    plan, result = run(shop["store"], sheet(CATALOG))

    assert (plan.creates, plan.updates, plan.unchanged, plan.problems) == (3, 0, 0, [])
    assert result.new_products == 2 and result.created == 3
    keripik = db.session.scalar(select(Product).where(Product.name == "Keripik Tempe Original"))
    assert keripik.status == ProductStatus.DRAFT and keripik.category_id == shop["food"].id
    assert [(v.sku, v.label, v.price_idr, v.stock, v.weight_grams) for v in keripik.variants] == [
        ("KTB-ORI-250", "250 g", 18000, 40, 260),
        ("KTB-ORI-500", "500 g", 34000, 3, 510),
    ]
    assert keripik.halal_cert_no == "ID35110000123450124" and keripik.halal_expires_on is None
    assert keripik.pirt_no == "206337401005227" and keripik.shelf_life_days == 90
    tas = db.session.scalar(select(Product).where(Product.name == "Tas Pandan Anyam"))
    assert tas.category_id == shop["craft"].id and tas.variants[0].price_idr == 125000
    assert tas.description == "Anyaman pandan.\nUkuran sedang." and not tas.is_non_halal


def test_importing_the_same_file_twice_changes_nothing_the_second_time(shop):
    run(shop["store"], sheet(CATALOG))
    before = {v.sku: v.updated_at for v in db.session.scalars(select(ProductVariant))}

    plan, result = run(shop["store"], sheet(CATALOG))

    assert (plan.creates, plan.updates, plan.unchanged) == (0, 0, 3)
    assert result.unchanged == 3 and result.new_products == 0
    assert count(Product) == 2 and count(ProductVariant) == 3
    db.session.expire_all()
    assert {v.sku: v.updated_at for v in db.session.scalars(select(ProductVariant))} == before


def test_reimport_updates_by_sku_and_leaves_other_products_alone(shop):
    other = make_product(shop["store"], shop["craft"], name="Dompet Batik", price_idr=50000)
    run(shop["store"], sheet(CATALOG))

    rows = [item("KTB-ORI-250", price_idr="20.000", stock="12"), item("KTB-ORI-500")]
    plan, _ = run(shop["store"], sheet(rows))

    changed = {r.row.sku: r.changes for r in plan.rows}
    assert changed["KTB-ORI-250"] == {"price_idr": (18000, 20000), "stock": (40, 12)}
    # The second row says 500 g costs 18.000 now (the sheet is the catalog).
    assert changed["KTB-ORI-500"]["price_idr"] == (34000, 18000)
    assert (variant("KTB-ORI-250").price_idr, variant("KTB-ORI-250").stock) == (20000, 12)
    assert variant("TAS-PDN-01").price_idr == 125000
    assert db.session.get(Product, other.id).variants[0].price_idr == 50000


def test_a_new_sku_under_a_known_name_adds_a_variant_to_that_product(shop):
    run(shop["store"], sheet(CATALOG))
    keripik = variant("KTB-ORI-250").product

    rows = [
        item("KTB-ORI-1K", name="keripik tempe  original", variant="1 kg", price_idr="65000"),
        item("KTB-ORI-250", description="Lebih renyah."),
    ]
    plan, _ = run(shop["store"], sheet(rows))

    assert (plan.new_products, plan.creates, plan.updates) == (0, 1, 1)
    # The product's fields come from the first row of its name, whatever the case.
    assert plan.rows[1].changes["name"] == ("Keripik Tempe Original", "keripik tempe original")
    db.session.expire_all()
    product = db.session.get(Product, keripik.id)
    assert product.name == "keripik tempe original"
    assert product.description == "Renyah, tanpa pengawet."
    # Variants left out of the sheet are kept: an import never deletes.
    assert sorted(v.sku for v in product.variants) == ["KTB-ORI-1K", "KTB-ORI-250", "KTB-ORI-500"]


def test_update_keeps_the_halal_expiry_that_the_sheet_cannot_carry(shop):
    run(shop["store"], sheet(CATALOG))
    product = variant("KTB-ORI-250").product
    product.halal_expires_on = date(2030, 1, 31)
    db.session.commit()

    plan, _ = run(shop["store"], sheet([item("KTB-ORI-250", stock="7")]))

    assert plan.updates == 1
    assert db.session.get(Product, product.id).halal_expires_on == date(2030, 1, 31)


def test_non_halal_statement_and_empty_statement(shop):
    rows = [
        item("A-1", name="Babi Kecap", is_halal="tidak", halal_cert_no=""),
        item("B-1", name="Kerupuk Tanpa Keterangan", is_halal="", halal_cert_no=""),
    ]

    run(shop["store"], sheet(rows))

    assert variant("A-1").product.is_non_halal is True
    product = variant("B-1").product
    assert product.is_non_halal is False and product.halal_cert_no is None


BAD_ROWS = [
    ({"category": "sepatu"}, "category", "tidak dikenal"),
    ({"category": "Kuliner"}, "category", "kategori utama"),
    ({"price_idr": "delapan ribu"}, "price_idr", "tidak dikenali"),
    ({"price_idr": "18.000,50"}, "price_idr", "pecahan"),
    ({"price_idr": "0"}, "price_idr", "lebih dari 0"),
    ({"price_idr": ""}, "price_idr", "Harga wajib diisi"),
    ({"stock": "-3"}, "stock", "tidak boleh negatif"),
    ({"stock": "2,5"}, "stock", "bukan bilangan bulat"),
    ({"weight_g": "berat"}, "weight_g", "bukan bilangan bulat"),
    ({"shelf_life_days": "0"}, "shelf_life_days", "Masa simpan"),
    ({"name": ""}, "name", "Nama produk wajib diisi"),
    ({"sku": ""}, "sku", "SKU wajib diisi"),
    ({"sku": "KTB ORI#1"}, "sku", "SKU hanya boleh"),
    ({"halal_cert_no": ""}, "halal_cert_no", "wajib diisi jika is_halal = ya"),
    ({"is_halal": "tidak"}, "halal_cert_no", "hanya diisi jika is_halal = ya"),
    ({"is_halal": "mungkin"}, "is_halal", "ya atau tidak"),
    ({"pirt_no": "2063374010052"}, "pirt_no", "15 digit"),
    ({"bpom_no": "PIRT 224510001234"}, "bpom_no", "diawali MD atau ML"),
    ({"bpom_no": "MD 2245100"}, "bpom_no", "diawali MD atau ML"),
]


@pytest.mark.parametrize(("overrides", "column", "reason"), BAD_ROWS)
def test_each_bad_row_is_rejected_with_line_column_and_reason(shop, overrides, column, reason):
    rows = [item("OK-1", name="Produk Lain"), item(**{"sku": "BAD-1", **overrides})]

    plan, result = run(shop["store"], sheet(rows))

    assert result is None
    assert [(p.line, p.column) for p in plan.problems] == [(3, column)]
    assert reason in plan.problems[0].message
    assert count(Product) == 0


def test_one_upload_lists_every_mistake_of_a_row(shop):
    rows = [item("", name="K", category="sepatu", price_idr="", stock="-1")]

    plan, _ = run(shop["store"], sheet(rows))

    columns = [p.column for p in plan.problems]
    assert columns == ["sku", "name", "category", "price_idr", "stock"]
    assert {p.line for p in plan.problems} == {2}


def test_a_sheet_with_only_the_required_columns_keeps_the_rest(shop):
    run(shop["store"], sheet(CATALOG))
    header = ("sku", "name", "category", "price_idr")

    plan, _ = run(shop["store"], sheet([item("KTB-ORI-250", price_idr="19000")], header=header))

    assert plan.rows[0].changes == {"price_idr": (18000, 19000)}
    product = variant("KTB-ORI-250").product
    assert variant("KTB-ORI-250").stock == 40 and product.halal_cert_no == "ID35110000123450124"
    assert product.description == "Renyah, tanpa pengawet." and product.shelf_life_days == 90


def test_sku_repeated_within_the_file_is_rejected(shop):
    plan, _ = run(shop["store"], sheet([item("SKU-1"), item("sku-1", variant="500 g")]))

    assert [(p.line, p.column, p.message) for p in plan.problems] == [
        (3, "sku", "SKU sama dengan baris 2.")
    ]


def test_sku_of_another_product_of_the_store_is_rejected(shop):
    other = make_product(shop["store"], shop["craft"], name="Dompet Batik", status="draft")
    sku = other.variants[0].sku
    rows = [item("NEW-1"), item(sku, variant="500 g"), item(sku, name="Dompet Kulit")]

    plan, result = run(shop["store"], sheet(rows))

    assert result is None
    # Neither a variant moved to another product nor a rename through the sheet.
    assert [(p.line, p.column) for p in plan.problems] == [(3, "sku"), (4, "sku")]
    assert "Dompet Batik" in plan.problems[0].message
    assert count(Product) == 1 and db.session.get(Product, other.id).name == "Dompet Batik"


def test_one_bad_row_means_nothing_is_written(shop):
    rows = [*CATALOG, item("KTB-PDS-250", name="Keripik Pedas", stock="-1")]

    plan = plan_import(shop["store"], sheet(rows))

    assert not plan.ok and plan.creates == 3
    with pytest.raises(ImportHasErrors):
        apply_plan(plan)
    db.session.rollback()
    assert count(Product) == 0 and count(ProductVariant) == 0


def test_bom_semicolons_crlf_quotes_and_category_by_name(shop):
    rows = [
        item("Q-1", name='Keripik "Renyah"; Asin', category="keripik & CAMILAN"),
        item("Q-2", name='Keripik "Renyah"; Asin', description="Baris satu\r\nBaris dua"),
    ]
    data = sheet(rows, delimiter=";", bom=True, crlf=True)

    plan, _ = run(shop["store"], data)

    assert plan.problems == [] and plan.creates == 2
    product = variant("Q-1").product
    assert product.name == 'Keripik "Renyah"; Asin' and product.category_id == shop["food"].id
    assert len(product.variants) == 2


def test_unreadable_files_are_refused_whole(shop):
    with pytest.raises(ProductFileError) as missing:
        plan_import(shop["store"], b"nama,harga\nKeripik,1000\n")
    assert missing.value.data["reason"] == "missing_columns"
    with pytest.raises(ProductFileError) as workbook:
        plan_import(shop["store"], b"PK\x03\x04 not a csv")
    assert workbook.value.data["reason"] == "workbook"
    with pytest.raises(ProductFileError) as header_only:
        plan_import(shop["store"], sheet([]))
    assert header_only.value.data["reason"] == "no_rows"


def test_active_product_that_would_lose_publication_is_a_row_problem(shop):
    product = make_product(
        shop["store"],
        shop["food"],
        name="Keripik Tayang",
        halal_cert_no="ID123",
        halal_expires_on=date(2031, 1, 1),
    )
    sku = product.variants[0].sku

    plan, result = run(
        shop["store"], sheet([item(sku, name="Keripik Tayang", is_halal="", halal_cert_no="")])
    )

    assert result is None
    assert [(p.line, p.column) for p in plan.problems] == [(2, "is_halal")]
    assert "sedang tayang" in plan.problems[0].message
    assert db.session.get(Product, product.id).halal_cert_no == "ID123"


def test_planning_takes_a_fixed_number_of_queries(shop, count_queries):
    run(shop["store"], sheet(CATALOG))
    small = sheet(CATALOG)
    large = sheet(
        CATALOG + [item(f"X-{n}", name=f"Produk {n}", price_idr=str(1000 + n)) for n in range(60)]
    )
    db.session.expire_all()
    assert shop["store"].id  # loaded before counting

    with count_queries() as few:
        plan_import(shop["store"], small)
    db.session.expire_all()
    assert shop["store"].id
    with count_queries() as many:
        plan = plan_import(shop["store"], large)

    assert plan.creates == 60
    assert few.count == many.count <= 3


# -- Export ------------------------------------------------------------------------------------


def export(client, store) -> bytes:
    response = client.get(f"/penjual/toko/{store.id}/produk.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return response.get_data()


def test_export_then_import_changes_nothing(client, login_as, shop):
    run(shop["store"], sheet(CATALOG))
    make_product(
        shop["store"],
        shop["food"],
        name="=SUM(1)",
        description="- pedas\r\n- gurih  ",
        is_non_halal=True,
        bpom_no="MD 224510001234",
        status="draft",
    )
    make_product(shop["store"], shop["craft"], name="Tas Kulit", is_non_halal=True)
    halal = variant("KTB-ORI-250").product
    halal.halal_expires_on = date(2030, 5, 1)
    db.session.commit()
    login_as(shop["owner"])

    plan = plan_import(shop["store"], export(client, shop["store"]))

    assert plan.problems == []
    assert (plan.creates, plan.updates, plan.unchanged) == (0, 0, 5)


def test_export_neutralises_formulas(client, login_as, shop):
    make_product(shop["store"], shop["craft"], name="=SUM(1)")
    login_as(shop["owner"])

    data = export(client, shop["store"])

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert rows[1][1] == "'=SUM(1)" and rows[1][2] == "tas"


# -- Browser flow ------------------------------------------------------------------------------


def confirmation(preview: str) -> dict[str, str]:
    """The form the preview's "Simpan semua" button posts."""
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', preview)
    return {
        "csrf_token": csrf_from(preview),
        "fingerprint": fingerprint.group(1) if fingerprint else "",
    }


def upload(client, store, data: bytes, filename="produk.csv"):
    page = f"/penjual/toko/{store.id}/produk/impor"
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(
        page,
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def staged_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"]) / "private" / "imports" / "products"
    return sorted(folder.glob("*.csv")) if folder.exists() else []


def test_upload_previews_then_applies_once(app, client, login_as, shop):
    run(shop["store"], sheet(CATALOG))
    login_as(shop["owner"])
    before = len(staged_files(app))
    rows = [item("KTB-ORI-250", price_idr="20000"), CATALOG[1], CATALOG[2]]

    response = upload(client, shop["store"], sheet(rows))

    assert response.status_code == 302 and "/produk/impor/pratinjau?token=" in response.location
    assert len(staged_files(app)) == before + 1
    preview = client.get(response.location).get_data(as_text=True)
    assert "Rp18.000 → Rp20.000" in preview and "tidak berubah" in preview
    assert variant("KTB-ORI-250").price_idr == 18000

    applied = client.post(response.location, data=confirmation(preview))

    assert applied.status_code == 302
    assert applied.location.endswith(f"/penjual/toko/{shop['store'].id}/produk")
    assert "Impor selesai" in client.get(applied.location).get_data(as_text=True)
    db.session.expire_all()
    assert variant("KTB-ORI-250").price_idr == 20000
    assert len(staged_files(app)) == before
    again = client.post(response.location, data=confirmation(preview), follow_redirects=True)
    assert "sudah kedaluwarsa atau sudah diterapkan" in again.get_data(as_text=True)


def test_preview_of_the_same_file_again_shows_everything_unchanged(client, login_as, shop):
    run(shop["store"], sheet(CATALOG))
    login_as(shop["owner"])

    response = upload(client, shop["store"], sheet(CATALOG))
    preview = client.get(response.location).get_data(as_text=True)

    assert "<strong>3</strong> tidak berubah" in preview
    assert "Tidak ada yang perlu disimpan" in preview and "Simpan semua" not in preview


def test_preview_of_a_sheet_with_rejected_rows_offers_no_save(client, login_as, shop):
    login_as(shop["owner"])

    response = upload(
        client,
        shop["store"],
        sheet([item("A-1"), item("A-2", name="Keripik Pedas", pirt_no="123")]),
    )
    preview = client.get(response.location).get_data(as_text=True)

    assert "Tidak ada yang disimpan selama masih ada baris yang ditolak" in preview
    assert "Simpan semua" not in preview and "15 digit" in preview
    client.post(response.location, data=confirmation(preview))
    assert count(Product) == 0


def test_apply_refuses_when_the_store_changed_since_the_preview(client, login_as, shop):
    login_as(shop["owner"])
    response = upload(client, shop["store"], sheet(CATALOG))
    preview = client.get(response.location).get_data(as_text=True)
    run(shop["store"], sheet([item("KTB-ORI-250", stock="1")]))

    result = client.post(response.location, data=confirmation(preview), follow_redirects=True)

    assert "Data berubah sejak pratinjau dibuat" in result.get_data(as_text=True)
    assert count(Product) == 1


def test_a_preview_expires_after_an_hour(client, login_as, shop, monkeypatch):
    login_as(shop["owner"])
    response = upload(client, shop["store"], sheet(CATALOG))
    later = int(time.time()) + 3601
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)

    page = client.get(response.location, follow_redirects=True).get_data(as_text=True)

    assert "sudah kedaluwarsa" in page and "Format berkas" in page


def test_upload_of_an_unreadable_file_is_refused_and_not_kept(app, client, login_as, shop):
    login_as(shop["owner"])
    before = len(staged_files(app))

    png = upload(client, shop["store"], b"\x89PNG....", filename="foto.png")
    workbook = upload(client, shop["store"], b"PK\x03\x04....", filename="produk.csv")

    assert "Unggah berkas .csv" in png.get_data(as_text=True)
    assert "buku kerja Excel" in workbook.get_data(as_text=True)
    assert len(staged_files(app)) == before


def test_seller_of_another_store_gets_404_everywhere(client, login_as, shop):
    stranger = make_user()
    theirs = make_store(owner=stranger)
    login_as(shop["owner"])
    own_token = upload(client, shop["store"], sheet(CATALOG)).location.split("token=")[1]
    base = f"/penjual/toko/{theirs.id}/produk"
    csrf = csrf_from(client.get(f"/penjual/toko/{shop['store'].id}/produk/impor").text)

    assert client.get(f"{base}/impor").status_code == 404
    assert client.get(f"{base}/impor/pratinjau?token={own_token}").status_code == 404
    apply_there = client.post(
        f"{base}/impor/pratinjau?token={own_token}", data={"csrf_token": csrf}
    )
    assert apply_there.status_code == 404
    assert client.get(f"{base}.csv").status_code == 404
    upload_there = client.post(
        f"{base}/impor",
        data={"csrf_token": csrf, "file": (io.BytesIO(sheet(CATALOG)), "p.csv")},
        content_type="multipart/form-data",
    )
    assert upload_there.status_code == 404


def test_a_token_for_one_store_is_refused_on_another(client, login_as, shop):
    second = make_store(owner=shop["owner"], name="Toko Kedua")
    login_as(shop["owner"])
    response = upload(client, shop["store"], sheet(CATALOG))
    token = response.location.split("token=")[1]
    preview = client.get(response.location).get_data(as_text=True)
    elsewhere = f"/penjual/toko/{second.id}/produk/impor/pratinjau?token={token}"

    shown = client.get(elsewhere, follow_redirects=True).get_data(as_text=True)
    applied = client.post(elsewhere, data=confirmation(preview), follow_redirects=True)

    assert "sudah kedaluwarsa" in shown and "Keripik Tempe Original" not in shown
    assert "sudah kedaluwarsa" in applied.get_data(as_text=True)
    assert count(Product) == 0
    forged = client.get(f"/penjual/toko/{shop['store'].id}/produk/impor/pratinjau?token=x.y.z")
    assert forged.status_code == 302


# -- Command line ------------------------------------------------------------------------------


def test_cli_dry_run_then_import_then_export(app, shop, tmp_path):
    file = tmp_path / "produk.csv"
    file.write_bytes(sheet(CATALOG))
    runner = app.test_cli_runner()
    slug = shop["store"].slug

    dry = runner.invoke(args=["catalog", "import", str(file), "--store", slug, "--dry-run"])

    assert dry.exit_code == 0, dry.output
    assert "3 to create (2 new products)" in dry.output and "Dry run" in dry.output
    assert count(Product) == 0

    real = runner.invoke(args=["catalog", "import", str(file), "--store", slug])

    assert real.exit_code == 0, real.output
    assert "Imported: 2 new products, 3 new variants" in real.output
    assert count(Product) == 2

    out = tmp_path / "export.csv"
    exported = runner.invoke(args=["catalog", "export", "--store", slug, "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    plan = plan_import(shop["store"], out.read_bytes())
    assert (plan.creates, plan.updates, plan.unchanged) == (0, 0, 3)


def test_cli_refuses_a_file_with_bad_rows(app, shop, tmp_path):
    file = tmp_path / "produk.csv"
    file.write_bytes(sheet([item("A-1"), item("A-2", name="Keripik Pedas", category="sepatu")]))

    result = app.test_cli_runner().invoke(
        args=["catalog", "import", str(file), "--store", shop["store"].slug]
    )

    assert result.exit_code != 0
    assert "line 3, category" in result.output and "Nothing imported" in result.output
    assert count(Product) == 0
