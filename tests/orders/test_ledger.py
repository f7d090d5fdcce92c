"""The sellers' ledger: completion credits total minus commission, refunds after completion
take back their share, entries are only ever added and sum to the balance; what paid orders
will bring is shown as pending; each store sees only its own money."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.orders.ledger import (
    list_ledger_totals,
    page_ledger,
    pending_amount,
    store_balance,
)
from marketplace.orders.models import LedgerEntry, OrderStatus
from marketplace.orders.refunds import accept_refund, reject_refund, request_refund
from marketplace.stores.models import StoreMember
from tests.factories import make_category, make_user
from tests.orders.after_sale import client_for, ledger_of, sell
from tests.orders.helpers import make_item

pytestmark = pytest.mark.usefixtures("app")

REASON = "Sebagian keripik hancur dalam kemasan."


def refund(sale, amount_idr=None, *, reject=False):
    asked = request_refund(sale.reload().order, buyer=sale.buyer, reason=REASON, photos=[])
    if reject:
        reject_refund(asked, actor=sale.seller, reason="Kemasan masih utuh di foto")
    else:
        accept_refund(asked, actor=sale.seller, amount_idr=amount_idr)
    db.session.commit()


def entries(store_id):
    return list(
        db.session.execute(
            select(LedgerEntry.id, LedgerEntry.kind, LedgerEntry.amount_idr)
            .where(LedgerEntry.store_id == store_id)
            .order_by(LedgerEntry.id)
        )
    )


def test_entries_sum_to_the_balance_through_sales_and_refunds():
    first = sell(OrderStatus.COMPLETED, price_idr=100_000)
    store, seller = first.store, first.seller

    def more(status, price, quantity=1):
        variant = make_item(store, f"Produk {price}", price_idr=price, stock=50)
        return sell(status, store=store, seller=seller, variant=variant, quantity=quantity)

    second = more(OrderStatus.COMPLETED, 48_000, quantity=2)  # 96_000: credit 91_200
    third = more(OrderStatus.COMPLETED, 75_000)  # credit 71_250
    fourth = more(OrderStatus.DELIVERED, 10_000)
    before = entries(store.id)

    refund(second, 30_000)  # 91_200 x 30_000 / 96_000 = 28_500
    refund(third)  # all of 71_250
    refund(fourth, 4_000)  # kept part credited now: 9_500, then 3_800 back
    refund(first, reject=True)  # nothing moves

    assert ledger_of(store) == [
        ("sale", 95_000),
        ("sale", 91_200),
        ("sale", 71_250),
        ("refund", -28_500),
        ("refund", -71_250),
        ("sale", 9_500),
        ("refund", -3_800),
    ]
    expected = 95_000 + 91_200 + 71_250 - 28_500 - 71_250 + 9_500 - 3_800
    assert store_balance(store.id) == expected == sum(a for _, a in ledger_of(store))
    assert sum(list_ledger_totals(store.id).values()) == expected
    assert list_ledger_totals(store.id) == {
        "sale": 95_000 + 91_200 + 71_250 + 9_500,
        "refund": -28_500 - 71_250 - 3_800,
    }
    # Append-only: what was written before is still there, unchanged.
    assert entries(store.id)[: len(before)] == before


def test_a_store_without_entries_has_a_zero_balance_and_others_money_is_not_its_own():
    mine = sell(OrderStatus.DELIVERED)
    theirs = sell(OrderStatus.COMPLETED, price_idr=200_000)

    assert store_balance(mine.store.id) == 0
    assert page_ledger(mine.store.id, page=1).items == []
    assert store_balance(theirs.store.id) == 190_000


def test_pending_counts_paid_orders_not_yet_completed_net_of_commission(monkeypatch, app):
    crafts = make_category(slug="kerajinan")
    monkeypatch.setitem(app.config, "ORDER_COMMISSION_BPS", {"default": 500, "kerajinan": 1_000})
    paid = sell(OrderStatus.PAID, price_idr=100_000)
    store, seller = paid.store, paid.seller

    def more(status, price, category=None):
        variant = make_item(store, f"Produk {price}", price_idr=price, category=category)
        return sell(status, store=store, seller=seller, variant=variant)

    more(OrderStatus.PROCESSING, 20_000)  # 19_000
    more(OrderStatus.SHIPPED, 40_000, crafts)  # 10%: 36_000
    waiting_on_refund = more(OrderStatus.DELIVERED, 60_000)  # 57_000
    request_refund(waiting_on_refund.order, buyer=waiting_on_refund.buyer, reason=REASON, photos=[])
    db.session.commit()
    completed = more(OrderStatus.COMPLETED, 80_000)  # in the balance, not pending
    disputed_after_completion = more(OrderStatus.COMPLETED, 30_000, crafts)
    request_refund(
        disputed_after_completion.order,
        buyer=disputed_after_completion.buyer,
        reason=REASON,
        photos=[],
    )
    db.session.commit()
    sell(OrderStatus.PAID, price_idr=999_000)  # another store's

    assert pending_amount(store.id) == 95_000 + 19_000 + 36_000 + 57_000
    assert store_balance(store.id) == 76_000 + 27_000
    assert completed.order.commission_idr == 4_000


def test_pending_takes_the_same_queries_for_one_or_many_orders(count_queries):
    one = sell(OrderStatus.PAID)
    many = sell(OrderStatus.PAID)
    for n in range(4):
        variant = make_item(many.store, f"Produk {n}", category=make_category())
        sell(OrderStatus.SHIPPED, store=many.store, seller=many.seller, variant=variant)
    db.session.expire_all()

    with count_queries() as for_one:
        pending_amount(one.store.id)
    db.session.expire_all()
    with count_queries() as for_many:
        pending_amount(many.store.id)

    assert for_one.count == for_many.count <= 4


def test_the_ledger_is_paged_newest_first():
    first = sell(OrderStatus.COMPLETED, price_idr=10_000)
    for n in range(4):
        variant = make_item(first.store, f"Produk {n}", price_idr=10_000 * (n + 2))
        sell(OrderStatus.COMPLETED, store=first.store, seller=first.seller, variant=variant)

    page = page_ledger(first.store.id, page=1, per_page=3)
    rest = page_ledger(first.store.id, page=2, per_page=3)

    assert page.total == 5 and page.pages == 2
    assert [e.amount_idr for e in page.items] == [47_500, 38_000, 28_500]
    assert [e.amount_idr for e in rest.items] == [19_000, 9_500]


def test_the_balance_page_shows_balance_pending_and_entries(app):
    sale = sell(OrderStatus.COMPLETED, price_idr=100_000)
    variant = make_item(sale.store, "Emping", price_idr=50_000)
    sell(OrderStatus.PAID, store=sale.store, seller=sale.seller, variant=variant)
    staff = make_user(name="Karyawan Toko")
    db.session.add(StoreMember(store_id=sale.store.id, user_id=staff.id, role="staff"))
    db.session.commit()
    url = f"/penjual/toko/{sale.store.id}/saldo"

    html = client_for(app, sale.seller).get(url).get_data(as_text=True)
    staff_view = client_for(app, staff).get(url)

    assert "Rp95.000" in html and "Rp47.500" in html and sale.order.number in html
    assert staff_view.status_code == 200
    store_page = client_for(app, sale.seller).get(f"/penjual/toko/{sale.store.id}")
    assert url in store_page.get_data(as_text=True)


def test_a_seller_cannot_see_another_stores_balance(app):
    theirs = sell(OrderStatus.COMPLETED)
    mine = sell(OrderStatus.PAID)

    seen = client_for(app, mine.seller).get(f"/penjual/toko/{theirs.store.id}/saldo")
    buyer_view = client_for(app, theirs.buyer).get(f"/penjual/toko/{theirs.store.id}/saldo")

    assert seen.status_code == 404 and buyer_view.status_code == 404
    assert app.test_client().get(f"/penjual/toko/{theirs.store.id}/saldo").status_code == 302
