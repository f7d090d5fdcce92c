"""Reads for addresses and orders; list pages run a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.core.pagination import Page
from marketplace.extensions import db
from marketplace.orders.models import Address, Order, OrderEvent, OrderStatus

PER_PAGE = 20


def list_addresses(user_id: int) -> list[Address]:
    """A user's address book, the default first."""
    return list(
        db.session.scalars(
            select(Address)
            .where(Address.user_id == user_id)
            .order_by(Address.is_default.desc(), Address.id)
        )
    )


def get_address(address_id: int | None, user_id: int) -> Address | None:
    """An address only if it is in this user's book."""
    return db.session.scalar(
        select(Address).where(Address.id == address_id, Address.user_id == user_id)
    )


def page_buyer_orders(buyer_id: int, *, page: int) -> Page[Order]:
    """A buyer's orders, newest first, with store and lines; three queries at any size."""
    page = max(1, page)
    base = select(Order).where(Order.buyer_id == buyer_id)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    orders = list(
        db.session.scalars(
            base.options(selectinload(Order.lines), joinedload(Order.store))
            .order_by(Order.created_at.desc(), Order.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    return Page(items=orders, total=total, page=page, per_page=PER_PAGE)


def get_buyer_order(number: str, buyer_id: int) -> Order | None:
    """An order only if this user bought it, with lines, store and checkout."""
    return db.session.scalar(
        select(Order)
        .where(Order.number == number, Order.buyer_id == buyer_id)
        .options(selectinload(Order.lines), joinedload(Order.store), joinedload(Order.checkout))
    )


def list_order_events(order_id: int) -> list[OrderEvent]:
    """An order's timeline, oldest first."""
    return list(
        db.session.scalars(
            select(OrderEvent)
            .where(OrderEvent.order_id == order_id)
            .order_by(OrderEvent.at, OrderEvent.id)
        )
    )


SELLER_FILTERS = {
    "perlu-diproses": ["paid", "confirmed"],
    "diproses": ["processing"],
    "dikirim": ["shipped", "delivered"],
    "selesai": ["completed"],
    "menunggu-bayar": ["pending_payment"],
    "batal": ["cancelled", "expired", "refunded", "refund_requested"],
    "grosir": ["confirmed", "paid", "processing", "shipped", "delivered", "completed"],
}


def page_store_orders(store_id: int, *, status_filter: str | None, page: int) -> Page[Order]:
    """A store's orders (oldest paid first when waiting, newest first otherwise) with lines
    and checkout (the delivery address); three queries at any page size."""
    page = max(1, page)
    # A wholesale purchase waiting for the business's approver is not the seller's yet.
    base = select(Order).where(
        Order.store_id == store_id, Order.status != OrderStatus.AWAITING_APPROVAL
    )
    statuses = SELLER_FILTERS.get(status_filter or "")
    if statuses:
        base = base.where(Order.status.in_(statuses))
    if status_filter == "grosir":
        base = base.where(Order.channel == "wholesale")
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    # Waiting work: the earliest requested delivery date (wholesale) first, then the oldest
    # payment or confirmation.
    order_by = (
        (
            Order.requested_delivery_on.is_(None),
            Order.requested_delivery_on.asc(),
            func.coalesce(Order.paid_at, Order.created_at).asc(),
            Order.id.asc(),
        )
        if status_filter in {"perlu-diproses", "diproses", "grosir"}
        else (Order.created_at.desc(), Order.id.desc())
    )
    orders = list(
        db.session.scalars(
            base.options(selectinload(Order.lines), joinedload(Order.checkout))
            .order_by(*order_by)
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    return Page(items=orders, total=total, page=page, per_page=PER_PAGE)


def count_store_orders_by_status(store_id: int) -> dict[str, int]:
    """How many orders of the store are in each status; one query."""
    rows = db.session.execute(
        select(Order.status, func.count()).where(Order.store_id == store_id).group_by(Order.status)
    )
    return {status: n for status, n in rows}


def get_store_order(store_id: int, number: str) -> Order | None:
    """An order only if it belongs to the store (the seller-side ownership check)."""
    return db.session.scalar(
        select(Order)
        .where(
            Order.number == number,
            Order.store_id == store_id,
            Order.status != OrderStatus.AWAITING_APPROVAL,
        )
        .options(selectinload(Order.lines), joinedload(Order.checkout))
    )
