"""Placing wholesale purchases: approval threshold and four eyes, credit limit, roles and
verification, idempotency, saved lists."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.orders.models import Checkout, CheckoutStatus, Order, OrderStatus
from marketplace.payments.base import get_payment
from marketplace.wholesale.errors import (
    ApprovalClosed,
    CreditLimitExceeded,
    InvalidRequest,
    NotAllowed,
    NotVerified,
    OrderRowsInvalid,
    SelfApproval,
)
from marketplace.wholesale.models import ApprovalStatus, OrderList, PurchaseApproval
from marketplace.wholesale.order_lists import (
    create_order_list,
    delete_order_list,
    list_rows,
    update_order_list,
)
from marketplace.wholesale.ordering import cancel_waiting_purchase, decide_purchase, open_balance
from marketplace.wholesale.quick_order import RowInput, build_preview
from tests.orders.helpers import count, stock_of
from tests.wholesale.helpers import (
    delivery_in,
    make_business_account,
    make_supplier,
    make_wholesale_item,
    purchase,
)

pytestmark = pytest.mark.usefixtures("app")


def approval_of(checkout: Checkout) -> PurchaseApproval:
    return db.session.query(PurchaseApproval).filter_by(checkout_id=checkout.id).one()


def statuses(checkout: Checkout) -> list[str]:
    db.session.expire_all()
    return [o.status for o in db.session.get(Checkout, checkout.id).orders]


# -- Approval threshold ------------------------------------------------------------------------


def test_a_purchase_within_the_threshold_goes_straight_to_the_sellers(outbox):
    business, members, outlet = make_business_account(threshold_idr=5_000_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])

    assert checkout.status == CheckoutStatus.ON_TERMS
    assert statuses(checkout) == [OrderStatus.CONFIRMED]
    assert count(PurchaseApproval) == 0


def test_a_purchase_above_the_threshold_waits_and_an_approver_confirms_it():
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])

    assert checkout.status == CheckoutStatus.AWAITING_APPROVAL
    assert statuses(checkout) == [OrderStatus.AWAITING_APPROVAL]
    approval = approval_of(checkout)
    assert approval.status == ApprovalStatus.PENDING
    assert approval.requested_by_id == members["buyer"].id

    decide_purchase(approval, actor=members["approver"], approve=True)
    db.session.commit()

    assert statuses(checkout) == [OrderStatus.CONFIRMED]
    assert approval_of(checkout).decided_by_id == members["approver"].id


def test_a_rejected_purchase_is_cancelled_and_its_stock_comes_back():
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar", stock=500)
    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])
    assert stock_of(bread) == 450

    decide_purchase(
        approval_of(checkout), actor=members["approver"], approve=False, note="Stok gudang cukup"
    )
    db.session.commit()

    assert statuses(checkout) == [OrderStatus.CANCELLED]
    assert stock_of(bread) == 500
    assert approval_of(checkout).note == "Stok gudang cukup"
    assert db.session.get(Checkout, checkout.id).status == CheckoutStatus.CANCELLED


def test_a_rejection_needs_a_reason():
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])

    with pytest.raises(InvalidRequest):
        decide_purchase(approval_of(checkout), actor=members["approver"], approve=False, note="")

    db.session.rollback()
    assert approval_of(checkout).status == ApprovalStatus.PENDING


def test_the_person_who_placed_a_purchase_cannot_approve_it():
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    checkout = purchase(business, members["owner"], outlet, [(bread, 50)])

    with pytest.raises(SelfApproval):
        decide_purchase(approval_of(checkout), actor=members["owner"], approve=True)

    db.session.rollback()
    assert statuses(checkout) == [OrderStatus.AWAITING_APPROVAL]


@pytest.mark.parametrize("role", ["buyer", "finance"])
def test_members_without_the_approve_role_cannot_decide(role):
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    checkout = purchase(business, members["owner"], outlet, [(bread, 50)])

    with pytest.raises(NotAllowed):
        decide_purchase(approval_of(checkout), actor=members[role], approve=True)

    db.session.rollback()
    assert statuses(checkout) == [OrderStatus.AWAITING_APPROVAL]


def test_an_approver_of_another_business_cannot_decide():
    business, members, outlet = make_business_account(threshold_idr=100_000)
    _other, strangers, _outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])

    with pytest.raises(NotAllowed):
        decide_purchase(approval_of(checkout), actor=strangers["approver"], approve=True)

    db.session.rollback()
    assert statuses(checkout) == [OrderStatus.AWAITING_APPROVAL]


def test_a_decided_purchase_cannot_be_decided_again():
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])
    decide_purchase(approval_of(checkout), actor=members["approver"], approve=True)
    db.session.commit()

    with pytest.raises(ApprovalClosed):
        decide_purchase(approval_of(checkout), actor=members["owner"], approve=False, note="Batal")

    db.session.rollback()
    assert statuses(checkout) == [OrderStatus.CONFIRMED]


def test_the_placer_can_withdraw_a_waiting_purchase_and_no_one_else_can():
    business, members, outlet = make_business_account(threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar", stock=500)
    checkout = purchase(business, members["buyer"], outlet, [(bread, 50)])

    with pytest.raises(NotAllowed):
        cancel_waiting_purchase(approval_of(checkout), actor=members["owner"])
    db.session.rollback()
    cancel_waiting_purchase(approval_of(checkout), actor=members["buyer"])
    db.session.commit()

    assert statuses(checkout) == [OrderStatus.CANCELLED]
    assert stock_of(bread) == 500


def test_an_approved_upfront_purchase_waits_for_its_payment_on_the_pay_page():
    business, members, outlet = make_business_account(terms="cbd", threshold_idr=100_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    checkout = purchase(
        business, members["buyer"], outlet, [(bread, 50)], pay_upfront="bank_transfer"
    )
    assert get_payment(checkout) is None

    decide_purchase(approval_of(checkout), actor=members["approver"], approve=True)
    db.session.commit()

    assert statuses(checkout) == [OrderStatus.PENDING_PAYMENT]
    payment = get_payment(db.session.get(Checkout, checkout.id))
    assert payment is not None and payment.amount_idr == checkout.amount_due_idr


# -- Credit limit ------------------------------------------------------------------------------


def test_an_order_on_terms_above_the_credit_limit_is_refused_and_nothing_is_written():
    business, members, outlet = make_business_account(credit_limit_idr=1_000_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar", stock=1_000)
    purchase(business, members["buyer"], outlet, [(bread, 40)])
    balance = open_balance(business.id)

    with pytest.raises(CreditLimitExceeded) as refused:
        purchase(business, members["buyer"], outlet, [(bread, 60)])

    db.session.rollback()
    assert "batas kredit" in str(refused.value.message)
    assert "Rp1.000.000" in str(refused.value.message)
    assert refused.value.data["open_idr"] == balance
    assert count(Checkout) == 1 and count(Order) == 1
    assert stock_of(bread) == 960


def test_paying_upfront_is_not_bound_by_the_credit_limit():
    business, members, outlet = make_business_account(credit_limit_idr=1_000_000)
    bread = make_wholesale_item(make_supplier(), "Roti Tawar", stock=1_000)
    purchase(business, members["buyer"], outlet, [(bread, 40)])
    balance = open_balance(business.id)

    checkout = purchase(
        business, members["buyer"], outlet, [(bread, 60)], pay_upfront="bank_transfer"
    )

    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert get_payment(checkout) is not None
    assert open_balance(business.id) == balance


def test_a_business_on_cash_before_delivery_cannot_buy_on_terms():
    business, members, outlet = make_business_account(terms="cbd")
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    with pytest.raises(InvalidRequest) as refused:
        purchase(business, members["buyer"], outlet, [(bread, 10)])

    assert "transfer bank atau kartu" in str(refused.value.message)


# -- Roles, verification, idempotency ----------------------------------------------------------


def test_an_unverified_business_cannot_order():
    business, members, outlet = make_business_account(status="pending")
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    with pytest.raises(NotVerified):
        purchase(business, members["owner"], outlet, [(bread, 10)])

    db.session.rollback()
    assert count(Checkout) == 0


@pytest.mark.parametrize("role", ["finance", "approver"])
def test_members_without_the_order_role_cannot_order(role):
    business, members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    with pytest.raises(NotAllowed):
        purchase(business, members[role], outlet, [(bread, 10)])

    db.session.rollback()
    assert count(Checkout) == 0


def test_a_location_of_another_business_is_refused():
    business, members, _outlet = make_business_account()
    _other, _strangers, their_outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    with pytest.raises(InvalidRequest):
        purchase(business, members["buyer"], their_outlet, [(bread, 10)])

    db.session.rollback()
    assert count(Checkout) == 0


def test_the_same_key_places_one_checkout():
    business, members, outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    first = purchase(business, members["buyer"], outlet, [(bread, 10)], key="k" * 24)
    again = purchase(business, members["buyer"], outlet, [(bread, 10)], key="k" * 24)

    assert again.id == first.id
    assert count(Checkout) == 1 and count(Order) == 1


def test_the_service_checks_quantities_per_line():
    business, members, outlet = make_business_account()
    store = make_supplier()
    bread = make_wholesale_item(store, "Roti Tawar", min_order_qty=20, tiers=((20, 9_000),))
    cake = make_wholesale_item(store, "Bolu", pack_size=6)

    with pytest.raises(OrderRowsInvalid) as refused:
        purchase(business, members["buyer"], outlet, [(bread, 10), (cake, 12), (cake, 6)])

    problems = {n: str(m) for n, m in refused.value.problems.items()}
    assert "minimum pesanan (20)" in problems[1]
    assert 2 not in problems
    assert "sama dua kali" in problems[3]


# -- Saved lists -------------------------------------------------------------------------------


def row(n: int, sku: str, quantity: int | str, store: str = "") -> RowInput:
    return RowInput(row=n, sku=sku, quantity=str(quantity), store=store)


def test_a_saved_list_is_reordered_at_todays_prices():
    business, members, outlet = make_business_account()
    store = make_supplier()
    bread = make_wholesale_item(store, "Roti Tawar")
    cake = make_wholesale_item(store, "Bolu Pandan")
    weekly = create_order_list(
        business,
        actor=members["buyer"],
        name="  Belanja   Senin ",
        rows=[row(1, bread.sku, 60), row(2, cake.sku, 10), row(3, bread.sku, 40)],
    )
    db.session.commit()
    assert weekly.name == "Belanja Senin"
    assert sorted((i.variant_id, i.quantity) for i in weekly.items) == sorted(
        [(bread.id, 100), (cake.id, 10)]
    )

    rows = list_rows(weekly)
    preview = build_preview(
        business, rows, location=outlet, delivery_on=delivery_in(), pay_upfront=None
    )
    checkout = purchase(
        business,
        members["owner"],
        outlet,
        preview.lines,
        source="list",
    )

    assert [r.store for r in rows] == [store.slug, store.slug]
    lines = {ln.variant_id: (ln.quantity, ln.unit_price_idr) for ln in checkout.orders[0].lines}
    assert lines == {bread.id: (100, 10_500), cake.id: (10, 12_000)}
    assert checkout.orders[0].source == "list"


def test_a_list_with_unknown_skus_is_refused_on_those_rows():
    business, members, _outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    with pytest.raises(OrderRowsInvalid) as refused:
        create_order_list(
            business,
            actor=members["buyer"],
            name="Mingguan",
            rows=[
                row(1, bread.sku, 10),
                row(2, "", ""),
                row(3, "ENTAH", 5),
                row(4, bread.sku, "x"),
            ],
        )

    db.session.rollback()
    assert sorted(refused.value.problems) == [3, 4]
    assert count(OrderList) == 0


def test_a_list_is_renamed_and_its_rows_replaced():
    business, members, _outlet = make_business_account()
    store = make_supplier()
    bread = make_wholesale_item(store, "Roti Tawar")
    cake = make_wholesale_item(store, "Bolu Pandan")
    weekly = create_order_list(
        business, actor=members["buyer"], name="Mingguan", rows=[row(1, bread.sku, 10)]
    )
    db.session.commit()

    update_order_list(
        weekly,
        business=business,
        actor=members["owner"],
        name="Senin",
        rows=[row(1, cake.sku, 12), row(2, bread.sku, 30)],
    )
    db.session.commit()

    db.session.expire_all()
    saved = db.session.get(OrderList, weekly.id)
    assert saved.name == "Senin"
    assert sorted((i.variant_id, i.quantity) for i in saved.items) == sorted(
        [(cake.id, 12), (bread.id, 30)]
    )


def test_a_list_of_another_business_cannot_be_changed_or_deleted():
    business, members, _outlet = make_business_account()
    other, strangers, _outlet2 = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")
    weekly = create_order_list(
        business, actor=members["buyer"], name="Mingguan", rows=[row(1, bread.sku, 10)]
    )
    db.session.commit()

    with pytest.raises(InvalidRequest):
        update_order_list(
            weekly, business=other, actor=strangers["owner"], name="Milik saya", rows=[]
        )
    db.session.rollback()
    with pytest.raises(NotAllowed):
        delete_order_list(weekly, business=business, actor=strangers["owner"])
    db.session.rollback()

    assert db.session.get(OrderList, weekly.id).name == "Mingguan"


def test_finance_members_cannot_keep_order_lists():
    business, members, _outlet = make_business_account()
    bread = make_wholesale_item(make_supplier(), "Roti Tawar")

    with pytest.raises(NotAllowed):
        create_order_list(
            business, actor=members["finance"], name="Mingguan", rows=[row(1, bread.sku, 10)]
        )
