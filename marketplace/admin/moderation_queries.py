"""Moderation reads: the report queue grouped by item, each item's history and reports, the
overview lists, and what the owners of hidden things are shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, func, or_, select

from marketplace.accounts.models import User
from marketplace.admin.models import (
    ContentReport,
    ModerationAction,
    ModerationKind,
    ModerationTarget,
    ReportStatus,
)
from marketplace.catalog.models import Product, ProductEvent
from marketplace.core.pagination import Page
from marketplace.extensions import db
from marketplace.orders.models import OrderLine, Review
from marketplace.stores.models import Store, StoreEvent, StoreMember, StoreStatus

QUEUE_PER_PAGE = 20


@dataclass
class QueueItem:
    """One reported product or review in the queue, with its open reports (oldest first)."""

    kind: str  # "product" or "review"
    item_id: int
    count: int
    first_at: datetime
    product: Product | None = None
    review: Review | None = None
    review_product_name: str = ""
    store: Store | None = None
    reports: list[tuple[ContentReport, str]] = field(default_factory=list)

    @property
    def categories(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for report, _name in self.reports:
            counts[report.category] = counts.get(report.category, 0) + 1
        return counts


def _queue_groups() -> Select[tuple[int | None, int | None, int, datetime]]:
    return (
        select(
            ContentReport.product_id,
            ContentReport.review_id,
            func.count(ContentReport.id),
            func.min(ContentReport.created_at).label("first_at"),
        )
        .where(ContentReport.status == ReportStatus.OPEN)
        .group_by(ContentReport.product_id, ContentReport.review_id)
    )


def page_report_queue(*, page: int = 1, per_page: int = QUEUE_PER_PAGE) -> Page[QueueItem]:
    """Open reports grouped by item, the item reported longest ago first; five queries at any
    page size (count, groups, products with stores, reviews, the reports with reporters)."""
    per_page = max(1, min(per_page, 100))
    page = max(1, page)
    groups = _queue_groups().subquery()
    total = db.session.scalar(select(func.count()).select_from(groups)) or 0
    rows = db.session.execute(
        _queue_groups()
        .order_by(
            func.min(ContentReport.created_at), ContentReport.product_id, ContentReport.review_id
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [
        QueueItem(
            kind="product" if product_id is not None else "review",
            item_id=product_id if product_id is not None else review_id,  # type: ignore[arg-type]
            count=count,
            first_at=first_at,
        )
        for product_id, review_id, count, first_at in rows
    ]
    product_ids = [i.item_id for i in items if i.kind == "product"]
    review_ids = [i.item_id for i in items if i.kind == "review"]
    products: dict[int, tuple[Product, Store]] = {}
    if product_ids:
        products = {
            p.id: (p, s)
            for p, s in db.session.execute(
                select(Product, Store)
                .join(Store, Store.id == Product.store_id)
                .where(Product.id.in_(product_ids))
            )
        }
    reviews: dict[int, tuple[Review, str, Store]] = {}
    if review_ids:
        reviews = {
            r.id: (r, name, s)
            for r, name, s in db.session.execute(
                select(Review, OrderLine.product_name, Store)
                .join(OrderLine, OrderLine.id == Review.order_line_id)
                .join(Store, Store.id == Review.store_id)
                .where(Review.id.in_(review_ids))
            )
        }
    by_item: dict[tuple[str, int], QueueItem] = {(i.kind, i.item_id): i for i in items}
    if items:
        reports = db.session.execute(
            select(ContentReport, User.name)
            .outerjoin(User, User.id == ContentReport.reporter_id)
            .where(
                ContentReport.status == ReportStatus.OPEN,
                or_(
                    ContentReport.product_id.in_(product_ids or [-1]),
                    ContentReport.review_id.in_(review_ids or [-1]),
                ),
            )
            .order_by(ContentReport.created_at, ContentReport.id)
        )
        for report, name in reports:
            key = (
                ("product", report.product_id)
                if report.product_id is not None
                else ("review", report.review_id)
            )
            item = by_item.get(key)  # type: ignore[arg-type]
            if item is not None:
                item.reports.append((report, name or "—"))
    for item in items:
        if item.kind == "product" and item.item_id in products:
            item.product, item.store = products[item.item_id]
        elif item.item_id in reviews:
            item.review, item.review_product_name, item.store = reviews[item.item_id]
    return Page(items=items, total=total, page=page, per_page=per_page)


def count_open_reports() -> int:
    """Open reports in the queue (for a badge); one query."""
    return (
        db.session.scalar(
            select(func.count(ContentReport.id)).where(ContentReport.status == ReportStatus.OPEN)
        )
        or 0
    )


@dataclass(frozen=True)
class HistoryRow:
    """One moderation action on an item, with the admin's name."""

    action: ModerationAction
    actor_name: str


def list_history(target: ModerationTarget, target_id: int) -> list[HistoryRow]:
    """An item's moderation actions, newest first; one query."""
    rows = db.session.execute(
        select(ModerationAction, User.name)
        .outerjoin(User, User.id == ModerationAction.actor_user_id)
        .where(ModerationAction.target_kind == target, ModerationAction.target_id == target_id)
        .order_by(ModerationAction.at.desc(), ModerationAction.id.desc())
    )
    return [HistoryRow(action, name or "—") for action, name in rows]


def list_item_reports(
    *, product_id: int | None = None, review_id: int | None = None, limit: int = 100
) -> list[tuple[ContentReport, str]]:
    """Every report of one item (any status) with the reporter's name, newest first."""
    column = ContentReport.product_id if product_id is not None else ContentReport.review_id
    rows = db.session.execute(
        select(ContentReport, User.name)
        .outerjoin(User, User.id == ContentReport.reporter_id)
        .where(column == (product_id if product_id is not None else review_id))
        .order_by(ContentReport.created_at.desc(), ContentReport.id.desc())
        .limit(limit)
    )
    return [(report, name or "—") for report, name in rows]


def list_recent_actions(*, limit: int = 50) -> list[HistoryRow]:
    """The latest moderation actions of every admin, newest first; one query."""
    rows = db.session.execute(
        select(ModerationAction, User.name)
        .outerjoin(User, User.id == ModerationAction.actor_user_id)
        .order_by(ModerationAction.at.desc(), ModerationAction.id.desc())
        .limit(limit)
    )
    return [HistoryRow(action, name or "—") for action, name in rows]


def list_suspended_stores(*, limit: int = 100) -> list[Store]:
    """Suspended stores, by name; one query."""
    return list(
        db.session.scalars(
            select(Store)
            .where(Store.status == StoreStatus.SUSPENDED)
            .order_by(Store.name, Store.id)
            .limit(limit)
        )
    )


def list_suspended_users(*, limit: int = 100) -> list[User]:
    """Suspended users, most recent first; one query."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.suspended_at.is_not(None))
            .order_by(User.suspended_at.desc(), User.id.desc())
            .limit(limit)
        )
    )


def find_stores(text: str, *, limit: int = 20) -> list[Store]:
    """Stores whose name or address (slug) contains the text; one query."""
    text = text.strip().lower()
    if not text:
        return []
    return list(
        db.session.scalars(
            select(Store)
            .where(
                or_(
                    func.lower(Store.name).contains(text, autoescape=True),
                    Store.slug.contains(text, autoescape=True),
                )
            )
            .order_by(Store.name, Store.id)
            .limit(limit)
        )
    )


def list_hidden_store_reviews(store_id: int, *, limit: int = 50) -> list[Review]:
    """A store's reviews an admin hid, newest first, for the seller's review page; one query."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.store_id == store_id, Review.is_hidden.is_(True))
            .order_by(Review.updated_at.desc(), Review.id.desc())
            .limit(limit)
        )
    )


def store_suspension_reason(store_id: int) -> str:
    """The reason of a store's latest suspension ('' if none); one query."""
    return (
        db.session.scalar(
            select(ModerationAction.reason)
            .where(
                ModerationAction.target_kind == ModerationTarget.STORE,
                ModerationAction.target_id == store_id,
                ModerationAction.action == ModerationKind.SUSPEND,
            )
            .order_by(ModerationAction.at.desc(), ModerationAction.id.desc())
            .limit(1)
        )
        or ""
    )


def list_product_events(product_id: int, *, limit: int = 50) -> list[ProductEvent]:
    """A product's status changes, newest first; one query."""
    return list(
        db.session.scalars(
            select(ProductEvent)
            .where(ProductEvent.product_id == product_id)
            .order_by(ProductEvent.at.desc(), ProductEvent.id.desc())
            .limit(limit)
        )
    )


def list_store_events(store_id: int, *, limit: int = 50) -> list[StoreEvent]:
    """A store's status changes, newest first; one query."""
    return list(
        db.session.scalars(
            select(StoreEvent)
            .where(StoreEvent.store_id == store_id)
            .order_by(StoreEvent.at.desc(), StoreEvent.id.desc())
            .limit(limit)
        )
    )


def list_user_stores(user_id: int) -> list[tuple[Store, str]]:
    """The stores a user runs, with their role; one query."""
    rows = db.session.execute(
        select(Store, StoreMember.role)
        .join(StoreMember, StoreMember.store_id == Store.id)
        .where(StoreMember.user_id == user_id)
        .order_by(Store.name, Store.id)
    )
    return [(store, role) for store, role in rows]


def list_store_people(store_id: int) -> list[tuple[User, str]]:
    """The people running a store, with their role; one query."""
    rows = db.session.execute(
        select(User, StoreMember.role)
        .join(StoreMember, StoreMember.user_id == User.id)
        .where(StoreMember.store_id == store_id)
        .order_by(StoreMember.role, User.name, User.id)
    )
    return [(user, role) for user, role in rows]
