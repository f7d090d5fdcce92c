"""Categories, products and variants."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import TimestampMixin
from marketplace.extensions import db
from marketplace.stores.models import Store


class ProductStatus(StrEnum):
    """Only active products of live stores are public."""

    DRAFT = "draft"
    ACTIVE = "active"
    HIDDEN = "hidden"
    ARCHIVED = "archived"


class Category(db.Model):
    """A node of the category tree (Kuliner > Keripik & camilan)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(default=0)

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

    store: Mapped[Store] = relationship()
    category: Mapped[Category] = relationship()
    variants: Mapped[list[ProductVariant]] = relationship(
        back_populates="product", order_by="ProductVariant.id"
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

    product: Mapped[Product] = relationship(back_populates="variants")
