"""Reads of a store's earnings: the balance (the sum of its append-only ledger), the entries,
and what is still held by the platform for orders paid but not yet completed."""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from marketplace.catalog.models import Category
from marketplace.core.pagination import Page
from marketplace.extensions import db
from marketplace.orders.models import LedgerEntry, LedgerKind, Order, OrderStatus
from marketplace.orders.services import net_of_commission

PER_PAGE = 50

# Paid and not completed: the money waits with the platform (escrow) until completion.
HELD_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.PROCESSING,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
    OrderStatus.REFUND_REQUESTED,
)


def store_balance(store_id: int) -> int:
    """What the platform owes the store now: the sum of its ledger entries; one query."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_idr), 0)).where(
            LedgerEntry.store_id == store_id
        )
    )
    return int(total or 0)


def page_ledger(store_id: int, *, page: int, per_page: int = PER_PAGE) -> Page[LedgerEntry]:
    """The store's ledger entries, newest first; two queries at any page size."""
    page = max(1, page)
    total = (
        db.session.scalar(
            select(func.count()).select_from(LedgerEntry).where(LedgerEntry.store_id == store_id)
        )
        or 0
    )
    entries = list(
        db.session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.store_id == store_id)
            .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items=entries, total=total, page=page, per_page=per_page)


def pending_amount(store_id: int) -> int:
    """What the store will be credited when its paid, not yet completed orders complete:
    each order's total minus its commission (refunds still to come not foreseen).

    An order waiting on a refund request after completion is credited already and not
    counted. At most four queries however many orders wait.
    """
    credited = exists().where(LedgerEntry.order_id == Order.id, LedgerEntry.kind == LedgerKind.SALE)
    orders = list(
        db.session.scalars(
            select(Order)
            .where(Order.store_id == store_id, Order.status.in_(HELD_STATUSES), ~credited)
            .options(selectinload(Order.lines))
        )
    )
    category_ids = {line.category_id for order in orders for line in order.lines[:1]}
    if category_ids:
        # Loaded with their parents into the session, so commission_rate finds them there.
        categories = list(db.session.scalars(select(Category).where(Category.id.in_(category_ids))))
        parent_ids = {c.parent_id for c in categories if c.parent_id} - category_ids
        if parent_ids:
            list(db.session.scalars(select(Category).where(Category.id.in_(parent_ids))))
    return sum(net_of_commission(order)[0] for order in orders)


def list_ledger_totals(store_id: int) -> dict[str, int]:
    """The sum of the store's entries of each kind (sale, refund, payout); one query."""
    rows = db.session.execute(
        select(LedgerEntry.kind, func.sum(LedgerEntry.amount_idr))
        .where(LedgerEntry.store_id == store_id)
        .group_by(LedgerEntry.kind)
    )
    return {kind: int(amount or 0) for kind, amount in rows}
