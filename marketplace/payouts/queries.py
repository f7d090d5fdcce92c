"""Reads: bank accounts and their queue, payouts and runs, a store's payout history, the bank
bulk-transfer rows. Every list runs a fixed number of queries at any page size."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import joinedload

from marketplace.core.pagination import Page, paginate_rows
from marketplace.extensions import db
from marketplace.orders.models import LedgerEntry
from marketplace.payouts.models import (
    BankAccountEvent,
    BankAccountStatus,
    Payout,
    PayoutEvent,
    PayoutRun,
    PayoutStatus,
    StoreBankAccount,
)

PER_PAGE = 50

BANK_CSV_HEADER = ["kode_bank", "nomor_rekening", "nama_pemilik", "jumlah", "keterangan"]


def _page(stmt: Select[Any], *, page: int, per_page: int) -> Page[Any]:
    rows = paginate_rows(stmt, page=page, per_page=per_page)
    return Page(
        items=[row[0] for row in rows.items],
        total=rows.total,
        page=rows.page,
        per_page=rows.per_page,
    )


def get_bank_account(store_id: int) -> StoreBankAccount | None:
    """The store's bank account, if it set one; one query."""
    return db.session.scalar(select(StoreBankAccount).where(StoreBankAccount.store_id == store_id))


def get_bank_account_by_id(account_id: int) -> StoreBankAccount | None:
    """A bank account with its store (for the admins' check); one query."""
    return db.session.scalar(
        select(StoreBankAccount)
        .where(StoreBankAccount.id == account_id)
        .options(joinedload(StoreBankAccount.store))
    )


def page_bank_accounts(
    *, status: str | None, page: int, per_page: int = PER_PAGE
) -> Page[StoreBankAccount]:
    """Bank accounts (of one status, or all), oldest change first; two queries."""
    stmt = select(StoreBankAccount).options(joinedload(StoreBankAccount.store))
    if status:
        stmt = stmt.where(StoreBankAccount.status == status)
    stmt = stmt.order_by(StoreBankAccount.updated_at, StoreBankAccount.id)
    return _page(stmt, page=page, per_page=per_page)


def count_pending_bank_accounts() -> int:
    """How many accounts wait for an admin's check; one query."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(StoreBankAccount)
            .where(StoreBankAccount.status == BankAccountStatus.PENDING)
        )
        or 0
    )


def list_bank_account_events(account_id: int, *, limit: int = 20) -> list[BankAccountEvent]:
    """The account's latest changes and decisions, newest first; one query."""
    return list(
        db.session.scalars(
            select(BankAccountEvent)
            .where(BankAccountEvent.account_id == account_id)
            .order_by(BankAccountEvent.at.desc(), BankAccountEvent.id.desc())
            .limit(limit)
        )
    )


def get_payout(payout_id: int) -> Payout | None:
    """A payout with its store; one query."""
    return db.session.scalar(
        select(Payout).where(Payout.id == payout_id).options(joinedload(Payout.store))
    )


def page_payouts(
    *, period: str | None = None, status: str | None = None, page: int, per_page: int = PER_PAGE
) -> Page[Payout]:
    """Payouts newest first, filtered by period and status, with their stores; two queries."""
    stmt = select(Payout).options(joinedload(Payout.store))
    if period:
        stmt = stmt.where(Payout.period == period)
    if status:
        stmt = stmt.where(Payout.status == status)
    stmt = stmt.order_by(Payout.period.desc(), Payout.id.desc())
    return _page(stmt, page=page, per_page=per_page)


def list_runs(*, limit: int = 12) -> list[tuple[PayoutRun, int, int, int]]:
    """The latest runs with, for each, payouts proposed (open), paid, and the open amount;
    one query."""
    open_ = func.sum(case((Payout.status == PayoutStatus.PROPOSED, 1), else_=0))
    paid = func.sum(case((Payout.status == PayoutStatus.PAID, 1), else_=0))
    open_idr = func.sum(case((Payout.status == PayoutStatus.PROPOSED, Payout.amount_idr), else_=0))
    rows = db.session.execute(
        select(PayoutRun, open_, paid, open_idr)
        .outerjoin(Payout, Payout.run_id == PayoutRun.id)
        .group_by(PayoutRun.id)
        .order_by(PayoutRun.period.desc())
        .limit(limit)
    )
    return [(run, int(o or 0), int(p or 0), int(a or 0)) for run, o, p, a in rows]


def list_periods() -> list[str]:
    """Every period that had a run, newest first; one query."""
    return list(db.session.scalars(select(PayoutRun.period).order_by(PayoutRun.period.desc())))


def list_payouts_to_export(period: str) -> list[Payout]:
    """The period's proposed payouts, in id order, for the bank file; one query."""
    return list(
        db.session.scalars(
            select(Payout)
            .where(Payout.period == period, Payout.status == PayoutStatus.PROPOSED)
            .order_by(Payout.id)
        )
    )


def list_payout_events(payout_id: int) -> list[PayoutEvent]:
    """A payout's status changes, oldest first; one query."""
    return list(
        db.session.scalars(
            select(PayoutEvent)
            .where(PayoutEvent.payout_id == payout_id)
            .order_by(PayoutEvent.at, PayoutEvent.id)
        )
    )


def page_store_payouts(store_id: int, *, page: int, per_page: int = PER_PAGE) -> Page[Payout]:
    """The store's payouts, newest first; two queries."""
    stmt = select(Payout).where(Payout.store_id == store_id).order_by(Payout.id.desc())
    return _page(stmt, page=page, per_page=per_page)


def open_payout_amount(store_id: int) -> int:
    """What the store's proposed (not yet transferred) payouts add up to; one query."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(Payout.amount_idr), 0)).where(
            Payout.store_id == store_id, Payout.status == PayoutStatus.PROPOSED
        )
    )
    return int(total or 0)


def balances_of(store_ids: Iterable[int]) -> dict[int, int]:
    """Each store's ledger balance now (stores without entries are absent); one query."""
    ids = sorted(set(store_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(LedgerEntry.store_id, func.sum(LedgerEntry.amount_idr))
        .where(LedgerEntry.store_id.in_(ids))
        .group_by(LedgerEntry.store_id)
    )
    return {store_id: int(total or 0) for store_id, total in rows}


def transfer_description(payout: Payout) -> str:
    """What the seller reads on their bank statement: "PASARIKM 2025-01 TOKO17"."""
    return f"PASARIKM {payout.period} TOKO{payout.store_id}"


def bank_transfer_rows(payouts: Iterable[Payout]) -> list[list[object]]:
    """The bank's bulk-transfer rows: bank code, account number, holder, amount, description
    (the CSV writer neutralises cells that a spreadsheet would run as formulas)."""
    return [
        [p.bank_code, p.account_number, p.holder_name, p.amount_idr, transfer_description(p)]
        for p in payouts
    ]
