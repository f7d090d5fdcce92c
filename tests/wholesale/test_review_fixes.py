"""Gaps a review found: approval and terms cannot be bypassed, quotes and pools open again when
their purchase falls through, sellers never see purchases still waiting for approval, and
weekly capacity holds when two businesses order at once (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine, OrderStatus
from marketplace.orders.queries import get_store_order, page_store_orders
from marketplace.wholesale import rfqs
from marketplace.wholesale.errors import InvalidRequest, OrderRowsInvalid, SelfApproval
from marketplace.wholesale.models import (
    Business,
    PurchaseApproval,
    QuoteStatus,
    RfqStatus,
    StandingOrder,
    WholesaleTier,
)
from marketplace.wholesale.ordering import decide_purchase
from marketplace.wholesale.standing import (
    decide_standing_order,
    update_standing_order,
)
from tests.wholesale.helpers import (
    make_business_account,
    make_supplier,
    make_wholesale_item,
    new_key,
    purchase,
)
from tests.wholesale.test_rfqs import ask, give_quote, make_quoting_store
from tests.wholesale.test_standing import MONDAY, make_standing, seller, standing_input


def approval_of(checkout_id: int) -> PurchaseApproval:
    approval = db.session.scalar(
        select(PurchaseApproval).where(PurchaseApproval.checkout_id == checkout_id)
    )
    assert approval is not None
    return approval


def test_a_purchase_on_terms_cannot_be_approved_after_the_business_lost_its_terms(app):
    business, members, location = make_business_account(threshold_idr=100_000)
    variant = make_wholesale_item(make_supplier())
    checkout = purchase(business, members["buyer"], location, [(variant, 60)])
    business.payment_terms = "cbd"
    db.session.commit()

    with pytest.raises(InvalidRequest):
        decide_purchase(approval_of(checkout.id), actor=members["approver"], approve=True)
    db.session.rollback()

    assert {o.status for o in db.session.get(type(checkout), checkout.id).orders} == {
        OrderStatus.AWAITING_APPROVAL
    }


def test_sellers_do_not_see_purchases_waiting_for_approval(app):
    business, members, location = make_business_account(threshold_idr=100_000)
    store = make_supplier()
    variant = make_wholesale_item(store)
    checkout = purchase(business, members["buyer"], location, [(variant, 60)])
    order = checkout.orders[0]

    assert page_store_orders(store.id, status_filter=None, page=1).total == 0
    assert get_store_order(store.id, order.number) is None

    decide_purchase(approval_of(checkout.id), actor=members["approver"], approve=True)
    db.session.commit()

    assert page_store_orders(store.id, status_filter=None, page=1).total == 1


def test_a_rejected_purchase_from_a_quote_opens_the_request_again(app):
    business, members, location = make_business_account(threshold_idr=100_000)
    first, first_owner = make_quoting_store("Roti Satu")
    second, second_owner = make_quoting_store("Roti Dua")
    rfq = ask(business, members["buyer"], location, [first, second])
    one = give_quote(rfq, first, first_owner, make_wholesale_item(first))
    two = give_quote(rfq, second, second_owner, make_wholesale_item(second))
    checkout = rfqs.accept_quote(rfq, one, actor=members["buyer"], idempotency_key=new_key())
    db.session.commit()
    assert checkout.status == "awaiting_approval"

    decide_purchase(
        approval_of(checkout.id), actor=members["approver"], approve=False, note="Terlalu mahal"
    )
    db.session.commit()

    assert rfq.status == RfqStatus.OPEN
    assert one.status == QuoteStatus.SUBMITTED and one.order_id is None
    assert two.status == QuoteStatus.SUBMITTED
    again = rfqs.accept_quote(rfq, two, actor=members["buyer"], idempotency_key=new_key())
    db.session.commit()
    assert again.orders[0].lines[0].unit_price_idr == two.unit_price_idr


def test_the_owner_who_raised_a_standing_order_cannot_approve_the_raise(app):
    business, members, location = make_business_account(threshold_idr=2_000_000)
    store, _owner = seller()
    variant = make_wholesale_item(store, lead_time_days=1)
    standing = make_standing(business, members["buyer"], location, [(variant, 10)])
    assert standing.approved_at is not None

    update_standing_order(
        standing,
        actor=members["owner"],
        data=standing_input(location, [(variant, 500)]),
        today=MONDAY,
    )
    db.session.commit()

    with pytest.raises(SelfApproval):
        decide_standing_order(standing, actor=members["owner"], approve=True)
    db.session.rollback()
    decide_standing_order(
        db.session.get(StandingOrder, standing.id), actor=members["approver"], approve=True
    )
    db.session.commit()
    assert db.session.get(StandingOrder, standing.id).status == "active"


def test_a_standing_week_dearer_than_approved_waits_for_an_approver(app):
    from marketplace.wholesale.standing import run_standing_orders

    business, members, location = make_business_account(threshold_idr=1_000_000)
    store, _owner = seller()
    variant = make_wholesale_item(store, lead_time_days=1)
    standing = make_standing(business, members["buyer"], location, [(variant, 200)])
    decide_standing_order(standing, actor=members["approver"], approve=True)
    db.session.commit()
    approved_total = standing.approved_total_idr
    assert approved_total and approved_total > 1_000_000
    # The seller raises prices after the approval.
    for tier in db.session.scalars(select(WholesaleTier)):
        tier.unit_price_idr *= 2
    db.session.commit()

    run_standing_orders(today=MONDAY)

    orders = db.session.scalars(select(Order).where(Order.business_id == business.id)).all()
    assert [o.status for o in orders] == [OrderStatus.AWAITING_APPROVAL]
    assert orders[0].total_idr > approved_total


@pytest.mark.postgresql_only
def test_two_businesses_cannot_overbook_a_weeks_capacity(app: Flask):
    store = make_supplier()
    variant = make_wholesale_item(store, lead_time_days=3, weekly_capacity=100)
    buyers = []
    for _ in range(2):
        business, members, location = make_business_account()
        buyers.append((business.id, members["buyer"].id, location.id))
    barrier = threading.Barrier(len(buyers), timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(business_id: int, user_id: int, location_id: int) -> None:
        from marketplace.accounts.models import User

        with app.app_context():
            try:
                barrier.wait()
                purchase(
                    db.session.get(Business, business_id),
                    db.session.get(User, user_id),
                    type("L", (), {"id": location_id})(),
                    [(variant_ref, 60)],
                )
                result = "ok"
            except OrderRowsInvalid:
                db.session.rollback()
                result = "full"
            except Exception as exc:  # reported by the assertion below
                db.session.rollback()
                result = repr(exc)
            with lock:
                outcomes.append(result)

    variant_ref: Any = type("V", (), {"id": variant.id})()
    threads = [threading.Thread(target=attempt, args=b, daemon=True) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) == ["full", "ok"]
    booked = db.session.scalar(
        select(func.sum(OrderLine.quantity)).where(OrderLine.variant_id == variant.id)
    )
    assert booked == 60


def test_a_purchase_still_waiting_after_its_delivery_date_is_cancelled_once(app):
    from datetime import timedelta

    from marketplace.catalog.models import ProductVariant
    from marketplace.wholesale.ordering import expire_waiting_purchases

    business, members, location = make_business_account(threshold_idr=100_000)
    variant = make_wholesale_item(make_supplier(), stock=500)
    checkout = purchase(business, members["buyer"], location, [(variant, 60)])
    order = checkout.orders[0]
    after = order.requested_delivery_on + timedelta(days=1)

    assert expire_waiting_purchases(today=order.requested_delivery_on) == 0
    first = app.test_cli_runner().invoke(
        args=["wholesale", "expire-approvals", "--date", after.isoformat()]
    )
    second = expire_waiting_purchases(today=after)

    assert "expired 1" in first.output and second == 0
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.CANCELLED
    assert db.session.get(ProductVariant, variant.id).stock == 500
    assert approval_of(checkout.id).status == "rejected"


def test_another_store_cannot_quote_through_the_service(app):
    from marketplace.wholesale.errors import NotAllowed

    business, members, location = make_business_account()
    invited, _owner = make_quoting_store("Roti Diundang")
    _other, stranger = make_quoting_store("Roti Lain")
    rfq = ask(business, members["buyer"], location, [invited])
    invite = rfqs.get_store_invite(invited.id, rfq.id)

    with pytest.raises(NotAllowed):
        rfqs.decline_invite(invite, actor=stranger, reason="Bukan urusan saya")
