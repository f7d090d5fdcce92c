"""Commission rates by category with their history: an order keeps the rate in force when it
was placed, categories inherit their parent's rate then the default, changes can be scheduled,
the config is the fallback while no rate is kept, and only admins see or change them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from marketplace.admin.commission import (
    CommissionRate,
    InvalidCommissionRate,
    effective_from_day,
    get_rate_in_force,
    get_rates_in_force,
    parse_percent,
    set_commission_rate,
    stamp_commission,
)
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import LedgerEntry, Order, OrderLine, OrderStatus
from marketplace.orders.services import complete_order, credit_sale, net_of_commission
from tests.conftest import post_form
from tests.factories import make_category, make_user
from tests.orders.after_sale import sell
from tests.orders.helpers import count, make_item, make_seller_store
from tests.wholesale.helpers import (
    make_business_account,
    make_supplier,
    make_wholesale_item,
    purchase,
)

pytestmark = pytest.mark.usefixtures("app")

URL = "/admin/komisi"
ZONE = "Asia/Jakarta"


def admin(name: str = "Admin Rina") -> object:
    return make_user(name=name, is_admin=True)


def set_rate(category, bps, *, by=None, at=None, note=""):
    row = set_commission_rate(
        category.id if category is not None else None,
        rate_bps=bps,
        effective_from=at,
        note=note,
        actor=by or admin(),
    )
    db.session.commit()
    return row


def sale_in(category, status=OrderStatus.DELIVERED, price_idr=100_000):
    seller = make_user(name="Bu Sri")
    store = make_seller_store(owner=seller)
    variant = make_item(store, "Keripik Tempe", price_idr=price_idr, stock=50, category=category)
    return sell(status, store=store, seller=seller, variant=variant)


def sale_amount(order):
    return db.session.scalar(
        select(LedgerEntry.amount_idr).where(
            LedgerEntry.order_id == order.id, LedgerEntry.kind == "sale"
        )
    )


# -- An order keeps the rate in force when it was placed ---------------------------------------


def test_a_retail_order_completes_at_the_rate_in_force_when_it_was_placed():
    kuliner = make_category(name="Kuliner", slug="kuliner")
    set_rate(None, 500)
    set_rate(kuliner, 400)
    placed_before = sale_in(kuliner)

    set_rate(kuliner, 1_000, note="Naik mulai hari ini")
    placed_after = sale_in(kuliner)
    for sale in (placed_before, placed_after):
        complete_order(sale.reload().order, actor=sale.buyer)
        db.session.commit()

    assert placed_before.order.commission_bps == 400
    assert sale_amount(placed_before.order) == 100_000 - 4_000
    assert placed_before.reload().order.commission_idr == 4_000
    assert placed_after.order.commission_bps == 1_000
    assert sale_amount(placed_after.order) == 100_000 - 10_000


def test_a_wholesale_order_keeps_its_rate_and_pays_commission_before_ppn():
    kuliner = make_category(name="Kuliner", slug="kuliner")
    set_rate(kuliner, 400)
    business, members, outlet = make_business_account()
    supplier = make_supplier(is_pkp=True)
    bread = make_wholesale_item(supplier, "Roti Tawar")
    bread.product.category_id = kuliner.id
    db.session.commit()
    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])
    (order,) = checkout.orders

    set_rate(kuliner, 2_500)
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    credit_sale(order)  # what paying the invoice of a completed order does
    db.session.commit()

    assert order.tax_idr > 0 and order.commission_bps == 400
    commission = (order.total_idr - order.tax_idr) * 400 // 10_000
    assert order.commission_idr == commission
    assert sale_amount(order) == order.total_idr - commission


def test_placing_finds_the_rates_of_every_category_in_one_query(count_queries):
    top = make_category(name="Kerajinan", slug="kerajinan")
    categories = [make_category(parent_id=top.id) for _ in range(4)]
    set_rate(top, 700)
    set_rate(categories[0], 300)
    # Orders being placed: only their first lines' categories matter here.
    orders = [Order(lines=[OrderLine(category_id=c.id)]) for c in categories]

    with count_queries() as counted:
        stamp_commission(orders, at=utcnow())

    assert counted.count == 1
    assert [o.commission_bps for o in orders] == [300, 700, 700, 700]


# -- Inheritance and the default -------------------------------------------------------------


def test_a_subcategory_inherits_its_parents_rate_then_the_default():
    kuliner = make_category(name="Kuliner", slug="kuliner")
    keripik = make_category(name="Keripik", slug="keripik", parent_id=kuliner.id)
    sambal = make_category(name="Sambal", slug="sambal", parent_id=kuliner.id)
    kerajinan = make_category(name="Kerajinan", slug="kerajinan")
    anyaman = make_category(name="Anyaman", slug="anyaman", parent_id=kerajinan.id)
    set_rate(None, 500)
    set_rate(kuliner, 400)
    set_rate(sambal, 250)

    rates = get_rates_in_force(
        [kuliner.id, keripik.id, sambal.id, kerajinan.id, anyaman.id], at=utcnow()
    )

    assert rates == {
        kuliner.id: 400,
        keripik.id: 400,
        sambal.id: 250,
        kerajinan.id: 500,
        anyaman.id: 500,
    }
    assert sale_in(keripik).order.commission_bps == 400
    assert sale_in(anyaman).order.commission_bps == 500


def test_a_scheduled_rate_applies_only_to_orders_placed_from_its_date():
    kuliner = make_category(name="Kuliner", slug="kuliner")
    set_rate(kuliner, 400)
    tomorrow = utcnow().date() + timedelta(days=2)
    scheduled = set_rate(kuliner, 600, at=effective_from_day(tomorrow, zone=ZONE))

    placed_now = sale_in(kuliner)
    assert placed_now.order.commission_bps == 400
    assert get_rate_in_force(kuliner.id, at=scheduled.effective_from - timedelta(seconds=1)) == 400
    assert get_rate_in_force(kuliner.id, at=scheduled.effective_from) == 600

    # The day comes (moved to now rather than waiting for the clock).
    db.session.execute(
        update(CommissionRate)
        .where(CommissionRate.id == scheduled.id)
        .values(effective_from=utcnow())
    )
    db.session.commit()
    placed_later = sale_in(kuliner)

    assert placed_later.order.commission_bps == 600
    assert placed_now.reload().order.commission_bps == 400


def test_a_future_day_takes_effect_at_midnight_in_the_admins_zone_and_today_at_once():
    now = utcnow()
    today_wib = (now + timedelta(hours=7)).date()

    assert effective_from_day(today_wib, zone=ZONE, now=now) is None
    midnight = effective_from_day(today_wib + timedelta(days=1), zone=ZONE, now=now)
    assert midnight is not None and midnight.hour == 17 and midnight.minute == 0  # 00.00 WIB


# -- Without rows the config still decides -----------------------------------------------------


def test_without_rows_the_config_decides_and_is_kept_on_the_order(app, monkeypatch):
    crafts = make_category(slug="kerajinan")
    monkeypatch.setitem(app.config, "ORDER_COMMISSION_BPS", {"default": 500, "kerajinan": 1_000})
    sale = sale_in(crafts)
    plain = sale_in(make_category())

    monkeypatch.setitem(app.config, "ORDER_COMMISSION_BPS", {"default": 800})
    complete_order(sale.reload().order, actor=sale.buyer)
    db.session.commit()

    assert count(CommissionRate) == 0
    assert sale.order.commission_bps == 1_000 and plain.order.commission_bps == 500
    assert sale_amount(sale.order) == 100_000 - 10_000


def test_an_order_without_a_stored_rate_takes_the_rate_in_force_when_it_was_created():
    kuliner = make_category(name="Kuliner", slug="kuliner")
    sale = sale_in(kuliner)
    db.session.execute(update(Order).where(Order.id == sale.order.id).values(commission_bps=None))
    db.session.commit()
    set_rate(kuliner, 900)  # after the order was created: not its rate

    order = sale.reload().order
    assert order.commission_bps is None
    assert net_of_commission(order) == (95_000, 5_000)  # the config's 5 %


# -- Refused input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        ("-1", "Komisi tidak boleh negatif."),
        ("30,01", "Komisi paling tinggi 30%."),
        ("45", "Komisi paling tinggi 30%."),
        ("4,555", "paling banyak 2 angka desimal"),
        ("empat", "paling banyak 2 angka desimal"),
    ],
)
def test_a_bad_percentage_is_refused_and_nothing_is_written(client, login_as, percent, message):
    login_as(admin())
    today = (utcnow() + timedelta(hours=7)).date().isoformat()

    response = post_form(
        client, URL, {"category_id": "", "percent": percent, "effective_on": today, "note": ""}
    )

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(CommissionRate) == 0


def test_a_past_date_or_an_unknown_category_is_refused_and_nothing_is_written(client, login_as):
    login_as(admin())
    kuliner = make_category(name="Kuliner", slug="kuliner")
    yesterday = (utcnow() + timedelta(hours=7) - timedelta(days=1)).date().isoformat()
    today = (utcnow() + timedelta(hours=7)).date().isoformat()

    past = post_form(
        client, URL, {"category_id": str(kuliner.id), "percent": "4", "effective_on": yesterday}
    )
    unknown = post_form(
        client, URL, {"category_id": str(kuliner.id + 999), "percent": "4", "effective_on": today}
    )
    garbage = post_form(
        client, URL, {"category_id": "99999999999999", "percent": "4", "effective_on": today}
    )

    assert "Tanggal berlaku tidak boleh di masa lalu." in past.get_data(as_text=True)
    assert "Kategori tidak dikenal." in unknown.get_data(as_text=True)
    assert "Kategori tidak dikenal." in garbage.get_data(as_text=True)
    assert count(CommissionRate) == 0


def test_the_service_refuses_what_the_form_cannot_send():
    boss = admin()
    with pytest.raises(InvalidCommissionRate):
        set_commission_rate(None, rate_bps=3_001, effective_from=None, note="", actor=boss)
    with pytest.raises(InvalidCommissionRate):
        set_commission_rate(None, rate_bps=-5, effective_from=None, note="", actor=boss)
    with pytest.raises(InvalidCommissionRate):
        far = utcnow() + timedelta(days=400)
        set_commission_rate(None, rate_bps=500, effective_from=far, note="", actor=boss)
    with pytest.raises(InvalidCommissionRate):
        set_commission_rate(None, rate_bps=500, effective_from=None, note="", actor=make_user())
    db.session.rollback()

    assert count(CommissionRate) == 0
    assert [parse_percent(t) for t in ("4", "4,5", "4.25", "0", "30 %")] == [400, 450, 425, 0, 3000]


# -- The page ----------------------------------------------------------------------------------


def test_an_admin_sets_a_rate_and_the_history_shows_every_change_with_its_actor(client, login_as):
    kuliner = make_category(name="Kuliner", slug="kuliner")
    keripik = make_category(name="Keripik", slug="keripik", parent_id=kuliner.id)
    rina = admin("Admin Rina")
    set_rate(None, 600, by=admin("Admin Budi"), note="Tarif awal")
    login_as(rina)
    today = (utcnow() + timedelta(hours=7)).date().isoformat()

    response = post_form(
        client,
        URL,
        {"category_id": str(kuliner.id), "percent": "4,5", "effective_on": today, "note": "Promo"},
    )
    html = client.get(URL).get_data(as_text=True)

    assert response.status_code == 302 and response.headers["Location"].endswith(URL)
    (row,) = db.session.scalars(
        select(CommissionRate).where(CommissionRate.category_id == kuliner.id)
    ).all()
    assert (row.rate_bps, row.set_by_id, row.note) == (450, rina.id, "Promo")
    history = html.split('id="rate-history"')[1]
    assert history.index("Admin Rina") < history.index("Admin Budi")  # newest first
    assert "6% → <strong>4,5%</strong>" in history  # kuliner inherited the default before
    assert "5% → <strong>6%</strong>" in history  # the default came from the config
    rates_now = html.split('id="rates-now"')[1]
    keripik_row = rates_now.split(f'id="category-{keripik.id}"')[1].split("</tr>")[0]
    assert "4,5%" in keripik_row and "Ikut induk: Kuliner" in keripik_row


def test_a_scheduled_change_is_shown_as_scheduled(client, login_as):
    kuliner = make_category(name="Kuliner", slug="kuliner")
    login_as(admin())
    later = (utcnow() + timedelta(days=10)).date().isoformat()

    post_form(client, URL, {"category_id": str(kuliner.id), "percent": "3", "effective_on": later})
    html = client.get(URL).get_data(as_text=True)

    assert count(CommissionRate) == 1
    row = html.split(f'id="category-{kuliner.id}"')[1].split("</tr>")[0]
    assert "5%" in row and "3% mulai" in row  # still the config's 5 % until then
    assert "Terjadwal" in html.split('id="rate-history"')[1]


def test_the_page_takes_the_same_queries_for_few_or_many_rates(client, login_as, count_queries):
    login_as(admin())
    top = make_category(name="Kuliner", slug="kuliner")
    set_rate(top, 400)
    with count_queries() as few:
        assert client.get(URL).status_code == 200

    for n in range(5):
        sub = make_category(parent_id=top.id)
        set_rate(sub, 100 + n, by=admin(f"Admin {n}"))
        set_rate(None, 500 + n, by=admin(f"Admin lain {n}"))
    with count_queries() as many:
        assert client.get(URL).status_code == 200

    assert few.count == many.count <= 4


def test_only_admins_see_or_change_commission(app, client, login_as):
    seller = make_user()
    login_as(seller)

    page = client.get(URL)
    posted = post_form(client, URL, {"percent": "1", "effective_on": "2030-01-01"}, page="/")

    assert page.status_code == 403 and posted.status_code == 403
    assert count(CommissionRate) == 0
    anonymous = app.test_client().get(URL)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
