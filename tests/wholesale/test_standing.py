"""Standing orders: setting up (with approval above the threshold), the dates a run picks, and
the job: one order per period, paused with a reason when stock, capacity or credit is short,
running again once resumed; the CLI; two jobs at once on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.extensions import db
from marketplace.orders import fulfilment
from marketplace.orders.models import Checkout, Order, OrderStatus
from marketplace.orders.queries import page_store_orders
from marketplace.stores.models import Store
from marketplace.wholesale.errors import (
    InvalidRequest,
    NotAllowed,
    OrderRowsInvalid,
    SelfApproval,
)
from marketplace.wholesale.models import (
    Business,
    BusinessLocation,
    StandingOrder,
    StandingOrderRun,
    StandingStatus,
    WholesaleOffer,
)
from marketplace.wholesale.standing import (
    AWAITING_APPROVAL,
    StandingInput,
    StandingLineInput,
    create_standing_order,
    decide_standing_order,
    next_delivery_on,
    pause_standing_order,
    period_of,
    resume_standing_order,
    run_standing_orders,
    update_standing_order,
)
from tests.factories import make_user
from tests.orders.helpers import count, make_seller_store, stock_of
from tests.wholesale.helpers import (
    make_business_account,
    make_supplier,
    make_wholesale_item,
    purchase,
)

pytestmark = pytest.mark.usefixtures("app")

MONDAY = date(2026, 11, 23)  # ISO week 2026-W48
THURSDAY = 3


def seller(name: str = "Roti Bu Sri") -> tuple[Store, User]:
    """A Demak supplier store and its owner."""
    owner = make_user(name=f"Pemilik {name}")
    return make_supplier(make_seller_store(name, owner=owner)), owner


def standing_input(
    location: BusinessLocation,
    lines: list[tuple[ProductVariant, int]],
    *,
    weekday: int = THURSDAY,
    starts_on: date = MONDAY,
    ends_on: date | None = None,
) -> StandingInput:
    return StandingInput(
        location_id=location.id,
        weekday=weekday,
        starts_on=starts_on,
        ends_on=ends_on,
        lines=[StandingLineInput(variant_id=v.id, quantity=q) for v, q in lines],
        name="Roti Kamis Outlet Merdeka",
        note="Antar sebelum jam 7 pagi.",
    )


def make_standing(
    business: Business,
    actor: User,
    location: BusinessLocation,
    lines: list[tuple[ProductVariant, int]],
    **kw: Any,
) -> StandingOrder:
    """A standing order created as the form does, committed."""
    standing = create_standing_order(
        business,
        actor=actor,
        store_id=lines[0][0].store_id,
        data=standing_input(location, lines, **kw),
        today=MONDAY,
    )
    db.session.commit()
    return standing


def setup(
    *, business_kw: dict[str, Any] | None = None, **offer_kw: Any
) -> tuple[Business, dict[str, User], BusinessLocation, Store, User, ProductVariant]:
    business, members, location = make_business_account(**(business_kw or {}))
    store, owner = seller()
    variant = make_wholesale_item(store, **offer_kw)
    return business, members, location, store, owner, variant


def standing_orders_of(standing: StandingOrder) -> list[Order]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Order)
            .join(StandingOrderRun, StandingOrderRun.order_id == Order.id)
            .where(StandingOrderRun.standing_order_id == standing.id)
            .order_by(Order.requested_delivery_on)
        )
    )


def runs_of(standing: StandingOrder) -> list[StandingOrderRun]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(StandingOrderRun)
            .where(StandingOrderRun.standing_order_id == standing.id)
            .order_by(StandingOrderRun.period)
        )
    )


def fresh(standing: StandingOrder) -> StandingOrder:
    db.session.expire_all()
    found = db.session.get(StandingOrder, standing.id)
    assert found is not None
    return found


def recipients(outbox: list[Any]) -> set[str]:
    return {m["To"] for m in outbox}


# -- Dates -----------------------------------------------------------------------------------


def test_delivery_date_is_the_first_weekday_after_the_lead_time():
    def on(weekday: int, lead: int, **kw: Any) -> date | None:
        standing = StandingOrder(weekday=weekday, starts_on=kw.get("starts_on", MONDAY))
        standing.ends_on = kw.get("ends_on")
        return next_delivery_on(standing, today=MONDAY, lead_time_days=lead)

    # Shipped from stock still needs a day: a Monday run never delivers the same Monday.
    assert on(0, 0) == date(2026, 11, 30)
    assert on(2, 0) == date(2026, 11, 25)  # Wednesday, 2 days ahead
    assert on(1, 1) == date(2026, 11, 24)  # Tuesday, exactly the lead time
    assert on(2, 3) == date(2026, 12, 2)  # 3 days to make: this Wednesday is too soon
    assert on(0, 7) == date(2026, 11, 30)
    # Not before it starts; not after it ends.
    assert on(0, 1, starts_on=date(2026, 12, 10)) == date(2026, 12, 14)
    assert on(0, 1, ends_on=date(2026, 11, 29)) is None
    assert on(3, 1, ends_on=date(2026, 11, 26)) == date(2026, 11, 26)


def test_period_is_the_iso_week_of_delivery():
    assert period_of(date(2026, 11, 26)) == "2026-W48"
    assert period_of(date(2026, 11, 30)) == "2026-W49"
    assert period_of(date(2027, 1, 1)) == "2026-W53"


# -- Setting up ------------------------------------------------------------------------------


def test_standing_order_within_threshold_starts_active():
    business, members, location, _store, _owner, variant = setup(
        business_kw={"threshold_idr": 50_000_000}
    )

    standing = make_standing(business, members["buyer"], location, [(variant, 200)])

    assert standing.status == StandingStatus.ACTIVE
    assert standing.approved_at is not None
    assert [(ln.variant_id, ln.quantity) for ln in standing.lines] == [(variant.id, 200)]


def test_lines_are_checked_like_a_quick_order():
    business, members, location, store, _owner, variant = setup(min_order_qty=50, pack_size=10)
    other_store, _ = seller("Toko Lain")
    foreign = make_wholesale_item(other_store, "Keripik Tempe")
    retail_only = make_wholesale_item(store, "Roti Manis", is_active=False)

    with pytest.raises(OrderRowsInvalid) as refused:
        create_standing_order(
            business,
            actor=members["buyer"],
            store_id=store.id,
            data=standing_input(
                location, [(variant, 45), (foreign, 100), (retail_only, 100), (variant, 55)]
            ),
            today=MONDAY,
        )

    assert set(refused.value.problems) == {1, 2, 3, 4}
    assert "minimum" in str(refused.value.problems[1])
    db.session.rollback()
    with pytest.raises(OrderRowsInvalid) as refused:
        create_standing_order(
            business,
            actor=members["buyer"],
            store_id=store.id,
            data=standing_input(location, [(variant, 55)]),
            today=MONDAY,
        )
    assert "kelipatan 10" in str(refused.value.problems[1])
    db.session.rollback()
    assert count(StandingOrder) == 0


def test_dates_and_location_are_checked():
    business, members, location, store, _owner, variant = setup()
    _other, _m, other_location = make_business_account()

    def attempt(**kw: Any) -> None:
        create_standing_order(
            business,
            actor=members["buyer"],
            store_id=store.id,
            data=standing_input(kw.pop("location", location), [(variant, 100)], **kw),
            today=MONDAY,
        )

    with pytest.raises(InvalidRequest):
        attempt(starts_on=MONDAY - timedelta(days=1))
    with pytest.raises(InvalidRequest):
        attempt(ends_on=MONDAY - timedelta(days=1), starts_on=MONDAY)
    with pytest.raises(InvalidRequest):
        attempt(location=other_location)
    with pytest.raises(NotAllowed):
        create_standing_order(
            business,
            actor=members["finance"],
            store_id=store.id,
            data=standing_input(location, [(variant, 100)]),
            today=MONDAY,
        )
    db.session.rollback()
    assert count(StandingOrder) == 0


def test_above_threshold_waits_for_an_approver_who_is_not_its_creator(outbox):
    business, members, location, _store, _owner, variant = setup(
        business_kw={"threshold_idr": 1_000_000}
    )
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])

    # 200 x Rp9.500 + PPN is above Rp1.000.000: paused until approved.
    assert standing.status == StandingStatus.PAUSED
    assert standing.pause_reason == AWAITING_APPROVAL
    assert standing.approved_at is None
    assert recipients(outbox) == {members["owner"].email, members["approver"].email}
    assert run_standing_orders(today=MONDAY).created == 0
    with pytest.raises(InvalidRequest):
        resume_standing_order(standing, actor=members["buyer"])
    db.session.rollback()
    with pytest.raises(NotAllowed):
        decide_standing_order(standing, actor=members["buyer"], approve=True)
    db.session.rollback()

    decide_standing_order(standing, actor=members["approver"], approve=True)
    db.session.commit()

    standing = fresh(standing)
    assert standing.status == StandingStatus.ACTIVE
    assert standing.approved_by_id == members["approver"].id
    result = run_standing_orders(today=MONDAY)
    assert result.created == 1
    # Approved once: the generated order does not wait for an approver again.
    [order] = standing_orders_of(standing)
    assert order.status == OrderStatus.CONFIRMED


def test_the_creator_cannot_approve_their_own_standing_order():
    business, members, location, _store, _owner, variant = setup(
        business_kw={"threshold_idr": 1_000_000}
    )
    standing = make_standing(business, members["owner"], location, [(variant, 200)])

    with pytest.raises(SelfApproval):
        decide_standing_order(standing, actor=members["owner"], approve=True)
    db.session.rollback()

    assert fresh(standing).approved_at is None
    decide_standing_order(standing, actor=members["approver"], approve=False, note="Terlalu banyak")
    db.session.commit()
    assert fresh(standing).status == StandingStatus.ENDED


def test_changing_the_goods_above_the_threshold_needs_approval_again():
    business, members, location, _store, _owner, variant = setup(
        business_kw={"threshold_idr": 1_000_000}
    )
    standing = make_standing(business, members["buyer"], location, [(variant, 50)])
    assert standing.status == StandingStatus.ACTIVE

    update_standing_order(
        standing,
        actor=members["buyer"],
        data=standing_input(location, [(variant, 200)], weekday=4),
        today=MONDAY,
    )
    db.session.commit()

    standing = fresh(standing)
    assert (standing.status, standing.pause_reason) == (StandingStatus.PAUSED, AWAITING_APPROVAL)
    assert standing.weekday == 4
    assert [ln.quantity for ln in standing.lines] == [200]


# -- The job ---------------------------------------------------------------------------------


def test_running_twice_in_one_period_creates_one_order():
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])

    first = run_standing_orders(today=MONDAY)
    again = run_standing_orders(today=MONDAY)
    next_day = run_standing_orders(today=MONDAY + timedelta(days=1))

    assert (first.created, first.skipped, first.paused) == (1, 0, 0)
    assert (again.created, again.skipped, again.paused) == (0, 1, 0)
    assert (next_day.created, next_day.skipped) == (0, 1)
    assert len(standing_orders_of(standing)) == 1
    assert [r.period for r in runs_of(standing)] == ["2026-W48"]
    assert count(Order) == 1
    assert stock_of(variant) == 1_000 - 200


def test_generated_order_is_confirmed_for_the_delivery_day_and_waits_for_the_seller():
    business, members, location, store, owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])

    result = run_standing_orders(today=MONDAY)

    [order] = standing_orders_of(standing)
    assert result.order_ids == [order.id]
    assert order.status == OrderStatus.CONFIRMED
    assert order.requested_delivery_on == date(2026, 11, 26)  # Thursday of that week
    assert (order.source, order.channel, order.business_id) == (
        "standing",
        "wholesale",
        business.id,
    )
    assert order.buyer_id == members["buyer"].id
    assert order.note == "Antar sebelum jam 7 pagi."
    checkout = db.session.get(Checkout, order.checkout_id)
    assert checkout.idempotency_key == f"standing-{standing.id}-2026-W48"
    assert checkout.payment_method == "invoice"
    waiting = page_store_orders(store.id, status_filter="perlu-diproses", page=1)
    assert [o.id for o in waiting.items] == [order.id]

    fulfilment.process_order(order, actor=owner)
    db.session.commit()

    assert db.session.get(Order, order.id).status == OrderStatus.PROCESSING


def test_next_week_creates_the_next_order():
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])

    run_standing_orders(today=MONDAY)
    result = run_standing_orders(today=MONDAY + timedelta(days=7))

    assert result.created == 1
    orders = standing_orders_of(standing)
    assert [o.requested_delivery_on for o in orders] == [date(2026, 11, 26), date(2026, 12, 3)]
    assert [r.period for r in runs_of(standing)] == ["2026-W48", "2026-W49"]


def test_made_to_order_waits_for_the_lead_time_and_respects_the_end_date():
    business, members, location, _store, _owner, variant = setup(
        lead_time_days=5, weekly_capacity=1_000, stock=0
    )
    standing = make_standing(
        business, members["buyer"], location, [(variant, 200)], ends_on=date(2026, 12, 5)
    )

    first = run_standing_orders(today=MONDAY)
    after_end = run_standing_orders(today=MONDAY + timedelta(days=7))

    # Thursday 26 Nov is 3 days away, less than the 5 days needed: Thursday 3 Dec.
    assert first.created == 1
    assert [o.requested_delivery_on for o in standing_orders_of(standing)] == [date(2026, 12, 3)]
    # From 30 Nov the next possible Thursday (10 Dec) is after the end date: it ends.
    assert (after_end.created, after_end.ended) == (0, 1)
    assert fresh(standing).status == StandingStatus.ENDED


def test_a_standing_order_starting_later_is_not_ordered_months_ahead():
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(
        business, members["buyer"], location, [(variant, 200)], starts_on=date(2027, 2, 1)
    )

    result = run_standing_orders(today=MONDAY)
    in_time = run_standing_orders(today=date(2027, 2, 1))

    assert result.created == 0
    assert in_time.created == 1
    assert [o.requested_delivery_on for o in standing_orders_of(standing)] == [date(2027, 2, 4)]


def test_stock_short_pauses_with_the_reason_and_touches_nothing(outbox):
    business, members, location, _store, owner, variant = setup(stock=150)
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    healthy_variant = make_wholesale_item(seller("Dodol Pak Min")[0], "Dodol Betawi")
    healthy = make_standing(business, members["buyer"], location, [(healthy_variant, 100)])
    outbox.clear()

    result = run_standing_orders(today=MONDAY)

    assert (result.created, result.paused) == (1, 1)
    standing = fresh(standing)
    assert standing.status == StandingStatus.PAUSED
    assert "Stok Roti Tawar Gandum kurang: perlu 200, tersisa 150" in standing.pause_reason
    [run] = runs_of(standing)
    assert run.order_id is None
    assert run.skipped_reason == standing.pause_reason
    assert standing_orders_of(standing) == []
    assert stock_of(variant) == 150
    assert len(standing_orders_of(healthy)) == 1
    told = {m["To"] for m in outbox if "dijeda" in m["Subject"]}
    assert told == {members["owner"].email, members["buyer"].email, owner.email}
    # Paused: the next run leaves it alone.
    assert run_standing_orders(today=MONDAY).paused == 0


def test_capacity_short_pauses():
    business, members, location, _store, _owner, variant = setup(
        lead_time_days=2, weekly_capacity=300, stock=0
    )
    other, other_members, other_location = make_business_account()
    purchase(
        other,
        other_members["buyer"],
        other_location,
        [(variant, 200)],
        delivery_on=date(2026, 11, 27),
        today=MONDAY,
    )
    standing = make_standing(business, members["buyer"], location, [(variant, 150)])

    result = run_standing_orders(today=MONDAY)

    assert result.paused == 1
    standing = fresh(standing)
    assert standing.status == StandingStatus.PAUSED
    assert "kapasitas mingguan" in standing.pause_reason
    assert "sisa 100" in standing.pause_reason
    assert standing_orders_of(standing) == []


def test_credit_limit_pauses_and_gives_back_nothing_taken():
    business, members, location, _store, _owner, variant = setup(
        business_kw={"credit_limit_idr": 1_000_000}
    )
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])

    result = run_standing_orders(today=MONDAY)

    assert result.paused == 1
    standing = fresh(standing)
    assert "batas kredit" in standing.pause_reason
    assert count(Order) == 0
    assert count(Checkout) == 0
    assert stock_of(variant) == 1_000


def test_a_product_no_longer_sold_pauses():
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    offer = db.session.scalar(select(WholesaleOffer).where(WholesaleOffer.variant_id == variant.id))
    offer.is_active = False
    db.session.commit()

    run_standing_orders(today=MONDAY)

    assert "tidak dijual grosir lagi" in fresh(standing).pause_reason
    assert count(Order) == 0


def test_a_delivery_location_closed_since_pauses():
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    location.is_active = False
    db.session.commit()

    assert run_standing_orders(today=MONDAY).paused == 1

    assert "Lokasi pengiriman tidak aktif" in fresh(standing).pause_reason
    assert count(Order) == 0


def test_resumed_after_a_shortage_runs_again_for_that_week():
    business, members, location, _store, _owner, variant = setup(stock=100)
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    run_standing_orders(today=MONDAY)
    assert fresh(standing).status == StandingStatus.PAUSED

    db.session.get(ProductVariant, variant.id).stock = 500
    db.session.commit()
    resume_standing_order(fresh(standing), actor=members["buyer"])
    db.session.commit()
    result = run_standing_orders(today=MONDAY)

    assert result.created == 1
    [run] = runs_of(standing)
    assert (run.period, run.skipped_reason) == ("2026-W48", "")
    assert run.order_id == standing_orders_of(standing)[0].id
    assert fresh(standing).status == StandingStatus.ACTIVE
    assert stock_of(variant) == 300


def test_paused_by_the_business_makes_no_order_until_resumed():
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    pause_standing_order(standing, actor=members["buyer"])
    db.session.commit()

    assert run_standing_orders(today=MONDAY).created == 0
    resume_standing_order(fresh(standing), actor=members["owner"])
    db.session.commit()
    assert run_standing_orders(today=MONDAY).created == 1


def test_cash_before_delivery_business_is_asked_to_pay_by_transfer(outbox):
    business, members, location, _store, _owner, variant = setup(business_kw={"terms": "cbd"})
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    outbox.clear()

    assert run_standing_orders(today=MONDAY).created == 1

    [order] = standing_orders_of(standing)
    assert order.status == OrderStatus.PENDING_PAYMENT
    checkout = db.session.get(Checkout, order.checkout_id)
    assert checkout.payment_method == "bank_transfer"
    assert members["buyer"].email in recipients(outbox)


def test_orders_are_placed_by_an_owner_once_the_creator_left():
    business, members, location, _store, _owner, variant = setup()
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    from marketplace.wholesale.models import BusinessMember

    db.session.execute(
        BusinessMember.__table__.delete().where(BusinessMember.user_id == members["buyer"].id)
    )
    db.session.commit()

    assert run_standing_orders(today=MONDAY).created == 1
    assert standing_orders_of(standing)[0].buyer_id == members["owner"].id


def test_cli_runs_the_job_and_prints_the_counts(app: Flask):
    business, members, location, _store, _owner, variant = setup()
    make_standing(business, members["buyer"], location, [(variant, 200)])
    runner = app.test_cli_runner()

    first = runner.invoke(args=["wholesale", "run-standing-orders", "--date", "2026-11-23"])
    second = runner.invoke(args=["wholesale", "run-standing-orders", "--date", "2026-11-23"])

    assert first.exit_code == 0, first.output
    assert "created 1, skipped 0, paused 0" in first.output
    assert "created 0, skipped 1, paused 0" in second.output
    db.session.commit()
    assert count(Order) == 1


# -- Two jobs at once ------------------------------------------------------------------------


@pytest.mark.postgresql_only
def test_two_jobs_at_once_make_one_order_per_standing_order(app: Flask):
    standings = []
    for n in range(3):
        business, members, location = make_business_account()
        store, _owner = seller(f"Roti Pagi {n}")
        variant = make_wholesale_item(store, stock=1_000)
        standings.append(make_standing(business, members["buyer"], location, [(variant, 200)]))
    barrier = threading.Barrier(2, timeout=60)
    results: list[Any] = []
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with app.app_context():
                barrier.wait()
                results.append(run_standing_orders(today=MONDAY))
                db.session.remove()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    assert errors == []
    assert sum(r.created for r in results) == 3
    assert sum(r.skipped for r in results) == 3
    assert sum(r.failed for r in results) == 0
    for standing in standings:
        assert len(standing_orders_of(standing)) == 1
        assert len(runs_of(standing)) == 1
    assert db.session.scalar(select(func.count()).select_from(Order)) == 3
