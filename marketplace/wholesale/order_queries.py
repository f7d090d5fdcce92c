"""Reads for the business's ordering pages: locations, saved lists, orders, approvals.

Every read takes the acting business's id: what belongs to another business is not found.
List pages run a fixed number of queries whatever their length.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.accounts.models import User
from marketplace.core.pagination import Page
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order, OrderChannel, OrderStatus
from marketplace.wholesale.models import (
    ApprovalStatus,
    BusinessLocation,
    Invoice,
    OrderList,
    OrderListItem,
    PurchaseApproval,
)

PER_PAGE = 20
DECIDED_SHOWN = 20

S = OrderStatus
ORDER_FILTERS: dict[str, tuple[str, ...]] = {
    "menunggu-persetujuan": (S.AWAITING_APPROVAL,),
    "menunggu-bayar": (S.PENDING_PAYMENT,),
    "diproses": (S.CONFIRMED, S.PAID, S.PROCESSING),
    "dikirim": (S.SHIPPED, S.DELIVERED),
    "selesai": (S.COMPLETED,),
    "batal": (S.CANCELLED, S.EXPIRED, S.REFUND_REQUESTED, S.REFUNDED),
}


def list_active_locations(business_id: int) -> list[BusinessLocation]:
    """The business's delivery locations that take orders, in the order they were added."""
    return list(
        db.session.scalars(
            select(BusinessLocation)
            .where(BusinessLocation.business_id == business_id, BusinessLocation.is_active)
            .order_by(BusinessLocation.id)
        )
    )


# -- Saved lists -------------------------------------------------------------------------------


def list_order_lists(business_id: int) -> list[tuple[OrderList, int]]:
    """The business's saved lists by name, each with its number of rows; one query."""
    counts = (
        select(OrderListItem.order_list_id, func.count().label("n"))
        .group_by(OrderListItem.order_list_id)
        .subquery()
    )
    rows = db.session.execute(
        select(OrderList, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.order_list_id == OrderList.id)
        .where(OrderList.business_id == business_id)
        .order_by(func.lower(OrderList.name), OrderList.id)
    )
    return [(order_list, int(n)) for order_list, n in rows]


def get_order_list(list_id: int, business_id: int) -> OrderList | None:
    """A saved list only if it belongs to the business."""
    return db.session.scalar(
        select(OrderList).where(OrderList.id == list_id, OrderList.business_id == business_id)
    )


# -- Orders ------------------------------------------------------------------------------------


def _business_orders(business_id: int) -> Select[tuple[Order]]:
    return select(Order).where(
        Order.business_id == business_id, Order.channel == OrderChannel.WHOLESALE
    )


def page_business_orders(business_id: int, *, status_filter: str | None, page: int) -> Page[Order]:
    """The business's wholesale orders (any member's), newest first, with store, checkout
    (delivery) and lines; three queries at any page size."""
    page = max(1, page)
    base = _business_orders(business_id)
    statuses = ORDER_FILTERS.get(status_filter or "")
    if statuses:
        base = base.where(Order.status.in_(statuses))
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    orders = list(
        db.session.scalars(
            base.options(
                joinedload(Order.store), joinedload(Order.checkout), selectinload(Order.lines)
            )
            .order_by(Order.created_at.desc(), Order.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    return Page(items=orders, total=total, page=page, per_page=PER_PAGE)


def get_business_order(number: str, business_id: int) -> Order | None:
    """A wholesale order only if it was bought for the business, with lines, store, checkout."""
    return db.session.scalar(
        _business_orders(business_id)
        .where(Order.number == number)
        .options(selectinload(Order.lines), joinedload(Order.store), joinedload(Order.checkout))
    )


def get_order_invoice(order_id: int) -> Invoice | None:
    """The invoice issued for an order, if any."""
    return db.session.scalar(select(Invoice).where(Invoice.order_id == order_id))


def get_checkout_approval(checkout_id: int) -> PurchaseApproval | None:
    """The approval request of a checkout, if it needed one."""
    return db.session.scalar(
        select(PurchaseApproval).where(PurchaseApproval.checkout_id == checkout_id)
    )


# -- Approvals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalView:
    """An approval with who asked, who decided, and the purchase's orders (lines, stores)."""

    approval: PurchaseApproval
    checkout: Checkout
    requested_by: User | None
    decided_by: User | None


def get_approval(approval_id: int, business_id: int) -> PurchaseApproval | None:
    """An approval only if it belongs to the business."""
    return db.session.scalar(
        select(PurchaseApproval).where(
            PurchaseApproval.id == approval_id, PurchaseApproval.business_id == business_id
        )
    )


def list_approvals(business_id: int, *, pending: bool) -> list[ApprovalView]:
    """Pending approvals of the business (oldest first) or the last decided ones (newest
    first), with people, checkouts, orders, stores and lines; five queries at any length."""
    stmt = select(PurchaseApproval).where(PurchaseApproval.business_id == business_id)
    if pending:
        stmt = stmt.where(PurchaseApproval.status == ApprovalStatus.PENDING).order_by(
            PurchaseApproval.created_at, PurchaseApproval.id
        )
    else:
        stmt = (
            stmt.where(PurchaseApproval.status != ApprovalStatus.PENDING)
            .order_by(PurchaseApproval.decided_at.desc(), PurchaseApproval.id.desc())
            .limit(DECIDED_SHOWN)
        )
    approvals = list(db.session.scalars(stmt))
    if not approvals:
        return []
    checkouts = {
        c.id: c
        for c in db.session.scalars(
            select(Checkout)
            .where(Checkout.id.in_([a.checkout_id for a in approvals]))
            .options(
                selectinload(Checkout.orders).options(
                    selectinload(Order.lines), joinedload(Order.store)
                )
            )
        )
    }
    user_ids = {a.requested_by_id for a in approvals} | {a.decided_by_id for a in approvals}
    users = {
        u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids - {None})))
    }
    return [
        ApprovalView(
            approval=a,
            checkout=checkouts[a.checkout_id],
            requested_by=users.get(a.requested_by_id or 0),
            decided_by=users.get(a.decided_by_id or 0),
        )
        for a in approvals
    ]
