from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.stores.models import Store


def test_seed_demo_is_idempotent_and_prints_logins(app):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["seed-demo", "--no-images"])
    counts = [db.session.scalar(select(func.count(m.id))) for m in (User, Store, Product)]
    second = runner.invoke(args=["seed-demo", "--no-images"])

    assert first.exit_code == 0, first.output
    assert "admin@pasarikm.example" in first.output
    assert "demo-ikm-2026" in first.output
    assert "created: nothing" in second.output
    assert counts == [db.session.scalar(select(func.count(m.id))) for m in (User, Store, Product)]
    assert counts[1] >= 6


def test_seed_demo_if_empty_skips_a_database_with_users(app):
    from tests.factories import make_user

    make_user()

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])

    assert "skipped" in result.output
    assert db.session.scalar(select(func.count(Store.id))) == 0


def test_demo_home_page_shows_stores_from_all_three_regions(app, client):
    app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])

    body = client.get("/").get_data(as_text=True)

    for city in ("Kabupaten Demak", "Kota Pekalongan", "Kota Medan"):
        assert city in body
    assert "Rp" in body


def test_demo_logins_work(app, client):
    from tests.conftest import post_form

    app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])

    response = post_form(
        client, "/masuk", {"email": "staf.demak@pasarikm.example", "password": "demo-ikm-2026"}
    )

    assert response.status_code == 302
    assert "Pelatihan Produksi Olahan Makanan" in client.get(
        "/dinas/", follow_redirects=True
    ).get_data(as_text=True)


def test_seed_demo_refuses_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")

    result = app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])

    assert result.exit_code != 0
    assert "refuses" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_has_training_records_with_linked_sellers_and_contest_winners(app, client):
    from marketplace.training.models import Enrollment, Participant

    app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])

    assert db.session.scalar(select(func.count(Participant.id))) >= 15
    from marketplace.demo.data import SELLERS

    linked = db.session.scalar(
        select(func.count(Participant.id))
        .join(User, User.id == Participant.user_id)
        .where(User.email.in_([s["email"] for s in SELLERS]))
    )
    assert linked == 7
    prizes = sorted(
        db.session.scalars(
            select(Enrollment.award_amount_idr).where(Enrollment.award_amount_idr.is_not(None))
        )
    )
    assert prizes == [1800000, 1800000, 2400000, 2400000, 3000000, 3000000]
    body = client.get("/verifikasi/BLK-DMK/2025/OM/014").get_data(as_text=True)
    assert "S** W******" in body and "Sah" in body


def test_demo_seller_sees_her_training_timeline(app, client):
    from tests.conftest import post_form

    app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])
    post_form(
        client, "/masuk", {"email": "nur.hidayah@pasarikm.example", "password": "demo-ikm-2026"}
    )

    body = client.get("/akun/pelatihan").get_data(as_text=True)

    assert "Seleksi Insentif Rintisan IKM Produktif" in body
    assert "Juara 1" in body and "Rp3.000.000" in body


def test_demo_stores_have_8_to_20_products_with_generated_photos(app, client):
    from marketplace.catalog.models import Product, ProductImage

    result = app.test_cli_runner().invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    from marketplace.demo.data import SELLERS

    per_store = db.session.execute(
        select(Product.store_id, func.count(Product.id))
        .join(Store, Store.id == Product.store_id)
        .where(Store.slug.in_([s["store"][0] for s in SELLERS]))
        .group_by(Product.store_id)
    ).all()
    assert len(per_store) == 7 and all(8 <= n <= 20 for _, n in per_store)
    products = db.session.scalar(select(func.count(Product.id)))
    assert db.session.scalar(select(func.count(ProductImage.id))) == products
    body = client.get("/toko/keripik-tempe-bu-sri").get_data(as_text=True)
    assert 'srcset="/media/products/' in body and 'loading="lazy"' in body
    src = body.split('src="/media/')[1].split('"')[0]
    assert client.get(f"/media/{src}").status_code == 200


def test_demo_history_gives_agencies_a_year_of_alumni_sales_and_admins_a_queue(app):
    from datetime import date

    from marketplace.admin.models import ContentReport
    from marketplace.orders.models import LedgerEntry, LedgerKind, Order, OrderStatus
    from marketplace.training import outcomes
    from marketplace.training.mentoring import MentoringVisit
    from marketplace.training.models import Agency

    app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])
    orders = db.session.scalar(select(func.count(Order.id)))
    app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])

    assert db.session.scalar(select(func.count(Order.id))) == orders  # seeded once
    completed = db.session.scalar(
        select(func.count(Order.id)).where(Order.status == OrderStatus.COMPLETED)
    )
    assert completed > 1000
    # Every completed order is credited once, total = goods + shipping + tax, commission kept.
    assert (
        db.session.scalar(
            select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == LedgerKind.SALE)
        )
        == completed
    )
    assert not db.session.scalar(
        select(func.count(Order.id)).where(
            Order.total_idr != Order.goods_idr + Order.shipping_idr + Order.tax_idr
        )
    )
    assert not db.session.scalar(
        select(func.count(Order.id)).where(
            Order.status == OrderStatus.COMPLETED, Order.commission_bps.is_(None)
        )
    )
    medan = db.session.scalar(select(Agency).where(Agency.short_name == "Disperin Kota Medan"))
    board = outcomes.get_dashboard(medan.id, outcomes.OutcomeFilters(), today=date.today())
    assert len(board.months) == 12 and all(m.omzet_idr for m in board.months)
    assert board.funnel_total.steps["first_sale"] >= 5
    assert any(row.suppressed for row in board.funnel)  # a "< 5" group
    assert "Yusnani Tarigan" in [row.full_name for row in board.awards.rows]  # consented
    assert db.session.scalar(select(func.count(MentoringVisit.id))) >= 5
    assert db.session.scalar(select(func.count(ContentReport.id))) == 3
    # Every admin queue has something in it, and sellers have a payout history.
    from marketplace.admin.dashboard import get_queue_counts
    from marketplace.payouts.models import Payout, PayoutStatus

    counts = {q.key: q.count for q in get_queue_counts(today=date.today())}
    for key in (
        "stores",
        "businesses",
        "transfer_proofs",
        "refunds",
        "content_reports",
        "bank_accounts",
        "payouts",
        "overdue_invoices",
    ):
        assert counts[key] >= 1, key
    payouts = dict(
        db.session.execute(select(Payout.status, func.count()).group_by(Payout.status)).all()
    )
    assert payouts.get(PayoutStatus.PAID, 0) >= 10 and payouts.get(PayoutStatus.PROPOSED, 0) >= 5
