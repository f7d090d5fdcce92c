"""The admin home: how many items wait in each back-office queue, and since when.

Every count comes from one SQL statement (two scalar subqueries per queue), whatever the
number of queues or waiting rows. Queues of parts of the back office that may be absent
(content reports, seller bank accounts, payouts) show only when their model imports and their
page is routed, so the home page works with or without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from marketplace.admin.models import ContentReport, ReportStatus
from marketplace.extensions import db
from marketplace.orders.models import Refund, RefundStatus
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.payouts.models import BankAccountStatus, Payout, PayoutStatus, StoreBankAccount
from marketplace.stores.models import Store
from marketplace.wholesale.invoices import OPEN_STATUSES
from marketplace.wholesale.models import Business, BusinessStatus, Invoice


@dataclass(frozen=True)
class QueueSpec:
    """A queue as the home page counts it: rows matching `conditions`, waiting since `since`."""

    key: str
    label: Any  # a lazy string
    model: Any
    conditions: Sequence[ColumnElement[bool]]
    since: InstrumentedAttribute[Any]
    endpoint: str
    endpoint_args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueCount:
    """One card of the admin home: a queue, how many wait in it, and the oldest one's age."""

    key: str
    label: Any
    count: int
    oldest: datetime | date | None
    endpoint: str
    endpoint_args: dict[str, str]

    def waiting(self, *, now: datetime, today: date) -> tuple[int, int] | None:
        """(whole days, whole hours) the oldest item has waited, or None when none waits.

        A date (an invoice's due date) counts in days from `today`, with no hours.
        """
        if self.oldest is None or not self.count:
            return None
        if isinstance(self.oldest, datetime):
            hours = max(int((now - self.oldest).total_seconds() // 3600), 0)
            return hours // 24, hours
        days = max((today - self.oldest).days, 0)
        return days, days * 24


def _core_queues(*, today: date) -> list[QueueSpec]:
    return [
        QueueSpec(
            key="stores",
            label=_l("Toko menunggu persetujuan"),
            model=Store,
            # As `stores.queries.list_stores_awaiting_review` lists them.
            conditions=(Store.review_requested_at.is_not(None), Store.approved_at.is_(None)),
            since=Store.review_requested_at,
            endpoint="admin.stores_queue",
        ),
        QueueSpec(
            key="businesses",
            label=_l("Akun usaha menunggu verifikasi"),
            model=Business,
            conditions=(Business.status == BusinessStatus.PENDING,),
            since=Business.created_at,
            endpoint="business.admin_queue",
        ),
        QueueSpec(
            key="transfer_proofs",
            label=_l("Bukti transfer menunggu diperiksa"),
            model=Payment,
            # As `payments.bank_transfer.list_transfers_to_review` lists them.
            conditions=(
                Payment.provider == "bank_transfer",
                Payment.status == PaymentStatus.PROOF_SUBMITTED,
                Payment.checkout_id.is_not(None),
            ),
            since=Payment.proof_uploaded_at,
            endpoint="payments.admin_queue",
        ),
        QueueSpec(
            key="refunds",
            label=_l("Pengembalian dana menunggu keputusan"),
            model=Refund,
            # A request the store's owner has not decided is a dispute an admin may settle:
            # the admin queue (`refunds.list_open_refunds`) lists every undecided request.
            conditions=(Refund.status == RefundStatus.REQUESTED,),
            since=Refund.created_at,
            endpoint="admin.refunds_queue",
        ),
        QueueSpec(
            key="refund_transfers",
            label=_l("Pengembalian dana menunggu ditransfer"),
            model=Refund,
            # As `refunds.list_refunds_to_transfer` lists them.
            conditions=(
                Refund.status == RefundStatus.ACCEPTED,
                Refund.provider_ref.is_(None),
            ),
            since=Refund.decided_at,
            endpoint="admin.refunds_queue",
        ),
        QueueSpec(
            key="overdue_invoices",
            label=_l("Faktur lewat jatuh tempo"),
            model=Invoice,
            # Open and past due, whether or not the nightly job has marked it overdue yet.
            conditions=(Invoice.status.in_(OPEN_STATUSES), Invoice.due_on < today),
            since=Invoice.due_on,
            endpoint="invoices.admin_receivables",
        ),
        QueueSpec(
            key="content_reports",
            label=_l("Laporan produk dan ulasan"),
            model=ContentReport,
            conditions=(ContentReport.status == ReportStatus.OPEN,),
            since=ContentReport.created_at,
            endpoint="admin.reports_queue",
        ),
        QueueSpec(
            key="bank_accounts",
            label=_l("Rekening bank menunggu verifikasi"),
            model=StoreBankAccount,
            conditions=(StoreBankAccount.status == BankAccountStatus.PENDING,),
            # A changed account waits again from its change (the queue's own order).
            since=StoreBankAccount.updated_at,
            endpoint="admin.bank_accounts",
            endpoint_args={"status": str(BankAccountStatus.PENDING)},
        ),
        QueueSpec(
            key="payouts",
            label=_l("Pencairan dana diusulkan"),
            model=Payout,
            conditions=(Payout.status == PayoutStatus.PROPOSED,),
            since=Payout.created_at,
            endpoint="admin.payouts",
            endpoint_args={"status": str(PayoutStatus.PROPOSED)},
        ),
    ]


def list_queue_specs(*, today: date) -> list[QueueSpec]:
    """Every queue the home page shows."""
    return _core_queues(today=today)


def count_queues(specs: Sequence[QueueSpec]) -> list[QueueCount]:
    """How many rows wait in each queue and since when; one query whatever the number of queues."""
    if not specs:
        return []
    columns = []
    for spec in specs:
        columns.append(
            select(func.count())
            .select_from(spec.model)
            .where(*spec.conditions)
            .scalar_subquery()
            .label(f"{spec.key}_count")
        )
        columns.append(
            select(func.min(spec.since))
            .where(*spec.conditions)
            .scalar_subquery()
            .label(f"{spec.key}_oldest")
        )
    row = db.session.execute(select(*columns)).one()
    return [
        QueueCount(
            key=spec.key,
            label=spec.label,
            count=int(row[2 * i] or 0),
            oldest=_as_time(row[2 * i + 1]),
            endpoint=spec.endpoint,
            endpoint_args=spec.endpoint_args,
        )
        for i, spec in enumerate(specs)
    ]


def _as_time(value: Any) -> datetime | date | None:
    """A scalar subquery's MIN keeps its column's type on PostgreSQL; SQLite may hand back a
    string or a naive datetime, made aware UTC here like `core.db.UTCDateTime` does."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def get_queue_counts(*, today: date) -> list[QueueCount]:
    """The admin home's cards, in a fixed order; one query."""
    return count_queues(list_queue_specs(today=today))
