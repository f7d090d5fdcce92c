"""Invoices on payment terms: issued when a wholesale order ships, numbered without gaps per
seller and year, paid by bank transfers that admins record or by card (recorded by the signed
Stripe webhook), reminded before and after the due date; and the reads behind the buyer's,
seller's and admins' invoice pages and aged receivables.

Services flush (the caller commits), except `remind_invoices`, a job that commits itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, select, update
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.core.db import dialect_insert, utcnow
from marketplace.core.errors import DomainError
from marketplace.core.mail import send_user_email
from marketplace.core.money import format_rupiah
from marketplace.core.pagination import Page
from marketplace.core.urls import public_url
from marketplace.extensions import db
from marketplace.orders.models import (
    CheckoutStatus,
    LedgerEntry,
    LedgerKind,
    Order,
    OrderChannel,
    OrderStatus,
    PaymentMethod,
)
from marketplace.regions.reference import get_district, get_province, get_regency, get_village
from marketplace.stores.models import Store
from marketplace.wholesale.errors import InvalidInvoice
from marketplace.wholesale.models import (
    TERM_DAYS,
    Business,
    BusinessMember,
    BusinessRole,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoicePayment,
    InvoiceReminder,
    InvoiceStatus,
    PaymentTerms,
    SupplierProfile,
)
from marketplace.wholesale.pricing import ppn

WIB = ZoneInfo("Asia/Jakarta")
PER_PAGE = 30
REFERENCE_MAX = 80
REASON_MIN, REASON_MAX = 5, 300

S = InvoiceStatus
OPEN_STATUSES: tuple[str, ...] = (S.ISSUED, S.PARTIALLY_PAID, S.OVERDUE)
# Which status changes are allowed; a payment may leave an overdue invoice overdue.
INVOICE_TRANSITIONS: dict[str, frozenset[str]] = {
    S.ISSUED: frozenset({S.PARTIALLY_PAID, S.PAID, S.OVERDUE, S.VOID}),
    S.PARTIALLY_PAID: frozenset({S.PARTIALLY_PAID, S.PAID, S.OVERDUE}),
    S.OVERDUE: frozenset({S.OVERDUE, S.PARTIALLY_PAID, S.PAID, S.VOID}),
    S.PAID: frozenset(),
    S.VOID: frozenset(),
}
# Filters of the invoice lists (URL slug -> statuses).
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "belum-lunas": OPEN_STATUSES,
    "jatuh-tempo": (S.OVERDUE,),
    "lunas": (S.PAID,),
    "batal": (S.VOID,),
}
# Reminder kinds, in the order an invoice meets them.
REMINDER_KINDS = ("due_in_3", "due_today", "overdue_7", "overdue_30")


class InvoiceTaxMismatch(DomainError):
    """The PPN (or total) computed for the invoice differs from the order's: never issued."""

    code = "invoice_tax_mismatch"
    message = _l(
        "PPN faktur tidak sama dengan PPN pesanan (status PKP toko berubah sejak pesanan "
        "dibuat?). Faktur tidak diterbitkan; hubungi admin Pasar IKM."
    )


# -- Helpers ---------------------------------------------------------------------------------


def wib_date(at: datetime) -> date:
    """The calendar date in WIB of an aware UTC time (invoice dates are WIB dates)."""
    return at.astimezone(WIB).date()


def wib_today() -> date:
    """Today in WIB."""
    return wib_date(utcnow())


def invoice_number(store_id: int, year: int, sequence: int) -> str:
    """`INV/2026/0007/000123`: year, seller (store id) and the seller's sequence that year."""
    return f"INV/{year}/{store_id:04d}/{sequence:06d}"


_UNITS = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def _words_below_1000(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNITS[hundreds], "ratus"]
    if rest < 12:
        if rest:
            words.append(_UNITS[rest])
    elif rest < 20:
        words += [_UNITS[rest - 10], "belas"]
    else:
        tens, units = divmod(rest, 10)
        words += [_UNITS[tens], "puluh"]
        if units:
            words.append(_UNITS[units])
    return words


def _words(n: int) -> list[str]:
    words: list[str] = []
    for value, name in _SCALES:
        count, n = divmod(n, value)
        if not count:
            continue
        if value == 1000 and count == 1:
            words.append("seribu")
        else:
            words += [*_words(count), name]
    return words + _words_below_1000(n)


def terbilang(amount_idr: int) -> str:
    """An amount in Indonesian words: 1200000 -> 'satu juta dua ratus ribu rupiah'."""
    if amount_idr < 0:
        return "minus " + terbilang(-amount_idr)
    if amount_idr == 0:
        return "nol rupiah"
    return " ".join([*_words(amount_idr), "rupiah"])


def _place_names(
    village: str | None, district: str | None, regency: str | None, province: str | None
) -> str:
    parts = [
        get_village(village) if village else None,
        get_district(district) if district else None,
        get_regency(regency) if regency else None,
        get_province(province) if province else None,
    ]
    return ", ".join(p.name.title() if p.name.isupper() else p.name for p in parts if p)


def _join(*parts: str | None) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def store_address(store: Store) -> str:
    """A seller's address as printed on its invoices."""
    places = _place_names(
        store.village_code, store.district_code, store.region_code, store.province_code
    )
    return _join(store.address_line, places or store.city_name, store.postal_code)


def business_address(business: Business) -> str:
    """A business's billing address as printed on invoices."""
    village = business.village_code
    places = _place_names(
        village,
        village.rsplit(".", 1)[0] if village else None,
        business.region_code,
        business.region_code[:2] if business.region_code else None,
    )
    return _join(business.address_line, places or business.city_name, business.postal_code)


def _next_sequence(store_id: int, year: int) -> int:
    """The store's next invoice sequence for the year, taken in the caller's transaction.

    The counter row is created if missing (a concurrent creator wins, the other does nothing),
    then incremented by one UPDATE that holds its row lock until the transaction ends: two
    invoices of a store queue there, and a rollback gives the number back (no gap).
    """
    db.session.execute(
        dialect_insert(InvoiceCounter)
        .values(store_id=store_id, year=year, last_sequence=0)
        .on_conflict_do_nothing(index_elements=["store_id", "year"])
    )
    return db.session.execute(
        update(InvoiceCounter)
        .where(InvoiceCounter.store_id == store_id, InvoiceCounter.year == year)
        .values(last_sequence=InvoiceCounter.last_sequence + 1)
        .returning(InvoiceCounter.last_sequence)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def list_finance_members(business_ids: Iterable[int]) -> dict[int, list[User]]:
    """The owners and finance members of each business (who receive invoices); one query."""
    ids = sorted(set(business_ids))
    members: dict[int, list[User]] = defaultdict(list)
    if not ids:
        return members
    rows = db.session.execute(
        select(BusinessMember.business_id, User)
        .join(User, User.id == BusinessMember.user_id)
        .where(
            BusinessMember.business_id.in_(ids),
            BusinessMember.role.in_([BusinessRole.OWNER, BusinessRole.FINANCE]),
        )
        .order_by(BusinessMember.business_id, User.id)
    )
    for business_id, user in rows:
        members[business_id].append(user)
    return members


def _buyer_link(invoice: Invoice) -> str:
    # Through the page that first acts for the invoice's business (members of several).
    return public_url("invoices.buyer_invoice_open", invoice_id=invoice.id)


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise InvalidInvoice(_l("Hanya admin Pasar IKM yang dapat mengubah faktur."))


def _locked_invoice(invoice_id: int) -> Invoice:
    return db.session.scalars(
        select(Invoice)
        .where(Invoice.id == invoice_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


# -- Issuing ---------------------------------------------------------------------------------


def issue_invoice(order: Order, *, actor: User | None) -> Invoice:
    """The seller's invoice for a wholesale order that ships: numbered, with snapshots of both
    parties, the lines and delivery, PPN for PKP sellers; due after the business's terms, or
    issued paid when the order was paid before delivery. Mailed to the business's owners and
    finance members after the commit.

    Idempotent (one invoice per order). Raises InvalidInvoice (not a wholesale order, or
    neither paid nor on terms), InvoiceTaxMismatch. Flushes.
    """
    existing = db.session.scalar(select(Invoice).where(Invoice.order_id == order.id))
    if existing is not None:
        return existing
    if order.channel != OrderChannel.WHOLESALE or order.business_id is None:
        raise InvalidInvoice(_l("Faktur hanya untuk pesanan grosir."))
    checkout = order.checkout
    paid_upfront = checkout.status == CheckoutStatus.PAID
    on_terms = (
        checkout.payment_method == PaymentMethod.INVOICE
        and checkout.status == CheckoutStatus.ON_TERMS
    )
    if not (paid_upfront or on_terms):
        raise InvalidInvoice(_l("Pesanan ini belum dibayar dan tidak memakai pembayaran tempo."))
    business = db.session.get(Business, order.business_id)
    store = db.session.get(Store, order.store_id)
    assert business is not None and store is not None
    profile = db.session.scalar(select(SupplierProfile).where(SupplierProfile.store_id == store.id))
    is_pkp = bool(profile and profile.is_pkp)

    subtotal = order.goods_idr + order.shipping_idr
    tax = ppn(subtotal, is_pkp=is_pkp)
    if tax.tax_idr != order.tax_idr or tax.total_idr != order.total_idr:
        raise InvoiceTaxMismatch(
            order_tax_idr=order.tax_idr, invoice_tax_idr=tax.tax_idr, order_id=order.id
        )
    lines = [
        InvoiceLine(
            description=(
                f"{line.product_name} ({line.variant_label})"
                if line.variant_label
                else line.product_name
            )[:250],
            sku=line.sku or "",
            quantity=line.quantity,
            unit_price_idr=line.unit_price_idr,
            line_total_idr=line.line_total_idr,
        )
        for line in order.lines
    ]
    if order.shipping_idr > 0:
        # A snapshot in the document's language, whoever's locale the shipment ran in.
        lines.append(
            InvoiceLine(
                description=f"Ongkos kirim ({order.shipping_label})"[:250],
                sku="",
                quantity=1,
                unit_price_idr=order.shipping_idr,
                line_total_idr=order.shipping_idr,
            )
        )
    if sum(line.line_total_idr for line in lines) != subtotal:
        raise InvalidInvoice(_l("Baris pesanan tidak sama dengan subtotalnya; hubungi admin."))

    issued_on = wib_date(order.shipped_at or utcnow())
    if paid_upfront:
        terms, due_on = PaymentTerms.CASH_BEFORE_DELIVERY, issued_on
    else:
        # Terms as they are now; a business moved to cash-before-delivery owes at once.
        terms = PaymentTerms(business.payment_terms)
        due_on = issued_on + timedelta(days=TERM_DAYS.get(terms) or 0)
    sequence = _next_sequence(store.id, issued_on.year)
    invoice = Invoice(
        number=invoice_number(store.id, issued_on.year, sequence),
        store_id=store.id,
        year=issued_on.year,
        sequence=sequence,
        business_id=business.id,
        order_id=order.id,
        status=InvoiceStatus.ISSUED,
        issued_on=issued_on,
        due_on=due_on,
        payment_terms=terms,
        seller_name=store.name,
        seller_address=store_address(store),
        seller_npwp=profile.npwp if profile else None,
        seller_is_pkp=is_pkp,
        buyer_name=business.legal_name,
        buyer_address=business_address(business),
        buyer_npwp=business.npwp,
        delivery_address=_join(
            f"{checkout.recipient_name} ({checkout.recipient_phone})",
            checkout.address_line,
            checkout.address_text,
            checkout.postal_code,
        ),
        subtotal_idr=subtotal,
        dpp_idr=tax.dpp_idr,
        tax_idr=tax.tax_idr,
        total_idr=tax.total_idr,
        paid_idr=0,
    )
    invoice.lines = lines
    if paid_upfront:
        paid_at = checkout.paid_at or utcnow()
        invoice.status = InvoiceStatus.PAID
        invoice.paid_idr = invoice.total_idr
        invoice.paid_at = paid_at
        invoice.payments.append(
            InvoicePayment(
                amount_idr=invoice.total_idr,
                method="checkout",
                reference=checkout.public_id,
                paid_on=wib_date(paid_at),
                recorded_by_id=None,
            )
        )
    db.session.add(invoice)
    db.session.flush()
    for user in list_finance_members([business.id])[business.id]:
        send_user_email(
            user,
            template="wholesale/email/invoice_issued.txt",
            subject=_l(
                "Faktur %(number)s dari %(seller)s", number=invoice.number, seller=store.name
            ),
            invoice=invoice,
            link=_buyer_link(invoice),
        )
    return invoice


# -- Payments, crediting, voiding ------------------------------------------------------------


def _credit_once(order: Order, invoice: Invoice) -> bool:
    """Credit the seller for a completed order whose invoice is paid, unless already credited."""
    from marketplace.orders.services import credit_sale

    if order.status != OrderStatus.COMPLETED or invoice.status != InvoiceStatus.PAID:
        return False
    already = db.session.scalar(
        select(LedgerEntry.id).where(
            LedgerEntry.order_id == order.id, LedgerEntry.kind == LedgerKind.SALE
        )
    )
    if already is not None:
        return False
    credit_sale(order, invoice=invoice.number)
    return True


def credit_if_settled(order: Order) -> None:
    """At completion of an order on terms: credit the seller now if its invoice is paid
    already (otherwise `record_invoice_payment` credits when the last payment arrives)."""
    invoice = db.session.scalars(
        select(Invoice)
        .where(Invoice.order_id == order.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if invoice is not None:
        _credit_once(order, invoice)


PAYMENT_METHODS = ("bank_transfer", "card")


def record_invoice_payment(
    invoice: Invoice,
    *,
    amount_idr: int,
    reference: str,
    paid_on: date,
    actor: User | None,
    method: str = "bank_transfer",
) -> InvoicePayment:
    """Money received for an invoice, 1 up to the balance: a bank transfer an admin records
    (`actor` an admin), or a card payment the signed Stripe webhook records (`method` "card",
    `actor` None, `reference` the PaymentIntent id).

    The invoice becomes partially paid (or stays overdue) or paid; once paid, a completed
    order's seller is credited (once). The order and then the invoice are locked, as
    completion locks them, so two recordings cannot overpay and exactly one of a payment and
    a completion racing each other credits the seller. Raises InvalidInvoice. Flushes.
    """
    if method not in PAYMENT_METHODS:
        raise InvalidInvoice(_l("Metode pembayaran faktur tidak dikenal."))
    if method == "card":
        if actor is not None:  # only the webhook records card money, never a person
            raise InvalidInvoice(_l("Pembayaran kartu dicatat otomatis oleh sistem."))
    elif actor is None:
        raise InvalidInvoice(_l("Hanya admin Pasar IKM yang dapat mengubah faktur."))
    else:
        _require_admin(actor)
    reference = " ".join((reference or "").split())
    if not reference:
        raise InvalidInvoice(_l("Isi nomor referensi transfer."))
    if len(reference) > REFERENCE_MAX:
        raise InvalidInvoice(_l("Nomor referensi paling panjang 80 huruf."))
    today = wib_today()
    if paid_on > today:
        raise InvalidInvoice(_l("Tanggal bayar tidak boleh di masa depan."))
    order = db.session.scalars(
        select(Order)
        .where(Order.id == invoice.order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    invoice = _locked_invoice(invoice.id)
    if invoice.status not in OPEN_STATUSES:
        raise InvalidInvoice(_l("Faktur ini sudah lunas atau dibatalkan."))
    if isinstance(amount_idr, bool) or not isinstance(amount_idr, int) or amount_idr < 1:
        raise InvalidInvoice(_l("Jumlah bayar harus angka Rupiah lebih dari 0."))
    if amount_idr > invoice.balance_idr:
        raise InvalidInvoice(
            _l(
                "Jumlah melebihi sisa tagihan (%(balance)s). Kelebihan bayar tidak dicatat.",
                balance=format_rupiah(invoice.balance_idr),
            ),
            balance_idr=invoice.balance_idr,
        )
    payment = InvoicePayment(
        invoice_id=invoice.id,
        amount_idr=amount_idr,
        method=method,
        reference=reference,
        paid_on=paid_on,
        recorded_by_id=actor.id if actor is not None else None,
    )
    db.session.add(payment)
    invoice.paid_idr += amount_idr
    if invoice.paid_idr == invoice.total_idr:
        new_status: str = InvoiceStatus.PAID
        invoice.paid_at = utcnow()
    elif invoice.due_on < today:
        new_status = InvoiceStatus.OVERDUE
    else:
        new_status = InvoiceStatus.PARTIALLY_PAID
    assert new_status in INVOICE_TRANSITIONS[invoice.status]
    invoice.status = new_status
    db.session.flush()
    _credit_once(order, invoice)
    return payment


def void_invoice(invoice: Invoice, *, reason: str, actor: User) -> None:
    """An admin cancels an invoice with no payment (issued in error); its number stays used.

    Raises InvalidInvoice. Flushes.
    """
    _require_admin(actor)
    reason = " ".join((reason or "").split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise InvalidInvoice(_l("Tuliskan alasan pembatalan (5 sampai 300 huruf)."))
    invoice = _locked_invoice(invoice.id)
    has_payment = db.session.scalar(select(exists().where(InvoicePayment.invoice_id == invoice.id)))
    if invoice.paid_idr or has_payment:
        raise InvalidInvoice(_l("Faktur yang sudah ada pembayarannya tidak dapat dibatalkan."))
    if InvoiceStatus.VOID not in INVOICE_TRANSITIONS[invoice.status]:
        raise InvalidInvoice(_l("Faktur ini sudah lunas atau dibatalkan."))
    invoice.status = InvoiceStatus.VOID
    invoice.void_reason = reason
    invoice.voided_at = utcnow()
    db.session.flush()


# -- Reminders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemindResult:
    """What one run of the reminder job did."""

    sent: int  # reminders recorded (each mailed to the business's owners and finance)
    overdue: int  # invoices newly marked overdue


def reminder_kind(due_on: date, today: date) -> str | None:
    """The reminder an open invoice is due for today, if any. Each window is a range, so a
    day the job did not run is caught up on the next (the unique row keeps it to once)."""
    days_late = (today - due_on).days
    if -3 <= days_late <= -1:
        return "due_in_3"
    if days_late == 0:
        return "due_today"
    if 7 <= days_late < 30:
        return "overdue_7"
    if days_late >= 30:
        return "overdue_30"
    return None


def remind_invoices(*, today: date | None = None) -> RemindResult:
    """Mark open invoices past their due date overdue, then send each open invoice the
    reminder it is due for (3 days before, on the day, 7 and 30 days after), each kind at most
    once per invoice. Commits: the marking once, then each reminder with its row (inserted
    first, ON CONFLICT DO NOTHING), mail leaving after that commit. Idempotent."""
    today = today or wib_today()
    marked = db.session.execute(
        update(Invoice)
        .where(
            Invoice.status.in_([InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID]),
            Invoice.due_on < today,
        )
        .values(status=InvoiceStatus.OVERDUE, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()

    finished = exists().where(
        InvoiceReminder.invoice_id == Invoice.id, InvoiceReminder.kind == "overdue_30"
    )
    invoices = list(
        db.session.scalars(
            select(Invoice)
            .where(
                Invoice.status.in_(OPEN_STATUSES),
                Invoice.due_on <= today + timedelta(days=3),
                ~finished,
            )
            .order_by(Invoice.id)
        )
    )
    due = [(inv, reminder_kind(inv.due_on, today)) for inv in invoices]
    due = [(inv, kind) for inv, kind in due if kind is not None]
    if not due:
        return RemindResult(sent=0, overdue=marked)
    sent_before = set(
        db.session.execute(
            select(InvoiceReminder.invoice_id, InvoiceReminder.kind).where(
                InvoiceReminder.invoice_id.in_([inv.id for inv, _k in due])
            )
        ).tuples()
    )
    recipients = list_finance_members(inv.business_id for inv, _k in due)
    sent = 0
    for invoice, kind in due:
        if (invoice.id, kind) in sent_before:
            continue
        claimed = db.session.execute(
            dialect_insert(InvoiceReminder)
            .values(invoice_id=invoice.id, kind=kind, sent_at=utcnow())
            .on_conflict_do_nothing(index_elements=["invoice_id", "kind"])
            .returning(InvoiceReminder.id)
        ).scalar_one_or_none()
        if claimed is None:
            db.session.rollback()  # another run sent it
            continue
        for user in recipients.get(invoice.business_id, []):
            send_user_email(
                user,
                template="wholesale/email/invoice_reminder.txt",
                subject=_reminder_subject(kind, invoice),
                invoice=invoice,
                kind=kind,
                days_late=(today - invoice.due_on).days,
                link=_buyer_link(invoice),
            )
        db.session.commit()
        sent += 1
    return RemindResult(sent=sent, overdue=marked)


def _reminder_subject(kind: str, invoice: Invoice) -> Any:
    if kind in ("due_in_3", "due_today"):
        return _l("Faktur %(number)s segera jatuh tempo", number=invoice.number)
    return _l("Faktur %(number)s lewat jatuh tempo", number=invoice.number)


# -- Reads -----------------------------------------------------------------------------------


def _conditions(
    *,
    business_id: int | None = None,
    store_id: int | None = None,
    status_filter: str | None = None,
) -> list[Any]:
    conditions: list[Any] = []
    if business_id is not None:
        conditions.append(Invoice.business_id == business_id)
    if store_id is not None:
        conditions.append(Invoice.store_id == store_id)
    if status_filter is not None:
        conditions.append(Invoice.status.in_(STATUS_FILTERS[status_filter]))
    return conditions


def page_invoices(
    *,
    page: int,
    business_id: int | None = None,
    store_id: int | None = None,
    status_filter: str | None = None,
    per_page: int = PER_PAGE,
) -> Page[Invoice]:
    """Invoices (of a business, a store, or all), newest first; two queries at any size.

    Rows carry their own snapshots (seller, buyer, amounts): nothing more is loaded."""
    page = max(1, page)
    stmt = select(Invoice).where(
        *_conditions(business_id=business_id, store_id=store_id, status_filter=status_filter)
    )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = list(
        db.session.scalars(
            stmt.order_by(Invoice.issued_on.desc(), Invoice.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items=items, total=total, page=page, per_page=per_page)


@dataclass(frozen=True)
class InvoiceTotals:
    """What is owed on open invoices, and the part of it past due."""

    open_count: int
    open_idr: int
    overdue_idr: int


def get_invoice_totals(
    *, today: date, business_id: int | None = None, store_id: int | None = None
) -> InvoiceTotals:
    """Open balance and the overdue part, for a business or a store; one query."""
    balance = Invoice.total_idr - Invoice.paid_idr
    is_open = Invoice.status.in_(OPEN_STATUSES)
    stmt = select(
        func.count(case((is_open, Invoice.id))),
        func.coalesce(func.sum(case((is_open, balance), else_=0)), 0),
        func.coalesce(func.sum(case((and_(is_open, Invoice.due_on < today), balance), else_=0)), 0),
    ).where(*_conditions(business_id=business_id, store_id=store_id))
    count, open_idr, overdue_idr = db.session.execute(stmt).one()
    return InvoiceTotals(
        open_count=int(count or 0), open_idr=int(open_idr or 0), overdue_idr=int(overdue_idr or 0)
    )


def get_invoice(
    invoice_id: int, *, business_id: int | None = None, store_id: int | None = None
) -> tuple[Invoice, str] | None:
    """(invoice with its lines and payments, its order's number), only if the invoice
    belongs to the business or store given (admins pass neither); three queries."""
    row = db.session.execute(
        select(Invoice, Order.number)
        .join(Order, Order.id == Invoice.order_id)
        .where(Invoice.id == invoice_id, *_conditions(business_id=business_id, store_id=store_id))
        .options(selectinload(Invoice.lines), selectinload(Invoice.payments))
    ).first()
    return (row[0], row[1]) if row else None


def get_invoice_id_of_order(order_id: int) -> int | None:
    """The id of the order's invoice, if one was issued."""
    return db.session.scalar(select(Invoice.id).where(Invoice.order_id == order_id))


def get_invoice_business_id(invoice_id: int) -> int | None:
    """The business an invoice is addressed to, or None when there is no such invoice."""
    return db.session.scalar(select(Invoice.business_id).where(Invoice.id == invoice_id))


def list_invoice_parties() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(stores, businesses) that have invoices, as (id, name), for the admin filters; two
    queries."""
    stores = db.session.execute(
        select(Store.id, Store.name)
        .where(exists().where(Invoice.store_id == Store.id))
        .order_by(Store.name, Store.id)
    ).tuples()
    businesses = db.session.execute(
        select(Business.id, Business.legal_name)
        .where(exists().where(Invoice.business_id == Business.id))
        .order_by(Business.legal_name, Business.id)
    ).tuples()
    return list(stores), list(businesses)


@dataclass(frozen=True)
class AgedRow:
    """Outstanding balance of one business (or seller) by how long past due."""

    id: int
    name: str
    not_due_idr: int
    days_1_30_idr: int
    days_31_60_idr: int
    days_over_60_idr: int
    total_idr: int


def aged_total(rows: Sequence[AgedRow]) -> AgedRow:
    """The sum of aged rows (the table's total line)."""
    return AgedRow(
        id=0,
        name="",
        not_due_idr=sum(r.not_due_idr for r in rows),
        days_1_30_idr=sum(r.days_1_30_idr for r in rows),
        days_31_60_idr=sum(r.days_31_60_idr for r in rows),
        days_over_60_idr=sum(r.days_over_60_idr for r in rows),
        total_idr=sum(r.total_idr for r in rows),
    )


def list_aged_receivables(
    *,
    today: date,
    group_by: Literal["business", "store"],
    store_id: int | None = None,
    business_id: int | None = None,
) -> list[AgedRow]:
    """Open balances per business (or per seller) split into not yet due, 1-30, 31-60 and more
    than 60 days past due on `today`; one GROUP BY query, largest total first."""
    balance = Invoice.total_idr - Invoice.paid_idr
    day_30, day_60 = today - timedelta(days=30), today - timedelta(days=60)

    def bucket(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, balance), else_=0)), 0)

    if group_by == "business":
        key, name = Business.id, Business.legal_name
        joined = Business.id == Invoice.business_id
    else:
        key, name = Store.id, Store.name
        joined = Store.id == Invoice.store_id
    total = func.coalesce(func.sum(balance), 0)
    stmt = (
        select(
            key,
            name,
            bucket(Invoice.due_on >= today),
            bucket(and_(Invoice.due_on < today, Invoice.due_on >= day_30)),
            bucket(and_(Invoice.due_on < day_30, Invoice.due_on >= day_60)),
            bucket(Invoice.due_on < day_60),
            total,
        )
        .select_from(Invoice)
        .join(key.table, joined)
        .where(
            Invoice.status.in_(OPEN_STATUSES),
            *_conditions(business_id=business_id, store_id=store_id),
        )
        .group_by(key, name)
        .order_by(total.desc(), key)
    )
    return [
        AgedRow(
            id=row[0],
            name=row[1],
            not_due_idr=int(row[2]),
            days_1_30_idr=int(row[3]),
            days_31_60_idr=int(row[4]),
            days_over_60_idr=int(row[5]),
            total_idr=int(row[6]),
        )
        for row in db.session.execute(stmt)
    ]
