"""Invoices on payment terms: issuing with PPN and snapshots, payments and their states,
voiding, crediting the seller once, reminders, aged receivables."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from marketplace.extensions import db
from marketplace.orders.models import LedgerEntry, LedgerKind, Order, OrderStatus
from marketplace.orders.services import complete_order
from marketplace.stores.models import Store
from marketplace.wholesale.errors import InvalidInvoice
from marketplace.wholesale.invoices import (
    InvoiceTaxMismatch,
    aged_total,
    credit_if_settled,
    issue_invoice,
    list_aged_receivables,
    record_invoice_payment,
    remind_invoices,
    terbilang,
    void_invoice,
    wib_date,
    wib_today,
)
from marketplace.wholesale.models import (
    Invoice,
    InvoicePayment,
    InvoiceReminder,
    InvoiceStatus,
    SupplierProfile,
)
from marketplace.wholesale.ordering import open_balance
from tests.factories import make_user
from tests.wholesale.helpers import make_business_account, make_wholesale_item
from tests.wholesale.invoice_helpers import (
    make_seller,
    place_order,
    set_due,
    ship,
    ship_new_order,
    variant_for_subtotal,
)


@pytest.fixture
def admin(app):
    return make_user(name="Admin Keuangan", is_admin=True)


@pytest.fixture
def hotel(app):
    """(business, members by role, location): a PKP hotel in Medan on net 30."""
    return make_business_account()


@pytest.fixture
def seller(app):
    """(store, owner): a PKP Demak seller."""
    return make_seller(is_pkp=True)


def invoice_for(hotel, seller, **kw):
    business, members, location = hotel
    store, owner = seller
    return ship_new_order(business, members, location, store, owner, **kw)


def sales_of(order: Order) -> list[LedgerEntry]:
    return list(
        db.session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.order_id == order.id, LedgerEntry.kind == LedgerKind.SALE
            )
        )
    )


def pay(invoice, admin, amount, reference="BRI-TRF-0001", paid_on=None):
    record_invoice_payment(
        invoice,
        amount_idr=amount,
        reference=reference,
        paid_on=paid_on or wib_today(),
        actor=admin,
    )
    db.session.commit()
    db.session.refresh(invoice)


# -- Words -----------------------------------------------------------------------------------


def test_terbilang_writes_rupiah_amounts_in_indonesian_words():
    assert terbilang(0) == "nol rupiah"
    assert terbilang(1) == "satu rupiah"
    assert terbilang(11) == "sebelas rupiah"
    assert terbilang(12) == "dua belas rupiah"
    assert terbilang(20) == "dua puluh rupiah"
    assert terbilang(100) == "seratus rupiah"
    assert terbilang(115) == "seratus lima belas rupiah"
    assert terbilang(1_000) == "seribu rupiah"
    assert terbilang(1_001) == "seribu satu rupiah"
    assert terbilang(11_000) == "sebelas ribu rupiah"
    assert terbilang(100_000) == "seratus ribu rupiah"
    assert terbilang(1_200_000) == "satu juta dua ratus ribu rupiah"
    assert terbilang(1_432_316) == (
        "satu juta empat ratus tiga puluh dua ribu tiga ratus enam belas rupiah"
    )
    assert terbilang(2_000_000_000) == "dua miliar rupiah"
    assert terbilang(1_000_000_000_000) == "satu triliun rupiah"
    assert terbilang(1_000_000_000_000_000) == "seribu triliun rupiah"


# -- Issuing ---------------------------------------------------------------------------------


def test_a_pkp_sellers_invoice_charges_ppn_of_11_percent_of_the_subtotal_rounded_down_once(
    hotel, seller
):
    business, members, location = hotel
    store, owner = seller
    variant = variant_for_subtotal(store, location, 1_290_375)

    order, invoice = ship_new_order(
        business, members, location, store, owner, variant=variant, quantity=1
    )

    # By hand: DPP = 11/12 x 1.290.375 = 1.182.843,75 -> 1.182.843;
    # PPN = 12% x 1.182.843,75 = 141.941,25 -> 141.941 (= 11% x 1.290.375, rounded down once).
    assert invoice.subtotal_idr == 1_290_375
    assert invoice.dpp_idr == 1_182_843
    assert invoice.tax_idr == 141_941
    assert invoice.total_idr == 1_432_316
    assert invoice.seller_is_pkp is True
    # The order was priced with the same rule at placement.
    assert (order.tax_idr, order.total_idr) == (141_941, 1_432_316)


def test_a_non_pkp_sellers_invoice_has_no_ppn(hotel):
    order, invoice = invoice_for(hotel, make_seller(is_pkp=False))

    assert invoice.seller_is_pkp is False
    assert invoice.seller_npwp is None
    assert (invoice.dpp_idr, invoice.tax_idr) == (0, 0)
    assert invoice.total_idr == invoice.subtotal_idr == order.total_idr
    assert order.tax_idr == 0


def test_the_invoice_keeps_snapshots_of_both_parties_the_lines_and_delivery(hotel, seller):
    business, _members, location = hotel
    store, _owner = seller

    order, invoice = invoice_for(hotel, seller, quantity=60)

    assert invoice.order_id == order.id
    assert invoice.store_id == store.id and invoice.business_id == business.id
    assert invoice.seller_name == store.name
    assert "Demak" in invoice.seller_address
    assert invoice.seller_npwp == f"{2000000000000000 + store.id}"
    assert invoice.buyer_name == business.legal_name
    assert invoice.buyer_npwp == business.npwp
    assert "Jl. Balai Kota No. 1" in invoice.buyer_address
    assert "Medan" in invoice.buyer_address
    assert location.address_line in invoice.delivery_address
    assert "Bagian Purchasing" in invoice.delivery_address
    goods, delivery = invoice.lines
    assert (goods.description, goods.quantity, goods.unit_price_idr) == (
        "Roti Tawar Gandum",
        60,
        10_500,
    )
    assert goods.line_total_idr == 630_000 == order.goods_idr
    assert delivery.description.startswith("Ongkos kirim")
    assert delivery.line_total_idr == order.shipping_idr > 0
    assert invoice.subtotal_idr == order.goods_idr + order.shipping_idr
    assert invoice.total_idr == order.total_idr
    # Dated by the WIB day it shipped, due after the business's 30 days.
    assert invoice.issued_on == wib_date(order.shipped_at)
    assert invoice.due_on == invoice.issued_on + timedelta(days=30)
    assert invoice.payment_terms == "net30"
    assert invoice.status == InvoiceStatus.ISSUED

    # Later edits never change a past invoice.
    db.session.execute(update(Store).where(Store.id == store.id).values(name="Nama Baru"))
    db.session.commit()
    db.session.refresh(invoice)
    assert invoice.seller_name != "Nama Baru"


def test_the_invoice_is_mailed_to_the_business_owner_and_finance_members(hotel, seller, outbox):
    members = hotel[1]

    _order, invoice = invoice_for(hotel, seller)

    invoice_mail = [m for m in outbox if m["Subject"].startswith("Faktur")]
    assert sorted(m["To"] for m in invoice_mail) == sorted(
        [members["owner"].email, members["finance"].email]
    )
    body = invoice_mail[0].get_payload(decode=True).decode()
    assert invoice.number in body
    assert f"/grosir/faktur/{invoice.id}/buka" in body


def test_issuing_an_invoice_twice_gives_the_same_invoice(hotel, seller):
    order, invoice = invoice_for(hotel, seller)

    again = issue_invoice(order, actor=None)
    db.session.commit()

    assert again.id == invoice.id
    assert db.session.scalar(select(func.count()).select_from(Invoice)) == 1


def test_an_invoice_whose_ppn_differs_from_the_order_is_refused_and_nothing_ships(hotel, seller):
    business, members, location = hotel
    store, owner = seller
    order = place_order(business, members, location, store)
    # The seller stops being PKP after the order was priced with PPN.
    db.session.execute(
        update(SupplierProfile).where(SupplierProfile.store_id == store.id).values(is_pkp=False)
    )
    db.session.commit()

    with pytest.raises(InvoiceTaxMismatch):
        ship(order, owner)
    db.session.rollback()

    db.session.refresh(order)
    assert order.status == OrderStatus.CONFIRMED
    assert db.session.scalar(select(func.count()).select_from(Invoice)) == 0


def test_an_order_paid_upfront_is_invoiced_already_paid(hotel, seller):
    order, invoice = invoice_for(hotel, seller, pay_upfront="bank_transfer")

    assert invoice.status == InvoiceStatus.PAID
    assert invoice.paid_idr == invoice.total_idr == order.total_idr
    assert invoice.balance_idr == 0
    assert invoice.paid_at is not None
    assert invoice.due_on == invoice.issued_on
    assert invoice.payment_terms == "cbd"
    (payment,) = invoice.payments
    assert payment.method == "checkout"
    assert payment.reference == order.checkout.public_id
    assert payment.amount_idr == order.total_idr


def test_the_open_balance_counts_the_invoice_until_it_is_paid(hotel, seller, admin):
    business = hotel[0]
    order = place_order(*hotel, seller[0])
    assert open_balance(business.id) == order.total_idr

    invoice = ship(order, seller[1])
    assert open_balance(business.id) == order.total_idr

    pay(invoice, admin, 100_000)
    assert open_balance(business.id) == order.total_idr - 100_000
    pay(invoice, admin, invoice.balance_idr)
    assert open_balance(business.id) == 0


# -- Payments --------------------------------------------------------------------------------


def test_payments_take_an_invoice_from_issued_to_partially_paid_to_paid(hotel, seller, admin):
    _order, invoice = invoice_for(hotel, seller)
    total = invoice.total_idr

    pay(invoice, admin, 500_000, reference="BRI 8812 0001")
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID
    assert invoice.paid_idr == 500_000 and invoice.balance_idr == total - 500_000
    assert invoice.paid_at is None

    pay(invoice, admin, total - 500_000, reference="BRI 8812 0002")
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.paid_idr == total and invoice.balance_idr == 0
    assert invoice.paid_at is not None
    assert [(p.amount_idr, p.reference, p.recorded_by_id) for p in invoice.payments] == [
        (500_000, "BRI 8812 0001", admin.id),
        (total - 500_000, "BRI 8812 0002", admin.id),
    ]


def test_overpaying_an_invoice_is_refused_and_nothing_changes(hotel, seller, admin):
    _order, invoice = invoice_for(hotel, seller)
    pay(invoice, admin, 100_000)

    with pytest.raises(InvalidInvoice) as refused:
        pay(invoice, admin, invoice.balance_idr + 1)
    db.session.rollback()

    assert refused.value.data["balance_idr"] == invoice.total_idr - 100_000
    db.session.refresh(invoice)
    assert invoice.paid_idr == 100_000
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID
    assert db.session.scalar(select(func.count()).select_from(InvoicePayment)) == 1


@pytest.mark.parametrize(
    ("amount", "reference", "days_ahead"),
    [(0, "BRI-1", 0), (-5, "BRI-1", 0), (1_000, "   ", 0), (1_000, "X" * 81, 0), (1_000, "A", 1)],
)
def test_a_payment_needs_a_positive_amount_a_reference_and_a_past_date(
    hotel, seller, admin, amount, reference, days_ahead
):
    _order, invoice = invoice_for(hotel, seller)

    with pytest.raises(InvalidInvoice):
        pay(invoice, admin, amount, reference, paid_on=wib_today() + timedelta(days=days_ahead))
    db.session.rollback()

    db.session.refresh(invoice)
    assert invoice.paid_idr == 0 and invoice.status == InvoiceStatus.ISSUED


def test_only_a_platform_admin_records_payments_or_voids(hotel, seller):
    members = hotel[1]
    _order, invoice = invoice_for(hotel, seller)

    with pytest.raises(InvalidInvoice):
        pay(invoice, members["finance"], 1_000)
    db.session.rollback()
    with pytest.raises(InvalidInvoice):
        void_invoice(invoice, reason="salah terbit", actor=seller[1])
    db.session.rollback()

    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.ISSUED and invoice.paid_idr == 0


def test_a_part_payment_of_an_overdue_invoice_leaves_it_overdue(hotel, seller, admin):
    _order, invoice = invoice_for(hotel, seller)
    set_due(invoice, wib_today() - timedelta(days=2), status=InvoiceStatus.OVERDUE)

    pay(invoice, admin, 1_000)
    assert invoice.status == InvoiceStatus.OVERDUE

    pay(invoice, admin, invoice.balance_idr)
    assert invoice.status == InvoiceStatus.PAID


def test_a_paid_invoice_takes_no_more_payments(hotel, seller, admin):
    _order, invoice = invoice_for(hotel, seller, pay_upfront="bank_transfer")

    with pytest.raises(InvalidInvoice):
        pay(invoice, admin, 1)
    db.session.rollback()


def test_an_invoice_is_voided_only_without_payments_and_its_number_stays_used(hotel, seller, admin):
    _o1, first = invoice_for(hotel, seller)
    _o2, second = invoice_for(hotel, seller)
    pay(second, admin, 1_000)

    with pytest.raises(InvalidInvoice):
        void_invoice(second, reason="Pesanan salah", actor=admin)
    db.session.rollback()
    with pytest.raises(InvalidInvoice):
        void_invoice(first, reason="x", actor=admin)  # a reason is needed
    db.session.rollback()
    void_invoice(first, reason="Terbit dua kali", actor=admin)
    db.session.commit()
    _o3, third = invoice_for(hotel, seller)

    db.session.refresh(first)
    db.session.refresh(second)
    assert first.status == InvoiceStatus.VOID
    assert first.void_reason == "Terbit dua kali" and first.voided_at is not None
    assert second.status == InvoiceStatus.PARTIALLY_PAID
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    with pytest.raises(InvalidInvoice):
        void_invoice(first, reason="Lagi lagi", actor=admin)
    db.session.rollback()


# -- Crediting the seller --------------------------------------------------------------------


def test_the_seller_is_credited_once_when_the_order_completes_then_the_invoice_is_paid(
    hotel, seller, admin
):
    order, invoice = invoice_for(hotel, seller)
    complete_order(order, actor=None)
    db.session.commit()
    assert sales_of(order) == []  # on terms: nothing until the business pays

    pay(invoice, admin, 1_000)
    assert sales_of(order) == []
    pay(invoice, admin, invoice.balance_idr)
    credit_if_settled(order)  # a second chance to credit changes nothing
    db.session.commit()

    (sale,) = sales_of(order)
    commission = (order.total_idr - order.tax_idr) * 500 // 10_000
    assert sale.amount_idr == order.total_idr - commission
    assert sale.data["invoice"] == invoice.number


def test_the_seller_is_credited_once_when_the_invoice_is_paid_then_the_order_completes(
    hotel, seller, admin
):
    order, invoice = invoice_for(hotel, seller)
    pay(invoice, admin, invoice.total_idr)
    assert sales_of(order) == []  # paid, but the buyer has not received the goods yet

    complete_order(order, actor=None)
    db.session.commit()
    credit_if_settled(order)
    db.session.commit()

    (sale,) = sales_of(order)
    assert sale.store_id == order.store_id
    assert sale.amount_idr == order.total_idr - (order.total_idr - order.tax_idr) * 500 // 10_000


def test_an_order_paid_upfront_is_credited_at_completion_as_before(hotel, seller):
    order, invoice = invoice_for(hotel, seller, pay_upfront="bank_transfer")

    complete_order(order, actor=None)
    db.session.commit()

    assert len(sales_of(order)) == 1
    assert invoice.status == InvoiceStatus.PAID


# -- Reminders -------------------------------------------------------------------------------


def reminder_kinds(invoice):
    return sorted(
        db.session.scalars(
            select(InvoiceReminder.kind).where(InvoiceReminder.invoice_id == invoice.id)
        )
    )


def test_reminders_go_out_once_each_and_past_due_invoices_turn_overdue(hotel, seller, outbox):
    members = hotel[1]
    _order, invoice = invoice_for(hotel, seller)
    due = invoice.due_on
    outbox.clear()

    runs = {}
    for offset in (-4, -3, -3, -1, 0, 0, 1, 6, 7, 7, 8, 29, 30, 30, 31, 90):
        result = remind_invoices(today=due + timedelta(days=offset))
        runs.setdefault(offset, []).append((result.sent, result.overdue))

    assert runs[-4] == [(0, 0)]
    assert runs[-3] == [(1, 0), (0, 0)]  # the second run of the day sends nothing
    assert runs[-1] == [(0, 0)]
    assert runs[0] == [(1, 0), (0, 0)]
    assert runs[1] == [(0, 1)]  # marked overdue the day after its due date
    assert runs[7] == [(1, 0), (0, 0)]
    assert runs[30] == [(1, 0), (0, 0)]
    assert runs[31] == runs[90] == [(0, 0)]
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.OVERDUE
    assert reminder_kinds(invoice) == ["due_in_3", "due_today", "overdue_30", "overdue_7"]
    # Each reminder mailed to the owner and the finance member.
    assert len(outbox) == 8
    assert {m["To"] for m in outbox} == {members["owner"].email, members["finance"].email}
    assert all(invoice.number in m["Subject"] for m in outbox)
    late = [m for m in outbox if "lewat" in m["Subject"]]
    assert len(late) == 4
    assert "30 hari" in late[-1].get_payload(decode=True).decode()


def test_a_reminder_missed_on_its_day_is_caught_up_once(hotel, seller):
    _order, invoice = invoice_for(hotel, seller)

    # The job did not run on day 7 after the due date; it runs on day 10, and again on 11.
    first = remind_invoices(today=invoice.due_on + timedelta(days=10))
    second = remind_invoices(today=invoice.due_on + timedelta(days=11))

    assert (first.sent, first.overdue) == (1, 1)
    assert (second.sent, second.overdue) == (0, 0)
    assert reminder_kinds(invoice) == ["overdue_7"]


def test_paid_and_void_invoices_get_no_reminders_and_do_not_turn_overdue(hotel, seller, admin):
    _o1, paid = invoice_for(hotel, seller)
    _o2, voided = invoice_for(hotel, seller)
    pay(paid, admin, paid.total_idr)
    void_invoice(voided, reason="Terbit keliru", actor=admin)
    db.session.commit()

    result = remind_invoices(today=paid.due_on + timedelta(days=7))

    assert (result.sent, result.overdue) == (0, 0)
    db.session.refresh(paid)
    db.session.refresh(voided)
    assert (paid.status, voided.status) == (InvoiceStatus.PAID, InvoiceStatus.VOID)


# -- Aged receivables ------------------------------------------------------------------------


def test_aged_receivables_split_open_balances_by_days_past_due(admin):
    today = date(2026, 6, 30)
    hotel, hotel_members, hotel_outlet = make_business_account(legal_name="PT Hotel Danau Toba")
    cafe, cafe_members, cafe_outlet = make_business_account(legal_name="CV Kopi Sidikalang")
    bakery, bakery_owner = make_seller(name="Roti Bu Sri")
    crafts, crafts_owner = make_seller(name="Anyaman Demak")
    bread = make_wholesale_item(bakery)
    # (total, paid, due date, status) -> bucket by hand, on 30 June 2026:
    fixture = [
        (1_000_000, 0, date(2026, 7, 10), "issued"),  # not yet due
        (500_000, 200_000, date(2026, 6, 30), "partially_paid"),  # due today: not yet due
        (250_000, 0, date(2026, 6, 29), "overdue"),  # 1 day: 1-30
        (400_000, 0, date(2026, 5, 31), "overdue"),  # 30 days: 1-30
        (700_000, 0, date(2026, 5, 30), "overdue"),  # 31 days: 31-60
        (800_000, 0, date(2026, 5, 1), "overdue"),  # 60 days: 31-60
        (900_000, 0, date(2026, 4, 30), "overdue"),  # 61 days: 60+
        (600_000, 600_000, date(2026, 4, 1), "paid"),  # paid: not owed
        (300_000, 0, date(2026, 4, 1), "void"),  # void: not owed
    ]
    for total, paid, due, status in fixture:
        _order, invoice = ship_new_order(
            hotel, hotel_members, hotel_outlet, bakery, bakery_owner, variant=bread
        )
        db.session.execute(
            update(Invoice)
            .where(Invoice.id == invoice.id)
            .values(total_idr=total, paid_idr=paid, due_on=due, status=status)
        )
    _order, cafe_invoice = ship_new_order(cafe, cafe_members, cafe_outlet, crafts, crafts_owner)
    db.session.execute(
        update(Invoice)
        .where(Invoice.id == cafe_invoice.id)
        .values(total_idr=300_000, paid_idr=0, due_on=date(2026, 4, 1), status="overdue")
    )  # 90 days: 60+
    db.session.commit()

    by_business = list_aged_receivables(today=today, group_by="business")
    by_store = list_aged_receivables(today=today, group_by="store")
    crafts_only = list_aged_receivables(today=today, group_by="business", store_id=crafts.id)

    buckets = {
        r.name: (r.not_due_idr, r.days_1_30_idr, r.days_31_60_idr, r.days_over_60_idr, r.total_idr)
        for r in by_business
    }
    assert buckets == {
        "PT Hotel Danau Toba": (1_300_000, 650_000, 1_500_000, 900_000, 4_350_000),
        "CV Kopi Sidikalang": (0, 0, 0, 300_000, 300_000),
    }
    assert [r.name for r in by_business] == ["PT Hotel Danau Toba", "CV Kopi Sidikalang"]
    assert {r.id: r.total_idr for r in by_store} == {bakery.id: 4_350_000, crafts.id: 300_000}
    total = aged_total(by_business)
    assert (total.not_due_idr, total.days_over_60_idr, total.total_idr) == (
        1_300_000,
        1_200_000,
        4_650_000,
    )
    assert aged_total(by_store).total_idr == 4_650_000
    assert [(r.id, r.total_idr) for r in crafts_only] == [(cafe.id, 300_000)]


# -- Races on PostgreSQL ---------------------------------------------------------------------


def _run_together(app, jobs):
    """Run each job in its own thread, app context and session, released at once; returns
    the outcome of each ("ok" or the exception's class name)."""
    barrier = threading.Barrier(len(jobs), timeout=60)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job):
        with app.app_context():
            try:
                barrier.wait()
                job()
                db.session.commit()
                outcome = "ok"
            except Exception as exc:
                db.session.rollback()
                outcome = type(exc).__name__
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.mark.postgresql_only
def test_two_admins_recording_the_full_balance_at_once_cannot_overpay(app, hotel, seller, admin):
    _order, invoice = invoice_for(hotel, seller)
    invoice_id, admin_id, total = invoice.id, admin.id, invoice.total_idr

    def record(reference):
        def job():
            from marketplace.accounts.models import User

            record_invoice_payment(
                db.session.get(Invoice, invoice_id),
                amount_idr=total,
                reference=reference,
                paid_on=wib_today(),
                actor=db.session.get(User, admin_id),
            )

        return job

    outcomes = _run_together(app, [record("BRI-A"), record("BRI-B")])

    assert sorted(outcomes) == ["InvalidInvoice", "ok"]
    db.session.expire_all()
    invoice = db.session.get(Invoice, invoice_id)
    assert invoice.paid_idr == total and invoice.status == InvoiceStatus.PAID
    assert db.session.scalar(select(func.count()).select_from(InvoicePayment)) == 1


@pytest.mark.postgresql_only
def test_a_last_payment_and_the_completion_at_once_credit_the_seller_once(
    app, hotel, seller, admin
):
    from marketplace.accounts.models import User

    for _attempt in range(5):
        order, invoice = invoice_for(hotel, seller)

        def complete(order_id=order.id):
            complete_order(db.session.get(Order, order_id), actor=None)

        def settle(invoice_id=invoice.id, admin_id=admin.id):
            inv = db.session.get(Invoice, invoice_id)
            record_invoice_payment(
                inv,
                amount_idr=inv.total_idr,
                reference="BRI-LUNAS",
                paid_on=wib_today(),
                actor=db.session.get(User, admin_id),
            )

        outcomes = _run_together(app, [complete, settle])

        assert outcomes == ["ok", "ok"]
        db.session.expire_all()
        assert len(sales_of(db.session.get(Order, order.id))) == 1
