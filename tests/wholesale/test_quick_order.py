"""Quick order: CSV reading, SKU resolution, tier prices and row checks in the preview, and
placing that reports problems on the buyer's rows and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order
from marketplace.wholesale.errors import InvalidRequest, OrderRowsInvalid
from marketplace.wholesale.ordering import WholesalePurchase
from marketplace.wholesale.quick_order import (
    QuickOrderFileError,
    RowInput,
    build_preview,
    parse_csv,
    place_quick_order,
)
from tests.orders.helpers import count, make_item, stock_of
from tests.wholesale.helpers import (
    delivery_in,
    make_business_account,
    make_supplier,
    make_wholesale_item,
    new_key,
)

pytestmark = pytest.mark.usefixtures("app")


def rows(*specs: tuple) -> list[RowInput]:
    """Rows as typed: (sku, quantity[, store])."""
    return [
        RowInput(row=n, sku=spec[0], quantity=str(spec[1]), store=spec[2] if len(spec) > 2 else "")
        for n, spec in enumerate(specs, start=1)
    ]


def preview_of(business, location, given, *, delivery_on=None, pay_upfront=None):
    return build_preview(
        business,
        given,
        location=location,
        delivery_on=delivery_on or delivery_in(),
        pay_upfront=pay_upfront,
    )


def quick(business, actor, location, given, *, key=None, delivery_on=None, pay_upfront=None):
    checkout = place_quick_order(
        business,
        actor=actor,
        rows=given,
        purchase=WholesalePurchase(
            location_id=location.id,
            requested_delivery_on=delivery_on or delivery_in(),
            idempotency_key=key or new_key(),
            pay_upfront=pay_upfront,
        ),
    )
    db.session.commit()
    return checkout


# -- Reading CSV -------------------------------------------------------------------------------


def test_a_csv_with_a_header_bom_and_semicolons_is_read_with_its_lines():
    data = "\ufeffsku;jumlah;toko\r\nROTI-01;50;roti-demak\r\n\r\nKUE-02;10;\r\n".encode()

    parsed = parse_csv(data)

    assert [(r.row, r.sku, r.quantity, r.store, r.line) for r in parsed] == [
        (1, "ROTI-01", "50", "roti-demak", 2),
        (2, "KUE-02", "10", "", 4),
    ]


def test_a_csv_without_a_header_reads_sku_quantity_store_in_that_order():
    parsed = parse_csv(b"ROTI-01,50\nKUE-02,1.500,toko-kue\n")

    assert [(r.sku, r.quantity, r.store, r.line) for r in parsed] == [
        ("ROTI-01", "50", "", 1),
        ("KUE-02", "1.500", "toko-kue", 2),
    ]


def test_a_header_may_put_the_columns_in_another_order():
    parsed = parse_csv(b"quantity,store,sku\n12,toko-a,ABC-1\n")

    assert [(r.sku, r.quantity, r.store) for r in parsed] == [("ABC-1", "12", "toko-a")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("sku,quantity\nROTI-01,5\n".encode("utf-16"), "not_utf8"),
        ("sku,quantity\nRóti,5\n".encode("latin-1"), "not_utf8"),
        (b"", "empty"),
        (b"sku,quantity\n", "empty"),
        (b"PK\x03\x04 a workbook", "workbook"),
        (b"kode,harga\nA,1\n", "missing_columns"),
        (b'"ROTI-01,5\nKUE,3\n', "csv"),
    ],
)
def test_an_unreadable_order_file_is_refused_with_its_reason(data, reason):
    with pytest.raises(QuickOrderFileError) as refused:
        parse_csv(data)

    assert refused.value.data["reason"] == reason


def test_more_than_200_rows_are_refused():
    data = "\n".join(f"SKU-{n},5" for n in range(201)).encode()

    with pytest.raises(QuickOrderFileError) as refused:
        parse_csv(data)

    assert refused.value.data["reason"] == "too_many_rows"
    assert "201" in str(refused.value.message)
    assert len(parse_csv("\n".join(f"SKU-{n},5" for n in range(200)).encode())) == 200


def test_a_file_over_200_kb_is_refused():
    data = b"sku,quantity\n" + b"ROTI-01,5," + b"x" * (200 * 1024) + b"\n"

    with pytest.raises(QuickOrderFileError) as refused:
        parse_csv(data)

    assert refused.value.data["reason"] == "too_big"


# -- Preview and placing -----------------------------------------------------------------------


def test_the_tier_for_the_quantity_sets_the_unit_price_and_ppn_is_added_for_a_pkp_seller():
    business, members, outlet = make_business_account()
    store = make_supplier(is_pkp=True, slug="roti-demak")
    bread = make_wholesale_item(store, "Roti Tawar Gandum")
    bread.sku = "ROTI-01"
    db.session.commit()

    preview = preview_of(business, outlet, rows(("roti-01", 60)))

    assert preview.ok, preview.row_errors
    [row] = preview.rows
    assert (row.unit_price_idr, row.line_total_idr) == (10_500, 630_000)
    [group] = preview.stores
    assert group.is_pkp
    assert group.tax_idr == (630_000 + group.shipping_idr) * 11 // 100
    assert preview.total_idr == 630_000 + group.shipping_idr + group.tax_idr

    checkout = quick(business, members["buyer"], outlet, rows(("ROTI-01", 60)))

    [order] = checkout.orders
    assert order.lines[0].unit_price_idr == 10_500
    assert order.total_idr == preview.total_idr
    assert order.tax_idr == group.tax_idr


def test_each_bad_row_is_reported_on_its_row_and_nothing_is_ordered():
    business, members, outlet = make_business_account()
    store = make_supplier(slug="roti-demak")
    other = make_supplier(slug="kue-kudus")

    def item(target, sku, **kw):
        variant = make_wholesale_item(target, f"Produk {sku}", **kw)
        variant.sku = sku
        db.session.commit()
        return variant

    good = item(store, "ROTI-01")
    item(store, "DUA-TOKO")
    item(other, "DUA-TOKO")
    retail = make_item(store, "Keripik eceran", stock=50)
    retail.sku = "ECERAN-1"
    db.session.commit()
    item(store, "MIN-20", min_order_qty=20, tiers=((20, 9_000),))
    item(store, "PAK-6", pack_size=6)
    item(store, "KAPASITAS", lead_time_days=2, weekly_capacity=100)
    item(store, "LAMA", lead_time_days=21)
    stock_before = stock_of(good)
    data = (
        b"sku,quantity\n"
        b"ROTI-01,10\n"  # line 2: fine
        b"TIDAK-ADA,5\n"  # line 3
        b"DUA-TOKO,5\n"  # line 4
        b"ECERAN-1,5\n"  # line 5
        b"MIN-20,10\n"  # line 6
        b"PAK-6,20\n"  # line 7
        b"KAPASITAS,150\n"  # line 8
        b"LAMA,10\n"  # line 9
        b"ROTI-01,dua\n"  # line 10
    )
    given = parse_csv(data)

    with pytest.raises(OrderRowsInvalid) as refused:
        quick(business, members["buyer"], outlet, given)

    problems = {row: str(message) for row, message in refused.value.problems.items()}
    assert sorted(problems) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "TIDAK-ADA tidak ditemukan" in problems[2]
    assert "beberapa toko" in problems[3] and "kue-kudus, roti-demak" in problems[3]
    assert "tidak dijual grosir" in problems[4]
    assert "minimum pesanan (20)" in problems[5]
    assert "kelipatan 6" in problems[6]
    assert "kapasitas mingguan" in problems[7] and "sisa 100" in problems[7]
    assert "21 hari produksi" in problems[8]
    assert "Jumlah harus angka" in problems[9]
    assert [r.line for r in given if r.row in problems] == [3, 4, 5, 6, 7, 8, 9, 10]
    db.session.rollback()
    assert count(Checkout) == 0 and count(Order) == 0
    assert stock_of(good) == stock_before


def test_the_store_column_picks_the_seller_of_a_sku_used_by_several_stores():
    business, members, outlet = make_business_account()
    first = make_supplier(slug="roti-demak")
    second = make_supplier(slug="kue-kudus")
    for target in (first, second):
        variant = make_wholesale_item(target, "Roti Manis")
        variant.sku = "ROTI-MANIS"
    db.session.commit()

    checkout = quick(business, members["buyer"], outlet, rows(("ROTI-MANIS", 12, "KUE-KUDUS")))

    assert [o.store_id for o in checkout.orders] == [second.id]


def test_a_sku_in_another_store_than_the_one_named_is_reported():
    business, _members, outlet = make_business_account()
    variant = make_wholesale_item(make_supplier(slug="roti-demak"), "Roti Manis")
    variant.sku = "ROTI-MANIS"
    db.session.commit()

    preview = preview_of(business, outlet, rows(("ROTI-MANIS", 12, "toko-lain")))

    assert "tidak ada di toko toko-lain" in str(preview.row_errors[1])


def test_rows_of_the_same_product_are_merged_and_priced_on_the_sum():
    business, members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    given = rows((bread.sku, 30), ("", ""), (bread.sku.lower(), 30))

    preview = preview_of(business, outlet, given)

    assert preview.ok
    first, merged = preview.rows
    assert (first.quantity, first.unit_price_idr, first.merged_rows) == (60, 10_500, [3])
    assert merged.merged_into == 1
    checkout = quick(business, members["buyer"], outlet, given)
    [line] = checkout.orders[0].lines
    assert (line.quantity, line.unit_price_idr) == (60, 10_500)


def test_weekly_capacity_counts_what_others_ordered_for_that_week():
    business, members, outlet = make_business_account()
    cake = make_wholesale_item(
        make_supplier(), "Bolu Pandan", lead_time_days=3, weekly_capacity=100
    )
    day = delivery_in(10)
    quick(business, members["buyer"], outlet, rows((cake.sku, 70)), delivery_on=day)

    preview = preview_of(business, outlet, rows((cake.sku, 40)), delivery_on=day)
    next_week = preview_of(business, outlet, rows((cake.sku, 40)), delivery_on=day + timedelta(7))

    assert "sisa 30" in str(preview.row_errors[1])
    assert next_week.ok


def test_goods_from_stock_cannot_exceed_the_stock():
    business, _members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar", stock=40)

    preview = preview_of(business, outlet, rows((bread.sku, 50)))

    assert "tersedia 40" in str(preview.row_errors[1])


def test_a_sku_of_a_store_that_closed_its_wholesale_listing_is_not_sold_wholesale():
    from marketplace.wholesale.models import SupplierProfile

    business, _members, outlet = make_business_account()
    store = make_supplier()
    bread = make_wholesale_item(store, "Roti Tawar")
    db.session.query(SupplierProfile).filter_by(store_id=store.id).update({"is_open": False})
    db.session.commit()

    preview = preview_of(business, outlet, rows((bread.sku, 50)))

    assert "tidak dijual grosir" in str(preview.row_errors[1])


def test_the_preview_shows_the_credit_position_and_the_approval_step():
    business, members, outlet = make_business_account(
        credit_limit_idr=2_000_000, threshold_idr=1_000_000
    )
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    quick(business, members["buyer"], outlet, rows((bread.sku, 40)))  # 480.000 + shipping

    small = preview_of(business, outlet, rows((bread.sku, 10)))
    large = preview_of(business, outlet, rows((bread.sku, 100)))
    upfront = preview_of(business, outlet, rows((bread.sku, 100)), pay_upfront="bank_transfer")

    assert small.open_balance_idr > 480_000
    assert small.total_idr < 1_000_000 < large.total_idr
    assert not small.needs_approval and not small.exceeds_credit
    assert large.needs_approval and large.exceeds_credit
    assert not upfront.exceeds_credit


def test_an_empty_order_or_a_past_date_is_refused_before_anything_else():
    business, members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    yesterday = utcnow().date() - timedelta(days=1)

    with pytest.raises(InvalidRequest):
        quick(business, members["buyer"], outlet, rows(("", "")))
    db.session.rollback()
    with pytest.raises(InvalidRequest):
        quick(business, members["buyer"], outlet, rows((bread.sku, 10)), delivery_on=yesterday)
    db.session.rollback()

    assert count(Checkout) == 0


def test_placing_the_same_form_twice_makes_one_checkout():
    business, members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    key = new_key()

    first = quick(business, members["buyer"], outlet, rows((bread.sku, 10)), key=key)
    again = quick(business, members["buyer"], outlet, rows((bread.sku, 10)), key=key)

    assert again.id == first.id
    assert count(Checkout) == 1 and count(Order) == 1


def test_the_preview_runs_the_same_queries_for_1_and_12_rows_from_3_stores(count_queries):
    business, _members, outlet = make_business_account()
    stores = [make_supplier(is_pkp=n == 0) for n in range(3)]
    items = [
        make_wholesale_item(stores[n % 3], f"Roti {n}", lead_time_days=n % 2, weekly_capacity=500)
        for n in range(12)
    ]
    skus = [item.sku for item in items]
    far = delivery_in(10)
    preview_of(business, outlet, rows((skus[1], 10)), delivery_on=far)

    with count_queries() as one:
        small = preview_of(business, outlet, rows((skus[1], 10)), delivery_on=far)
    with count_queries() as twelve:
        large = preview_of(business, outlet, rows(*[(sku, 10) for sku in skus]), delivery_on=far)

    assert small.ok and large.ok and len(large.stores) == 3
    assert one.count == twelve.count
