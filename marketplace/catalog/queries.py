"""Catalog reads. Each list runs a fixed number of SQL queries whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from marketplace.catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
)
from marketplace.core.pagination import Page
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
    image_digest: str | None = None
    image_widths: tuple[int, ...] = ()


def halal_valid_today() -> Any:
    """Food must carry a halal certificate valid today or a non-halal statement; the daily
    expiry job hides the rest, and until it runs they are left out of public pages."""
    return or_(
        Category.is_food.is_(False),
        Product.is_non_halal.is_(True),
        Product.halal_expires_on >= date.today(),
    )


def _public_cards(product_ids: list[int] | None = None) -> Select[tuple]:
    prices_of = select(
        ProductVariant.product_id,
        func.min(ProductVariant.price_idr).label("price_from"),
        func.sum(ProductVariant.stock).label("stock"),
    )
    if product_ids is not None:
        # Known ids (search hits): group only their variants, not the whole catalogue's.
        prices_of = prices_of.where(ProductVariant.product_id.in_(product_ids))
    prices = prices_of.group_by(ProductVariant.product_id).subquery()
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
        .where(halal_valid_today())
    )


def _cards(stmt: Select[tuple]) -> list[ProductCard]:
    """Cards for the rows of `stmt`, with their cover photos: two queries in all."""
    rows = db.session.execute(stmt).all()
    covers = first_images([row[0] for row in rows])
    cards = []
    for row in rows:
        digest, widths = covers.get(row[0], (None, ()))
        cards.append(
            ProductCard(
                *row[:9],
                in_stock=(row[9] or 0) > 0,
                image_digest=digest,
                image_widths=tuple(widths),
            )
        )
    return cards


def list_latest_products(*, limit: int = 12) -> list[ProductCard]:
    """The newest public products (active, in a live store), one query."""
    return _cards(
        _public_cards().order_by(Product.created_at.desc(), Product.id.desc()).limit(limit)
    )


def list_cards_by_ids(product_ids: list[int]) -> list[ProductCard]:
    """Cards of those products that are public, in the order given (search hits); two queries."""
    if not product_ids:
        return []
    order = {pid: i for i, pid in enumerate(product_ids)}
    cards = _cards(_public_cards(product_ids).where(Product.id.in_(product_ids)))
    return sorted(cards, key=lambda card: order[card.id])


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
    return db.session.scalar(
        select(Product)
        .join(Store, Store.id == Product.store_id)
        .join(Category, Category.id == Product.category_id)
        .where(
            Store.slug == store_slug,
            Product.slug == product_slug,
            Store.status == StoreStatus.LIVE,
            Product.status == ProductStatus.ACTIVE,
            halal_valid_today(),
        )
        .options(selectinload(Product.variants))
    )


@dataclass(frozen=True)
class SellerProductRow:
    """A product in the seller's list, with its stock and price range."""

    product: Product
    stock: int
    price_min: int
    price_max: int
    variant_count: int
    image_digest: str | None


LOW_STOCK = 5


def list_store_products_for_seller(
    store_id: int, *, status: str | None = None, low_stock: bool = False
) -> list[SellerProductRow]:
    """All of a store's products for its seller (any status), with stock; two queries."""
    stock = (
        select(
            ProductVariant.product_id,
            func.sum(ProductVariant.stock).label("stock"),
            func.min(ProductVariant.price_idr).label("pmin"),
            func.max(ProductVariant.price_idr).label("pmax"),
            func.count(ProductVariant.id).label("n"),
        )
        .group_by(ProductVariant.product_id)
        .subquery()
    )
    stmt = (
        select(Product, stock.c.stock, stock.c.pmin, stock.c.pmax, stock.c.n)
        .outerjoin(stock, stock.c.product_id == Product.id)
        .where(Product.store_id == store_id)
        .order_by(Product.updated_at.desc(), Product.id.desc())
    )
    if status:
        stmt = stmt.where(Product.status == status)
    if low_stock:
        stmt = stmt.where(func.coalesce(stock.c.stock, 0) <= LOW_STOCK)
    rows = db.session.execute(stmt).all()
    covers = first_images([p.id for p, *_ in rows])
    return [
        SellerProductRow(
            p, int(s or 0), int(lo or 0), int(hi or 0), int(n or 0), covers.get(p.id, (None,))[0]
        )
        for p, s, lo, hi, n in rows
    ]


def first_images(product_ids: list[int]) -> dict[int, tuple[str, list[int]]]:
    """The cover photo (digest, rendition widths) of each product, in one query."""
    if not product_ids:
        return {}
    first = (
        select(ProductImage.product_id, func.min(ProductImage.position).label("pos"))
        .where(ProductImage.product_id.in_(product_ids))
        .group_by(ProductImage.product_id)
        .subquery()
    )
    rows = db.session.execute(
        select(ProductImage.product_id, ProductImage.digest, ProductImage.widths).join(
            first,
            (first.c.product_id == ProductImage.product_id)
            & (first.c.pos == ProductImage.position),
        )
    )
    return {pid: (digest, widths) for pid, digest, widths in rows}


def get_store_product(store_id: int, product_id: int) -> Product | None:
    """A product only if it belongs to the store (the seller-side ownership check)."""
    return db.session.scalar(
        select(Product)
        .where(Product.id == product_id, Product.store_id == store_id)
        .options(selectinload(Product.variants), selectinload(Product.images))
    )


def get_store_product_image(store_id: int, image_id: int) -> ProductImage | None:
    """A product photo only if its product belongs to the store."""
    return db.session.scalar(
        select(ProductImage)
        .join(Product, Product.id == ProductImage.product_id)
        .where(ProductImage.id == image_id, Product.store_id == store_id)
    )


def page_of_cards(stmt: Select[tuple], *, page: int, per_page: int = 24) -> Page[ProductCard]:
    """One page of product cards: count, rows and covers, three queries at any page size."""
    per_page = max(1, min(per_page, 96))
    page = max(1, page)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    cards = _cards(stmt.limit(per_page).offset((page - 1) * per_page))
    return Page(items=cards, total=total or 0, page=page, per_page=per_page)


def page_store_products(store_id: int, *, page: int) -> Page[ProductCard]:
    """A live store's public products, newest first, by page."""
    stmt = (
        _public_cards()
        .where(Product.store_id == store_id)
        .order_by(Product.created_at.desc(), Product.id.desc())
    )
    return page_of_cards(stmt, page=page)


def page_category_products(category_ids: list[int], *, page: int) -> Page[ProductCard]:
    """Public products in any of the categories, newest first, by page."""
    stmt = (
        _public_cards()
        .where(Product.category_id.in_(category_ids))
        .order_by(Product.created_at.desc(), Product.id.desc())
    )
    return page_of_cards(stmt, page=page)


def list_sitemap_entries() -> list[tuple[str, str, Any]]:
    """(store slug, product slug, updated_at) of every public product, for sitemap.xml."""
    rows = db.session.execute(
        select(Store.slug, Product.slug, Product.updated_at)
        .join(Store, Store.id == Product.store_id)
        .join(Category, Category.id == Product.category_id)
        .where(Product.status == ProductStatus.ACTIVE, Store.status == StoreStatus.LIVE)
        .where(halal_valid_today())
        .order_by(Product.id)
    )
    return [tuple(r) for r in rows]


def list_category_tree() -> list[tuple[Category, list[Category]]]:
    """Top categories with their children, in display order; one query."""
    categories = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    tops = [c for c in categories if c.parent_id is None]
    return [(top, [c for c in categories if c.parent_id == top.id]) for top in tops]


def list_store_variants(store_id: int) -> list[tuple[ProductVariant, Product]]:
    """Every variant of a store with its product, for the quick stock and price editor."""
    rows = db.session.execute(
        select(ProductVariant, Product)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.store_id == store_id, Product.status != ProductStatus.ARCHIVED)
        .order_by(Product.name, ProductVariant.id)
    )
    return [(v, p) for v, p in rows]
