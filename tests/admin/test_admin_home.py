"""Admin home: one card per back-office queue with its count and the oldest item's age, counted
in one query, for admins only."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

# Routes join the admin blueprint on import (before the session's app registers it).
from marketplace.accounts.models import User
from marketplace.admin.dashboard import QueueCount, count_queues, get_queue_counts
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus, Refund, RefundStatus
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.wholesale.invoices import wib_today
from marketplace.wholesale.models import Business, Invoice, InvoiceStatus
from tests.factories import make_business, make_user
from tests.orders.helpers import make_buyer, make_order_row, make_seller_store

pytestmark = pytest.mark.usefixtures("app")

HOME = "/admin/ringkasan"
CORE = (
    "stores",
    "businesses",
    "transfer_proofs",
    "refunds",
    "refund_transfers",
    "overdue_invoices",
)


def _store_awaiting(days_ago: int, **kw: Any) -> None:
    make_seller_store(status="draft", review_requested_at=utcnow() - timedelta(days=days_ago), **kw)


def _proof(
    order: Order, *, status: str = PaymentStatus.PROOF_SUBMITTED, hours_ago: int = 5
) -> None:
    db.session.add(
        Payment(
            checkout_id=order.checkout_id,
            provider="bank_transfer",
            status=status,
            amount_idr=order.total_idr,
            proof_key="proofs/x.webp",
            proof_uploaded_at=utcnow() - timedelta(hours=hours_ago),
        )
    )
    db.session.commit()


def _refund(order: Order, buyer: User, *, status: str = RefundStatus.REQUESTED, **kw: Any) -> None:
    db.session.add(
        Refund(
            order_id=order.id,
            requested_by_id=buyer.id,
            status=status,
            reason="Kain luntur setelah dicuci sekali.",
            amount_idr=order.total_idr,
            **kw,
        )
    )
    db.session.commit()


def _invoice(order: Order, business: Business, *, due_on: date, status: str) -> None:
    db.session.add(
        Invoice(
            number=f"INV/2026/{order.store_id:04d}/{order.id:06d}",
            store_id=order.store_id,
            year=2026,
            sequence=order.id,
            business_id=business.id,
            order_id=order.id,
            status=status,
            issued_on=due_on - timedelta(days=14),
            due_on=due_on,
            payment_terms="net14",
            seller_name="Toko Bolu",
            seller_address="Demak",
            seller_is_pkp=False,
            buyer_name=business.legal_name,
            buyer_address="Medan",
            delivery_address="Medan",
            subtotal_idr=order.total_idr,
            dpp_idr=0,
            tax_idr=0,
            total_idr=order.total_idr,
        )
    )
    db.session.commit()


def _fixture() -> None:
    """2 stores awaiting approval, 1 business awaiting verification, 1 transfer proof under
    review, 1 refund waiting for a decision, 1 overdue invoice; and rows of each kind that
    wait for nothing."""
    _store_awaiting(3)
    _store_awaiting(1)
    make_seller_store(status="live", review_requested_at=utcnow(), approved_at=utcnow())
    make_seller_store(status="draft")  # never asked for a review
    make_business(status="pending")
    make_business(status="verified")
    make_business(status="rejected")
    buyer, _ = make_buyer()
    store = make_seller_store()
    _proof(make_order_row(buyer, store), hours_ago=30)
    _proof(make_order_row(buyer, store), status=PaymentStatus.SUCCEEDED)
    _proof(make_order_row(buyer, store), status=PaymentStatus.PENDING)
    _refund(make_order_row(buyer, store, status=OrderStatus.REFUND_REQUESTED), buyer)
    _refund(
        make_order_row(buyer, store, status=OrderStatus.DELIVERED),
        buyer,
        status=RefundStatus.REJECTED,
        decided_at=utcnow(),
    )
    business = make_business()
    today = wib_today()
    _invoice(
        make_order_row(buyer, store, status=OrderStatus.SHIPPED),
        business,
        due_on=today - timedelta(days=4),
        status=InvoiceStatus.ISSUED,
    )
    _invoice(
        make_order_row(buyer, store, status=OrderStatus.SHIPPED),
        business,
        due_on=today + timedelta(days=4),
        status=InvoiceStatus.ISSUED,
    )
    _invoice(
        make_order_row(buyer, store, status=OrderStatus.COMPLETED),
        business,
        due_on=today - timedelta(days=9),
        status=InvoiceStatus.PAID,
    )


def _by_key(queues: list[QueueCount]) -> dict[str, QueueCount]:
    return {q.key: q for q in queues}


def _card_count(html: str, key: str) -> int:
    match = re.search(rf'id="queue-{key}".*?data-count="(\d+)"', html, re.S)
    assert match, f"no card for {key}"
    return int(match.group(1))


def test_counts_each_queue_and_nothing_else() -> None:
    # given
    _fixture()
    # when
    queues = _by_key(get_queue_counts(today=wib_today()))
    assert all(q.count == 0 for k, q in queues.items() if k not in CORE)
    # then: the core queues (optional ones, when installed, are empty here)
    assert {k: q.count for k, q in queues.items() if k in CORE} == {
        "stores": 2,
        "businesses": 1,
        "transfer_proofs": 1,
        "refunds": 1,
        "refund_transfers": 0,
        "overdue_invoices": 1,
    }


def test_oldest_item_age_per_queue() -> None:
    # given
    _fixture()
    now, today = utcnow(), wib_today()
    # when
    queues = _by_key(get_queue_counts(today=today))
    # then: the older of the two stores (3 days), the proof of 30 hours, the invoice 4 days due
    assert queues["stores"].waiting(now=now, today=today)[0] == 3
    assert queues["transfer_proofs"].waiting(now=now, today=today) == (1, 30)
    assert queues["overdue_invoices"].waiting(now=now, today=today) == (4, 96)
    assert queues["refund_transfers"].waiting(now=now, today=today) is None


def test_accepted_refund_without_transfer_reference_waits_for_a_transfer() -> None:
    # given
    buyer, _ = make_buyer()
    order = make_order_row(buyer, make_seller_store(), status=OrderStatus.REFUNDED)
    _refund(order, buyer, status=RefundStatus.ACCEPTED, decided_at=utcnow())
    other = make_order_row(buyer, make_seller_store(), status=OrderStatus.REFUNDED)
    _refund(other, buyer, status=RefundStatus.ACCEPTED, decided_at=utcnow(), provider_ref="TRF1")
    # when
    queues = _by_key(get_queue_counts(today=wib_today()))
    # then
    assert queues["refund_transfers"].count == 1
    assert queues["refunds"].count == 0


def test_counts_take_one_query_whatever_the_rows(count_queries: Any) -> None:
    # given
    with count_queries() as empty:
        get_queue_counts(today=wib_today())
    _fixture()
    _fixture()
    # when
    with count_queries() as full:
        queues = get_queue_counts(today=wib_today())
    # then
    assert empty.count == full.count == 1
    assert _by_key(queues)["stores"].count == 4


def test_count_queues_of_no_queue_sends_no_query(count_queries: Any) -> None:
    with count_queries() as counter:
        assert count_queues([]) == []
    assert counter.count == 0


def test_home_page_shows_each_card_with_count_and_link(client: Any, login_as: Any) -> None:
    # given
    _fixture()
    login_as(make_user(is_admin=True))
    # when
    response = client.get(HOME)
    # then
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _card_count(html, "stores") == 2
    assert _card_count(html, "businesses") == 1
    assert _card_count(html, "transfer_proofs") == 1
    assert _card_count(html, "refunds") == 1
    assert _card_count(html, "overdue_invoices") == 1
    for url in ("/admin/toko", "/admin/usaha", "/admin/pembayaran", "/admin/pengembalian"):
        assert f'href="{url}"' in html
    assert "Terlama menunggu 3 hari" in html
    assert "Terlama lewat 4 hari" in html
    assert 'action="/admin/cari"' in html


def test_home_page_query_count_does_not_grow_with_rows(
    client: Any, login_as: Any, count_queries: Any
) -> None:
    # given
    login_as(make_user(is_admin=True))
    with count_queries() as empty:
        assert client.get(HOME).status_code == 200
    _fixture()
    _fixture()
    # when
    with count_queries() as full:
        assert client.get(HOME).status_code == 200
    # then
    assert full.count == empty.count


def test_home_page_forbidden_to_non_admins(client: Any, login_as: Any) -> None:
    # given: a seller and business member, but no admin
    user = make_user()
    make_seller_store(owner=user)
    login_as(user)
    # when / then
    assert client.get(HOME).status_code == 403


def test_home_page_sends_anonymous_visitors_to_login(client: Any) -> None:
    response = client.get(HOME)
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


# -- Content reports, bank accounts, payouts -----------------------------------------------------


def test_open_content_reports_are_counted() -> None:
    # given
    from marketplace.admin.models import ContentReport
    from tests.factories import make_category, make_product

    store = make_seller_store()
    product = make_product(store, make_category())
    for status in ("open", "open", "dismissed"):
        db.session.add(
            ContentReport(
                reporter_id=make_user().id, product_id=product.id, category="other", status=status
            )
        )
    db.session.commit()
    # when
    queues = _by_key(get_queue_counts(today=wib_today()))
    # then
    assert queues["content_reports"].count == 2


def test_pending_bank_accounts_and_proposed_payouts_are_counted(client: Any, login_as: Any) -> None:
    # given
    from marketplace.payouts.models import Payout, PayoutRun, StoreBankAccount

    run = PayoutRun(period="2026-01", cutoff_at=utcnow(), minimum_idr=50_000)
    db.session.add(run)
    for n, (account_status, payout_status) in enumerate(
        [("pending", "proposed"), ("verified", "proposed"), ("rejected", "paid")]
    ):
        store = make_seller_store()
        db.session.add(
            StoreBankAccount(
                store_id=store.id,
                bank_code="014",
                account_number=f"12345678{n}",
                holder_name="Sri Rahayu",
                status=account_status,
            )
        )
        db.session.add(
            Payout(
                run=run,
                store_id=store.id,
                period="2026-01",
                amount_idr=100_000,
                status=payout_status,
                bank_code="014",
                account_number=f"12345678{n}",
                holder_name="Sri Rahayu",
            )
        )
    db.session.commit()
    login_as(make_user(is_admin=True))
    # when
    html = client.get(HOME).get_data(as_text=True)
    # then
    assert _card_count(html, "bank_accounts") == 1
    assert _card_count(html, "payouts") == 2
    assert 'href="/admin/rekening?status=pending"' in html
    assert 'href="/admin/pencairan?status=proposed"' in html
