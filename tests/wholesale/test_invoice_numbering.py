"""Invoice numbers: sequential per seller and calendar year (WIB), no gaps, no duplicates,
also when 30 invoices of one seller are issued at the same instant on PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.fulfilment import process_order, ship_order
from marketplace.orders.models import Order
from marketplace.wholesale.invoices import issue_invoice
from marketplace.wholesale.models import Invoice, InvoiceCounter
from tests.wholesale.helpers import make_business_account, make_wholesale_item
from tests.wholesale.invoice_helpers import (
    issue_shipped_at,
    make_seller,
    place_order,
    ship,
    ship_new_order,
)

JOIN_SECONDS = 120


@pytest.fixture
def hotel(app):
    return make_business_account()


def sequences(store_id: int, year: int | None = None) -> list[int]:
    stmt = select(Invoice.sequence).where(Invoice.store_id == store_id)
    if year is not None:
        stmt = stmt.where(Invoice.year == year)
    return sorted(db.session.scalars(stmt))


def test_a_sellers_invoices_are_numbered_one_after_another(hotel):
    store, owner = make_seller()
    invoices = [ship_new_order(*hotel, store, owner)[1] for _ in range(3)]

    year = invoices[0].year
    assert [i.sequence for i in invoices] == [1, 2, 3]
    assert [i.number for i in invoices] == [
        f"INV/{year}/{store.id:04d}/000001",
        f"INV/{year}/{store.id:04d}/000002",
        f"INV/{year}/{store.id:04d}/000003",
    ]
    counter = db.session.get(InvoiceCounter, (store.id, year))
    assert counter.last_sequence == 3


def test_each_seller_has_its_own_sequence(hotel):
    bakery, baker = make_seller(name="Roti Bu Sri")
    crafts, weaver = make_seller(name="Anyaman Pandan Demak")

    ship_new_order(*hotel, bakery, baker)
    ship_new_order(*hotel, crafts, weaver)
    ship_new_order(*hotel, bakery, baker)

    assert sequences(bakery.id) == [1, 2]
    assert sequences(crafts.id) == [1]


def test_numbering_restarts_each_calendar_year_of_the_wib_date(hotel):
    store, owner = make_seller()
    bread = make_wholesale_item(store)
    orders = [place_order(*hotel, store, variant=bread) for _ in range(4)]

    # 23:59:59 WIB on 31 December 2025, then 00:00 WIB on 1 January 2026 (17:00 UTC).
    last_of_2025 = issue_shipped_at(
        orders[0], owner, datetime(2025, 12, 31, 16, 59, 59, tzinfo=UTC)
    )
    first_of_2026 = issue_shipped_at(orders[1], owner, datetime(2025, 12, 31, 17, 0, tzinfo=UTC))
    second_of_2026 = issue_shipped_at(orders[2], owner, datetime(2026, 1, 2, 3, 0, tzinfo=UTC))
    late_2025 = issue_shipped_at(orders[3], owner, datetime(2025, 12, 31, 10, 0, tzinfo=UTC))

    assert (last_of_2025.year, last_of_2025.sequence) == (2025, 1)
    assert str(last_of_2025.issued_on) == "2025-12-31"
    assert (first_of_2026.year, first_of_2026.sequence) == (2026, 1)
    assert str(first_of_2026.issued_on) == "2026-01-01"
    assert (second_of_2026.year, second_of_2026.sequence) == (2026, 2)
    assert (late_2025.year, late_2025.sequence) == (2025, 2)
    assert first_of_2026.number == f"INV/2026/{store.id:04d}/000001"


def test_a_rolled_back_invoice_gives_its_number_back(hotel):
    store, owner = make_seller()
    bread = make_wholesale_item(store)
    first, second, third = (place_order(*hotel, store, variant=bread) for _ in range(3))
    ship(first, owner)

    # The second order's shipment fails after its invoice was written: all of it rolls back.
    process_order(second, actor=owner)
    ship_order(second, actor=owner, courier="JNE", tracking_no="JNE0099887766")
    assert db.session.scalar(select(Invoice.sequence).where(Invoice.order_id == second.id)) == 2
    db.session.rollback()
    ship(third, owner)
    ship(second, owner)

    numbers = dict(db.session.execute(select(Invoice.order_id, Invoice.sequence)).tuples().all())
    assert numbers == {first.id: 1, third.id: 2, second.id: 3}


def test_issuing_again_for_the_same_order_uses_no_number(hotel):
    store, owner = make_seller()
    order, invoice = ship_new_order(*hotel, store, owner)

    assert issue_invoice(order, actor=owner).id == invoice.id
    db.session.commit()
    _other, next_invoice = ship_new_order(*hotel, store, owner)

    assert next_invoice.sequence == invoice.sequence + 1


# -- PostgreSQL: 30 shipments of one seller at the same instant ------------------------------


@pytest.fixture
def race_app(database_url: str, tmp_path: Any) -> Any:
    """The session's database behind an engine with room for 30 threads at once."""
    from tests.conftest import make_test_app

    app = make_test_app(
        database_url,
        SQLALCHEMY_ENGINE_OPTIONS={
            "pool_pre_ping": True,
            "pool_size": 20,
            "max_overflow": 20,
            "pool_timeout": JOIN_SECONDS,
        },
        SEARCH_INDEX_ASYNC=True,
        SEARCH_DIR=str(tmp_path / "search"),
    )
    yield app
    app.extensions["search_indexer"].flush()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.postgresql_only
def test_30_invoices_of_one_seller_issued_at_once_are_numbered_1_to_30(app, race_app, hotel):
    store, owner = make_seller()
    bread = make_wholesale_item(store, stock=10_000)
    orders = [place_order(*hotel, store, variant=bread, quantity=10) for _ in range(30)]
    for order in orders:
        process_order(order, actor=owner)
    db.session.commit()
    order_ids, owner_id = [o.id for o in orders], owner.id
    # No counter row yet: the first insert of the year races too.
    assert (
        db.session.scalar(select(InvoiceCounter).where(InvoiceCounter.store_id == store.id)) is None
    )
    barrier = threading.Barrier(len(order_ids), timeout=60)
    outcomes: list[str] = []
    sessions: list[Any] = []
    lock = threading.Lock()

    def ship_one(order_id: int) -> None:
        with race_app.app_context():
            with lock:
                sessions.append(db.session())
            try:
                order = db.session.get(Order, order_id)
                actor = db.session.get(User, owner_id)
                barrier.wait()
                ship_order(order, actor=actor, courier="JNE", tracking_no=f"JNE{order_id:010d}")
                db.session.commit()
                outcome = "ok"
            except Exception as exc:  # reported by the assertion below
                db.session.rollback()
                outcome = repr(exc)
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=ship_one, args=(i,), daemon=True) for i in order_ids]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, JOIN_SECONDS - (time.monotonic() - started)))
    assert not any(t.is_alive() for t in threads)

    assert outcomes == ["ok"] * 30, [o for o in outcomes if o != "ok"][:3]
    assert len({id(s) for s in sessions}) == 30 and db.session() not in sessions
    db.session.expire_all()
    rows = db.session.execute(select(Invoice.order_id, Invoice.sequence, Invoice.number)).all()
    assert sorted(r.order_id for r in rows) == sorted(order_ids)
    assert sorted(r.sequence for r in rows) == list(range(1, 31))
    assert len({r.number for r in rows}) == 30
    (counter,) = db.session.scalars(
        select(InvoiceCounter).where(InvoiceCounter.store_id == store.id)
    ).all()
    assert counter.last_sequence == 30
