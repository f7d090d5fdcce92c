"""Store reads."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.catalog.models import Product, ProductStatus
from marketplace.extensions import db
from marketplace.stores.models import Store, StoreMember, StoreStatus


@dataclass(frozen=True)
class StoreSummary:
    """A store with its count of products in a given state."""

    store: Store
    role: str
    product_count: int


def get_live_store(slug: str) -> Store | None:
    """A public (live) store by its slug, or None."""
    return db.session.scalar(
        select(Store).where(Store.slug == slug, Store.status == StoreStatus.LIVE)
    )


def list_live_stores(*, limit: int = 6) -> list[Store]:
    """The most recently opened live stores, one query."""
    return list(
        db.session.scalars(
            select(Store)
            .where(Store.status == StoreStatus.LIVE)
            .order_by(Store.created_at.desc(), Store.id.desc())
            .limit(limit)
        )
    )


def list_stores_of_user(user_id: int) -> list[StoreSummary]:
    """The stores a user runs, with their role and active product count, one query."""
    counts = (
        select(Product.store_id, func.count(Product.id).label("n"))
        .where(Product.status == ProductStatus.ACTIVE)
        .group_by(Product.store_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Store, StoreMember.role, func.coalesce(counts.c.n, 0))
        .join(StoreMember, StoreMember.store_id == Store.id)
        .outerjoin(counts, counts.c.store_id == Store.id)
        .where(StoreMember.user_id == user_id)
        .order_by(Store.name)
    )
    return [StoreSummary(store=s, role=r, product_count=n) for s, r, n in rows]


def get_store_for_member(store_id: int, user_id: int) -> tuple[Store, str] | None:
    """The store and the user's role in it, or None if the user does not run it."""
    row = db.session.execute(
        select(Store, StoreMember.role)
        .join(StoreMember, StoreMember.store_id == Store.id)
        .where(Store.id == store_id, StoreMember.user_id == user_id)
    ).first()
    return (row[0], row[1]) if row else None


def list_stores_awaiting_review() -> list[Store]:
    """Stores whose owners asked an admin to vouch for them, oldest request first."""
    return list(
        db.session.scalars(
            select(Store)
            .where(Store.review_requested_at.is_not(None), Store.approved_at.is_(None))
            .order_by(Store.review_requested_at)
        )
    )


def list_store_members(store_id: int) -> list[tuple[StoreMember, str, str]]:
    """The people running a store: (membership, name, email), owners first; one query."""
    from marketplace.accounts.models import User

    rows = db.session.execute(
        select(StoreMember, User.name, User.email)
        .join(User, User.id == StoreMember.user_id)
        .where(StoreMember.store_id == store_id)
        .order_by(StoreMember.role.desc(), User.name)
    )
    return [(m, n, e) for m, n, e in rows]
