"""An order's life: only the transitions of ORDER_TRANSITIONS, each with its event; unpaid
checkouts expire and give their stock back once; payment is recorded once; completion credits
the seller's ledger once, net of the platform's commission."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.errors import IllegalTransition
from marketplace.orders.models import (
    ORDER_TRANSITIONS,
    Checkout,
    CheckoutStatus,
    LedgerEntry,
    Order,
    OrderEvent,
    OrderStatus,
)
from marketplace.orders.services import (
    complete_order,
    expire_checkouts,
    mark_checkout_paid,
    transition,
)
from marketplace.payments.models import Payment, PaymentStatus
from tests.factories import make_category, make_user
from tests.orders.helpers import (
    buy,
    make_buyer,
    make_item,
    make_order_row,
    make_seller_store,
    place,
    put_in_cart,
    stock_of,
)

pytestmark = pytest.mark.usefixtures("app")

STATUSES = list(OrderStatus)
PAIRS = list(itertools.product(STATUSES, STATUSES))


def status_in_db(order: Order) -> str:
    return db.session.execute(select(Order.status).where(Order.id == order.id)).scalar_one()


def events_of(order: Order) -> list[tuple[int | None, str | None, str]]:
    rows = db.session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id)
    )
    return [(e.actor_user_id, e.from_status, e.to_status) for e in rows]


def set_expires_at(checkout: Checkout, when) -> None:
    db.session.execute(
        Checkout.__table__.update().where(Checkout.id == checkout.id).values(expires_at=when)
    )
    db.session.commit()


# -- Transitions -------------------------------------------------------------------------------


def test_the_transition_table_names_every_status():
    assert set(ORDER_TRANSITIONS) == set(OrderStatus)
    assert all(targets <= set(OrderStatus) for targets in ORDER_TRANSITIONS.values())


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_a_transition_is_allowed_exactly_when_the_table_says_so(from_status, to_status):
    seller = make_user(name="Pak Darmo")
    buyer = make_user()
    order = make_order_row(buyer, make_seller_store(), status=from_status)

    if to_status in ORDER_TRANSITIONS[from_status]:
        transition(order, to_status, actor=seller, note="diubah oleh penjual")
        db.session.commit()
        db.session.expire_all()
        assert status_in_db(order) == to_status
        assert events_of(order) == [(seller.id, from_status, to_status)]
        stamp = {
            OrderStatus.PAID: "paid_at",
            OrderStatus.SHIPPED: "shipped_at",
            OrderStatus.DELIVERED: "delivered_at",
            OrderStatus.COMPLETED: "completed_at",
        }.get(to_status)
        if stamp:
            assert getattr(db.session.get(Order, order.id), stamp) is not None
    else:
        with pytest.raises(IllegalTransition) as refused:
            transition(order, to_status, actor=seller)
        db.session.rollback()
        assert refused.value.data["from_status"] == from_status
        assert refused.value.data["to_status"] == to_status
        assert status_in_db(order) == from_status
        assert events_of(order) == []


def test_a_transition_by_the_platform_records_no_actor():
    order = make_order_row(make_user(), make_seller_store(), status=OrderStatus.SHIPPED)

    transition(order, OrderStatus.DELIVERED, actor=None, note="kurir: diterima")
    db.session.commit()

    event = db.session.scalar(select(OrderEvent).where(OrderEvent.order_id == order.id))
    assert (event.actor_user_id, event.from_status, event.to_status, event.note) == (
        None,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
        "kurir: diterima",
    )


def test_a_status_changed_underneath_makes_the_transition_fail_cleanly():
    seller = make_user()
    order = make_order_row(make_user(), make_seller_store(), status=OrderStatus.PAID)
    assert order.status == OrderStatus.PAID  # what this request read
    db.session.commit()
    # Meanwhile another request (its own connection) cancels the order.
    with db.engine.begin() as other:
        other.execute(
            text("UPDATE orders SET status = 'cancelled' WHERE id = :id"), {"id": order.id}
        )

    with pytest.raises(IllegalTransition) as refused:
        transition(order, OrderStatus.PROCESSING, actor=seller)
    db.session.rollback()

    assert refused.value.data.get("changed") is True
    assert status_in_db(order) == OrderStatus.CANCELLED
    assert events_of(order) == []


# -- Expiry ------------------------------------------------------------------------------------


def test_expiry_releases_only_unpaid_checkouts_past_their_window_and_only_once():
    store = make_seller_store("Camilan Bu Sri Demak")
    tempe = make_item(store, "Keripik Tempe Pedas 250 g", stock=10)
    emping = make_item(store, "Emping Melinjo Manis 500 g", stock=10)
    late_buyer, late_address = make_buyer()
    late = buy(late_buyer, late_address, tempe, 3)
    on_time_buyer, on_time_address = make_buyer()
    on_time = buy(on_time_buyer, on_time_address, tempe, 2)
    paid_buyer, paid_address = make_buyer()
    paid = buy(paid_buyer, paid_address, emping, 4)
    mark_checkout_paid(paid, actor=None)
    db.session.commit()
    set_expires_at(late, utcnow() - timedelta(minutes=1))
    set_expires_at(paid, utcnow() - timedelta(minutes=1))
    assert (stock_of(tempe), stock_of(emping)) == (5, 6)

    first = expire_checkouts()
    second = expire_checkouts()

    assert (first, second) == (1, 0)
    assert (stock_of(tempe), stock_of(emping)) == (8, 6)
    db.session.expire_all()
    statuses = {c.id: c.status for c in db.session.scalars(select(Checkout))}
    assert statuses == {
        late.id: CheckoutStatus.EXPIRED,
        on_time.id: CheckoutStatus.PENDING_PAYMENT,
        paid.id: CheckoutStatus.PAID,
    }
    late_order = db.session.scalar(select(Order).where(Order.checkout_id == late.id))
    assert late_order.status == OrderStatus.EXPIRED
    assert events_of(late_order) == [
        (late_buyer.id, None, OrderStatus.PENDING_PAYMENT),
        (None, OrderStatus.PENDING_PAYMENT, OrderStatus.EXPIRED),
    ]
    on_time_order = db.session.scalar(select(Order).where(Order.checkout_id == on_time.id))
    assert on_time_order.status == OrderStatus.PENDING_PAYMENT


def test_expiry_cancels_the_pending_payment_of_the_checkout():
    buyer, address = make_buyer()
    checkout = buy(buyer, address, make_item(make_seller_store(), "Wajik Klethik Blora"), 1)
    db.session.add(
        Payment(
            checkout_id=checkout.id,
            provider="bank_transfer",
            status=PaymentStatus.PENDING,
            amount_idr=checkout.amount_due_idr,
        )
    )
    db.session.commit()
    set_expires_at(checkout, utcnow() - timedelta(seconds=1))

    assert expire_checkouts() == 1

    assert db.session.scalar(select(Payment.status)) == PaymentStatus.CANCELLED


def test_the_expire_command_expires_past_window_checkouts(app):
    buyer, address = make_buyer()
    jenang = make_item(make_seller_store(), "Jenang Kudus Original 500 g", stock=10)
    checkout = buy(buyer, address, jenang, 4)
    set_expires_at(checkout, utcnow() - timedelta(hours=1))
    assert stock_of(jenang) == 6

    result = app.test_cli_runner().invoke(args=["orders", "expire"])
    again = app.test_cli_runner().invoke(args=["orders", "expire"])

    assert result.exit_code == 0, result.output
    assert "Expired 1 checkouts." in result.output
    assert "Expired 0 checkouts." in again.output
    assert stock_of(jenang) == 10
    db.session.expire_all()
    assert db.session.get(Checkout, checkout.id).status == CheckoutStatus.EXPIRED


# -- Payment -----------------------------------------------------------------------------------


def test_marking_a_checkout_paid_pays_every_order_once():
    buyer, address = make_buyer()
    admin = make_user(is_admin=True)
    store_a, store_b = make_seller_store(), make_seller_store()
    put_in_cart(buyer, make_item(store_a, "Sirup Kawista Rembang 600 ml"), 2)
    put_in_cart(buyer, make_item(store_b, "Kecap Manis Cap Bango Lokal"), 1)
    checkout = place(buyer, address)

    first = mark_checkout_paid(checkout, actor=admin, note="transfer cocok")
    db.session.commit()
    second = mark_checkout_paid(checkout, actor=admin)
    db.session.commit()

    assert (first, second) == (True, False)
    db.session.expire_all()
    assert db.session.get(Checkout, checkout.id).paid_at is not None
    orders = db.session.scalars(select(Order).where(Order.checkout_id == checkout.id)).all()
    assert len(orders) == 2
    for order in orders:
        assert order.status == OrderStatus.PAID and order.paid_at is not None
        assert events_of(order) == [
            (buyer.id, None, OrderStatus.PENDING_PAYMENT),
            (admin.id, OrderStatus.PENDING_PAYMENT, OrderStatus.PAID),
        ]


def test_an_expired_checkout_cannot_be_marked_paid():
    buyer, address = make_buyer()
    lumpia = make_item(make_seller_store(), "Lumpia Semarang Frozen isi 10", stock=10)
    checkout = buy(buyer, address, lumpia, 2)
    set_expires_at(checkout, utcnow() - timedelta(minutes=5))
    assert expire_checkouts() == 1

    with pytest.raises(IllegalTransition):
        mark_checkout_paid(checkout, actor=None)
    db.session.rollback()

    db.session.expire_all()
    assert db.session.get(Checkout, checkout.id).status == CheckoutStatus.EXPIRED
    order = db.session.scalar(select(Order))
    assert order.status == OrderStatus.EXPIRED and order.paid_at is None
    assert stock_of(lumpia) == 10


# -- Completion and the ledger -----------------------------------------------------------------


def ledger_sum() -> int:
    return db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount_idr), 0)))


def test_completing_an_order_credits_total_minus_the_default_commission():
    store = make_seller_store()
    order = make_order_row(
        make_user(), store, status=OrderStatus.SHIPPED, goods_idr=150_000, shipping_idr=22_000
    )

    complete_order(order, actor=None)
    db.session.commit()

    entries = db.session.scalars(select(LedgerEntry)).all()
    commission = 172_000 * 500 // 10_000  # 5 %
    assert [(e.store_id, e.order_id, e.kind, e.amount_idr) for e in entries] == [
        (store.id, order.id, "sale", 172_000 - commission)
    ]
    db.session.expire_all()
    completed = db.session.get(Order, order.id)
    assert completed.status == OrderStatus.COMPLETED and completed.completed_at is not None
    assert completed.commission_idr == commission == 8_600


def test_a_category_rate_overrides_the_default_commission(app, monkeypatch):
    monkeypatch.setitem(app.config, "ORDER_COMMISSION_BPS", {"default": 500, "batik": 300})
    batik = make_category(name="Batik", slug="batik")
    order = make_order_row(
        make_user(),
        make_seller_store(),
        status=OrderStatus.DELIVERED,
        goods_idr=185_000,
        shipping_idr=15_000,
        category=batik,
    )

    complete_order(order, actor=None)
    db.session.commit()

    assert db.session.scalar(select(LedgerEntry.amount_idr)) == 200_000 - 6_000  # 3 %
    assert db.session.get(Order, order.id).commission_idr == 6_000


def test_a_parent_category_rate_covers_its_subcategories(app, monkeypatch):
    monkeypatch.setitem(app.config, "ORDER_COMMISSION_BPS", {"default": 500, "kuliner": 250})
    kuliner = make_category(name="Kuliner", slug="kuliner")
    keripik = make_category(name="Keripik & camilan", slug="keripik-camilan", parent_id=kuliner.id)
    order = make_order_row(
        make_user(),
        make_seller_store(),
        status=OrderStatus.SHIPPED,
        goods_idr=80_000,
        shipping_idr=20_000,
        category=keripik,
    )

    complete_order(order, actor=None)
    db.session.commit()

    assert db.session.scalar(select(LedgerEntry.amount_idr)) == 100_000 - 2_500


def test_a_second_completion_is_refused_and_the_ledger_sums_the_completed_nets():
    store = make_seller_store()
    buyer = make_user()
    orders = [
        make_order_row(buyer, store, status=OrderStatus.SHIPPED, goods_idr=goods)
        for goods in (45_000, 120_000, 99_999)
    ]
    open_order = make_order_row(buyer, store, status=OrderStatus.PROCESSING)
    for order in orders:
        complete_order(order, actor=buyer, note="pesanan diterima")
        db.session.commit()

    with pytest.raises(IllegalTransition):
        complete_order(orders[0], actor=buyer)
    db.session.rollback()
    with pytest.raises(IllegalTransition):
        complete_order(open_order, actor=buyer)
    db.session.rollback()

    db.session.expire_all()
    completed = db.session.scalars(
        select(Order).where(Order.status == OrderStatus.COMPLETED).order_by(Order.id)
    ).all()
    assert [o.id for o in completed] == [o.id for o in orders]
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 3
    assert ledger_sum() == sum(o.total_idr - o.commission_idr for o in completed)
    assert ledger_sum() == sum(o.total_idr - o.total_idr * 500 // 10_000 for o in completed)


def test_completing_again_after_a_rejected_refund_credits_the_seller_only_once():
    # completed -> refund_requested -> completed is in ORDER_TRANSITIONS (the refund was
    # rejected); complete_order promises to credit the seller once.
    store = make_seller_store()
    order = make_order_row(make_user(), store, status=OrderStatus.SHIPPED, goods_idr=60_000)
    complete_order(order, actor=None)
    db.session.commit()
    net = ledger_sum()
    transition(order, OrderStatus.REFUND_REQUESTED, actor=None, note="barang rusak")
    db.session.commit()

    complete_order(order, actor=None, note="pengajuan refund ditolak")
    db.session.commit()

    assert status_in_db(order) == OrderStatus.COMPLETED
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 1
    assert ledger_sum() == net


def test_a_seller_cannot_cancel_an_order_that_is_not_paid_yet():
    from marketplace.orders.fulfilment import cancel_by_seller

    buyer, address = make_buyer()
    seller = make_user(name="Bu Sri")
    store = make_seller_store(owner=seller)
    checkout = buy(buyer, address, make_item(store, "Keripik Tempe Sagu"))
    order = checkout.orders[0]

    with pytest.raises(IllegalTransition):
        cancel_by_seller(order, actor=seller, reason="Stok tidak cukup")
    db.session.rollback()

    db.session.refresh(order)
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_a_payment_never_lands_half_on_a_checkout():
    # Given a two-store checkout one of whose orders is no longer waiting for the payment
    buyer, address = make_buyer()
    first = make_item(make_seller_store(), "Keripik Tempe Sagu")
    second = make_item(make_seller_store(), "Sambal Bawang Bu Rina")
    put_in_cart(buyer, first)
    put_in_cart(buyer, second)
    checkout = place(buyer, address)
    db.session.execute(
        update(Order).where(Order.id == checkout.orders[1].id).values(status="cancelled")
    )
    db.session.commit()
    db.session.expire_all()

    # When the payment arrives
    with pytest.raises(IllegalTransition):
        mark_checkout_paid(checkout, actor=None)
    db.session.rollback()

    # Then nothing changed: the caller refunds the whole payment
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert [o.status for o in checkout.orders] == ["pending_payment", "cancelled"]
