"""Catalog reads. Each list runs a fixed number of SQL queries whatever its length."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.extensions import db
from marketplace.stores.models import Store, StoreStatus


@dataclass(frozen=True)
class ProductCard:
    """What a product tile shows."""

    id: int
    name: str
    slug: str
    store_name: str
    store_slug: str
    city_name: str
    category_name: str
    category_name_en: str
    price_from_idr: int
    in_stock: bool


def _public_cards() -> Select[tuple]:
    prices = (
        select(
            ProductVariant.product_id,
            func.min(ProductVariant.price_idr).label("price_from"),
            func.sum(ProductVariant.stock).label("stock"),
        )
        .group_by(ProductVariant.product_id)
        .subquery()
    )
    return (
        select(
            Product.id,
            Product.name,
            Product.slug,
            Store.name,
            Store.slug,
            Store.city_name,
            Category.name,
            Category.name_en,
            prices.c.price_from,
            prices.c.stock,
        )
        .join(Store, Store.id == Product.store_id)
        .join(Category, Category.id == Product.category_id)
        .join(prices, prices.c.product_id == Product.id)
        .where(Product.status == ProductStatus.ACTIVE, Store.status == StoreStatus.LIVE)
    )


def _cards(stmt: Select[tuple]) -> list[ProductCard]:
    return [ProductCard(*row[:9], in_stock=(row[9] or 0) > 0) for row in db.session.execute(stmt)]


def list_latest_products(*, limit: int = 12) -> list[ProductCard]:
    """The newest public products (active, in a live store), one query."""
    return _cards(
        _public_cards().order_by(Product.created_at.desc(), Product.id.desc()).limit(limit)
    )


def search_products_by_name(text: str, *, limit: int = 48) -> list[ProductCard]:
    """Public products whose name, description, store or category contains every word of `text`.

    A plain SQL match used until the search engine ([Search]) replaces it; one query.
    """
    stmt = _public_cards()
    for word in text.lower().split()[:8]:
        stmt = stmt.where(
            or_(
                *(
                    func.lower(column).contains(word, autoescape=True)
                    for column in (Product.name, Product.description, Store.name, Category.name)
                )
            )
        )
    return _cards(stmt.order_by(Product.name, Product.id).limit(limit))


def list_category_products(category_ids: list[int], *, limit: int = 60) -> list[ProductCard]:
    """Public products in any of the given categories, newest first, one query."""
    return _cards(
        _public_cards()
        .where(Product.category_id.in_(category_ids))
        .order_by(Product.created_at.desc(), Product.id.desc())
        .limit(limit)
    )


def get_category_with_children(slug: str) -> tuple[Category, list[Category]] | None:
    """A category and its direct children (in display order), or None; one query."""
    parent = aliased(Category)
    rows = db.session.execute(
        select(Category, parent.id)
        .outerjoin(parent, parent.id == Category.parent_id)
        .where(or_(Category.slug == slug, parent.slug == slug))
        .order_by(Category.position, Category.id)
    ).all()
    found = next((c for c, _ in rows if c.slug == slug), None)
    if found is None:
        return None
    return found, [c for c, parent_id in rows if parent_id == found.id]


def list_top_categories() -> list[Category]:
    """Top-level categories in display order."""
    return list(
        db.session.scalars(
            select(Category).where(Category.parent_id.is_(None)).order_by(Category.position)
        )
    )


def get_public_product(store_slug: str, product_slug: str) -> Product | None:
    """An active product of a live store, with its store, category and variants loaded."""
    from sqlalchemy.orm import selectinload

    return db.session.scalar(
        select(Product)
        .join(Store, Store.id == Product.store_id)
        .where(
            Store.slug == store_slug,
            Product.slug == product_slug,
            Store.status == StoreStatus.LIVE,
            Product.status == ProductStatus.ACTIVE,
        )
        .options(selectinload(Product.variants))
    )


def list_store_products(store_id: int, *, limit: int = 60) -> list[ProductCard]:
    """A live store's public products, newest first, one query."""
    return _cards(
        _public_cards()
        .where(Product.store_id == store_id)
        .order_by(Product.created_at.desc(), Product.id.desc())
        .limit(limit)
    )
