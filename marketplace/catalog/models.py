"""Categories, products and variants."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import TimestampMixin, utcnow
from marketplace.extensions import db
from marketplace.stores.models import Store


class ProductStatus(StrEnum):
    """Only active products of live stores are public."""

    DRAFT = "draft"
    ACTIVE = "active"
    HIDDEN = "hidden"
    ARCHIVED = "archived"


class SaleType(StrEnum):
    """Ready stock ships now; pre-order is made after the order, in `preorder_days`."""

    READY = "ready"
    PREORDER = "preorder"


class Category(TimestampMixin, db.Model):
    """A node of the category tree (Kuliner > Keripik & camilan)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    # Food and drink: halal status and food permits (P-IRT, BPOM) apply.
    is_food: Mapped[bool] = mapped_column(default=False)

    parent: Mapped[Category | None] = relationship(remote_side=[id])


class Product(TimestampMixin, db.Model):
    """Goods a store sells; prices and stock live on its variants."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("store_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ProductStatus.DRAFT, index=True)
    # Why the platform hid it (e.g. an expired halal certificate, or "admin:<reason>" from
    # moderation); shown to the seller.
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    sale_type: Mapped[str] = mapped_column(String(10), default=SaleType.READY)
    preorder_days: Mapped[int | None]
    # Food fields (only for food categories).
    pirt_no: Mapped[str | None] = mapped_column(String(15))
    halal_cert_no: Mapped[str | None] = mapped_column(String(40), index=True)
    halal_expires_on: Mapped[date | None]
    is_non_halal: Mapped[bool] = mapped_column(default=False)
    bpom_no: Mapped[str | None] = mapped_column(String(20))
    shelf_life_days: Mapped[int | None]
    ingredients: Mapped[str] = mapped_column(Text, default="")
    allergens: Mapped[str] = mapped_column(String(200), default="")
    # Kept by the review service ([Orders]) so that no page recomputes an average.
    rating_count: Mapped[int] = mapped_column(default=0, server_default="0")
    rating_sum: Mapped[int] = mapped_column(default=0, server_default="0")

    store: Mapped[Store] = relationship()
    category: Mapped[Category] = relationship()
    variants: Mapped[list[ProductVariant]] = relationship(
        back_populates="product", order_by="ProductVariant.id", cascade="all, delete-orphan"
    )
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product", order_by="ProductImage.position", cascade="all, delete-orphan"
    )


class ProductVariant(TimestampMixin, db.Model):
    """One sellable form of a product (size, flavour, weight) with its price and stock."""

    __tablename__ = "product_variants"
    __table_args__ = (UniqueConstraint("store_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80), default="")
    price_idr: Mapped[int]
    stock: Mapped[int] = mapped_column(default=0)
    weight_grams: Mapped[int] = mapped_column(default=0)
    min_order: Mapped[int] = mapped_column(default=1)

    product: Mapped[Product] = relationship(back_populates="variants")


class ProductImage(db.Model):
    """A product photo: its content digest names the WebP renditions in public storage."""

    __tablename__ = "product_images"
    __table_args__ = (UniqueConstraint("product_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    # Widths of the renditions that exist (a small photo has fewer), e.g. [320, 640].
    widths: Mapped[list[int]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship(back_populates="images")


# Allowed product status changes (the platform may also hide an active product).
PRODUCT_TRANSITIONS: dict[str, frozenset[str]] = {
    ProductStatus.DRAFT: frozenset(
        {ProductStatus.ACTIVE, ProductStatus.HIDDEN, ProductStatus.ARCHIVED}
    ),
    ProductStatus.ACTIVE: frozenset(
        {ProductStatus.HIDDEN, ProductStatus.DRAFT, ProductStatus.ARCHIVED}
    ),
    ProductStatus.HIDDEN: frozenset(
        {ProductStatus.ACTIVE, ProductStatus.DRAFT, ProductStatus.ARCHIVED}
    ),
    ProductStatus.ARCHIVED: frozenset({ProductStatus.DRAFT}),
}


class ProductEvent(db.Model):
    """Every status change of a product: who (None for the platform's jobs), when, from, to, why."""

    __tablename__ = "product_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(60), default="")
