"""Catalog writes: products, variants, photos, publication. Services flush; callers commit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.catalog.errors import InvalidProduct, NotPublishable, SkuTaken
from marketplace.catalog.models import (
    PRODUCT_TRANSITIONS,
    Category,
    Product,
    ProductEvent,
    ProductImage,
    ProductStatus,
    ProductVariant,
    SaleType,
)
from marketplace.core.images import ProcessedImage, process_image
from marketplace.core.storage import get_storage
from marketplace.extensions import db
from marketplace.search.indexing import mark_products_changed
from marketplace.stores.models import Store

PIRT_RE = re.compile(r"^\d{15}$")
BPOM_RE = re.compile(r"^M[DL] ?\d{12,15}$")
MAX_IMAGES = 8
# `hidden_reason` of a product an admin hid (admin.moderation): only an admin shows it again.
MODERATED_PREFIX = "admin:"
# Prices, stock and weights are 32-bit integers in the database.
MAX_AMOUNT = 1_000_000_000


@dataclass(frozen=True)
class VariantData:
    """One sellable form of a product."""

    sku: str
    label: str
    price_idr: int
    stock: int
    weight_grams: int
    min_order: int = 1


@dataclass(frozen=True)
class ProductData:
    """The editable fields of a product, as plain values."""

    name: str
    category_id: int
    description: str
    sale_type: str = SaleType.READY
    preorder_days: int | None = None
    pirt_no: str | None = None
    halal_cert_no: str | None = None
    halal_expires_on: date | None = None
    is_non_halal: bool = False
    bpom_no: str | None = None
    shelf_life_days: int | None = None
    ingredients: str = ""
    allergens: str = ""
    variants: list[VariantData] = field(default_factory=list)


def _check(store: Store, data: ProductData, *, product_id: int | None) -> Category:
    category = db.session.get(Category, data.category_id)
    if category is None or category.parent_id is None:
        raise InvalidProduct(_l("Pilih kategori produk."))
    if not data.variants:
        raise InvalidProduct(_l("Isi setidaknya satu varian dengan harga."))
    skus = [v.sku for v in data.variants]
    if len(set(skus)) != len(skus):
        raise InvalidProduct(_l("Setiap varian harus punya SKU yang berbeda."))
    for v in data.variants:
        if v.price_idr <= 0 or v.stock < 0 or v.weight_grams < 0 or v.min_order < 1:
            raise InvalidProduct(
                _l("Harga harus lebih dari 0; stok, berat dan minimum pesanan tidak negatif.")
            )
        if max(v.price_idr, v.stock, v.weight_grams, v.min_order) > MAX_AMOUNT:
            raise InvalidProduct(_l("Angka terlalu besar (maksimal 1.000.000.000)."))
        if len(v.sku) > 40:
            raise InvalidProduct(_l("SKU paling banyak 40 karakter."))
    if data.sale_type == SaleType.PREORDER and not (data.preorder_days or 0) > 0:
        raise InvalidProduct(_l("Isi lama pre-order dalam hari."))
    if data.pirt_no and not PIRT_RE.match(data.pirt_no):
        raise InvalidProduct(_l("Nomor P-IRT terdiri dari 15 digit."))
    if data.bpom_no and not BPOM_RE.match(data.bpom_no):
        raise InvalidProduct(
            _l("Nomor BPOM diawali MD atau ML, diikuti angka (mis. MD 224510001234).")
        )
    if data.halal_cert_no and data.is_non_halal:
        raise InvalidProduct(
            _l("Pilih salah satu: nomor sertifikat halal atau pernyataan tidak halal.")
        )
    taken = db.session.scalar(
        select(ProductVariant.sku).where(
            ProductVariant.store_id == store.id,
            ProductVariant.sku.in_(skus),
            ProductVariant.product_id != (product_id or 0),
        )
    )
    if taken is not None:
        raise SkuTaken(taken)
    return category


def _unique_slug(store: Store, name: str, *, product_id: int | None) -> str:
    base = slugify(name, max_length=100, word_boundary=True) or "produk"
    existing = set(
        db.session.scalars(
            select(Product.slug).where(
                Product.store_id == store.id,
                Product.slug.like(f"{base}%"),
                Product.id != (product_id or 0),
            )
        )
    )
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


_FIELDS = (
    "name",
    "category_id",
    "description",
    "sale_type",
    "preorder_days",
    "pirt_no",
    "halal_cert_no",
    "halal_expires_on",
    "is_non_halal",
    "bpom_no",
    "shelf_life_days",
    "ingredients",
    "allergens",
)


def create_product(store: Store, *, data: ProductData) -> Product:
    """Add a product as a draft. Raises InvalidProduct, SkuTaken."""
    _check(store, data, product_id=None)
    product = Product(store_id=store.id, status=ProductStatus.DRAFT)
    for name in _FIELDS:
        setattr(product, name, getattr(data, name))
    product.slug = _unique_slug(store, data.name, product_id=None)
    db.session.add(product)
    db.session.flush()
    _sync_variants(product, data.variants)
    return product


def update_product(product: Product, *, data: ProductData) -> Product:
    """Edit a product and its variants (matched by SKU). An active product must stay
    publishable. Raises InvalidProduct, SkuTaken, NotPublishable."""
    _check(product.store, data, product_id=product.id)
    if data.name != product.name:
        product.slug = _unique_slug(product.store, data.name, product_id=product.id)
    for name in _FIELDS:
        setattr(product, name, getattr(data, name))
    _sync_variants(product, data.variants)
    db.session.flush()
    db.session.refresh(product, ["category"])
    if product.status == ProductStatus.ACTIVE:
        problems = publish_problems(product)
        if problems:
            raise NotPublishable(problems)
    return product


def _sync_variants(product: Product, variants: list[VariantData]) -> None:
    by_sku = {v.sku: v for v in product.variants}
    wanted = {v.sku for v in variants}
    for variant in list(product.variants):
        if variant.sku not in wanted:
            product.variants.remove(variant)
    for data in variants:
        variant = by_sku.get(data.sku)
        if variant is None:
            variant = ProductVariant(store_id=product.store_id, sku=data.sku)
            product.variants.append(variant)
        variant.label = data.label
        variant.price_idr = data.price_idr
        variant.stock = data.stock
        variant.weight_grams = data.weight_grams
        variant.min_order = data.min_order
    db.session.flush()


def publish_problems(product: Product, *, today: date | None = None) -> list[str]:
    """Why the product may not be shown yet (empty when it may)."""
    today = today or date.today()
    problems: list[str] = []
    if not product.variants:
        problems.append(str(_l("Tambahkan setidaknya satu varian dengan harga.")))
    expired = _expired_document_numbers(product, today)
    if expired:
        problems.append(
            str(
                _l(
                    "Dokumen %(docs)s kedaluwarsa. Unggah dokumen baru dan perbarui nomornya.",
                    docs=", ".join(expired),
                )
            )
        )
    if product.category.is_food:
        # Halal certification is mandatory for food and drink (BPJPH, since October 2026).
        halal_ok = bool(
            product.halal_cert_no and product.halal_expires_on and product.halal_expires_on >= today
        )
        if not (halal_ok or product.is_non_halal):
            problems.append(
                str(
                    _l(
                        "Produk makanan/minuman wajib mencantumkan sertifikat halal yang masih "
                        "berlaku, atau pernyataan bahwa produk tidak halal."
                    )
                )
            )
    return problems


def _expired_document_numbers(product: Product, today: date) -> list[str]:
    """Numbers the product relies on whose store document has expired."""
    from marketplace.stores.models import StoreDocument

    used = {
        "halal": product.halal_cert_no,
        "pirt": product.pirt_no,
        "bpom": product.bpom_no,
    }
    numbers = [n for n in used.values() if n]
    if not numbers:
        return []
    rows = db.session.execute(
        select(StoreDocument.kind, StoreDocument.number).where(
            StoreDocument.store_id == product.store_id,
            StoreDocument.number.in_(numbers),
            StoreDocument.expires_on < today,
        )
    )
    return sorted(f"{kind.upper()} {number}" for kind, number in rows if used.get(kind) == number)


def record_status(product: Product, status: str, *, actor_id: int | None, reason: str) -> None:
    """Set a product's status and keep the event (who, when, from, to, why)."""
    if status == product.status:
        return
    db.session.add(
        ProductEvent(
            product_id=product.id,
            actor_user_id=actor_id,
            from_status=product.status,
            to_status=status,
            reason=reason[:60],
        )
    )
    product.status = status


def set_status(product: Product, status: str, *, actor: User | None = None) -> None:
    """Change a product's status along PRODUCT_TRANSITIONS; going active checks the
    publication rule. Raises InvalidProduct (not an allowed change), NotPublishable.
    """
    if status not in set(ProductStatus):
        raise InvalidProduct()
    if status == product.status:
        return
    if status not in PRODUCT_TRANSITIONS[product.status]:
        raise InvalidProduct(
            _l("Status tidak bisa diubah dari %(old)s ke %(new)s.", old=product.status, new=status)
        )
    if status == ProductStatus.ACTIVE:
        if (product.hidden_reason or "").startswith(MODERATED_PREFIX):
            raise InvalidProduct(
                _l(
                    "Produk ini disembunyikan oleh admin Pasar IKM dan hanya admin yang dapat "
                    "menayangkannya lagi. Perbaiki sesuai alasannya, lalu hubungi admin."
                )
            )
        problems = publish_problems(product)
        if problems:
            raise NotPublishable(problems)
        product.hidden_reason = None
    record_status(product, status, actor_id=actor.id if actor else None, reason="seller")
    db.session.flush()


def bulk_set_status(
    store: Store, product_ids: list[int], status: str, *, actor: User | None = None
) -> tuple[int, list[str]]:
    """Set many products' status; returns how many changed and the names that could not."""
    products = db.session.scalars(
        select(Product).where(Product.store_id == store.id, Product.id.in_(product_ids))
    ).all()
    changed, refused = 0, []
    for product in products:
        try:
            set_status(product, status, actor=actor)
            changed += 1
        except (NotPublishable, InvalidProduct):
            refused.append(product.name)
    return changed, refused


def duplicate_product(product: Product) -> Product:
    """A draft copy with "(salinan)" in its name and new SKUs ending in -COPY, -COPY2...

    Raises InvalidProduct for a product an admin hid (a copy would route around it).
    """
    if (product.hidden_reason or "").startswith(MODERATED_PREFIX):
        raise InvalidProduct(
            _l("Produk ini disembunyikan oleh admin, jadi tidak bisa disalin. Hubungi admin.")
        )
    store = product.store
    existing = set(
        db.session.scalars(select(ProductVariant.sku).where(ProductVariant.store_id == store.id))
    )
    variants = []
    for v in product.variants:
        sku, n = f"{v.sku[:35]}-COPY", 2
        while sku in existing:
            suffix = f"-COPY{n}"
            sku, n = f"{v.sku[: 40 - len(suffix)]}{suffix}", n + 1
        existing.add(sku)
        variants.append(
            VariantData(sku, v.label, v.price_idr, v.stock, v.weight_grams, v.min_order)
        )
    data = ProductData(
        **{name: getattr(product, name) for name in _FIELDS if name != "name"},
        name=f"{product.name} (salinan)"[:160],
        variants=variants,
    )
    copy = create_product(store, data=data)
    for image in product.images:
        copy.images.append(
            ProductImage(
                digest=image.digest,
                width=image.width,
                height=image.height,
                widths=list(image.widths),
                position=image.position,
            )
        )
    db.session.flush()
    return copy


def add_product_image(product: Product, data: bytes) -> ProductImage:
    """Process an uploaded photo (validated, upright, metadata stripped, WebP renditions)
    and attach it. Raises InvalidImage, InvalidProduct (too many photos)."""
    if len(product.images) >= MAX_IMAGES:
        raise InvalidProduct(_l("Maksimal %(n)d foto per produk.", n=MAX_IMAGES))
    processed: ProcessedImage = process_image(data)
    storage = get_storage(current_app.config, visibility="public")
    for rendition in processed.renditions:
        if not storage.exists(rendition.key):
            storage.save(rendition.key, rendition.data, content_type="image/webp")
    existing = next((i for i in product.images if i.digest == processed.digest), None)
    if existing is not None:
        return existing
    image = ProductImage(
        digest=processed.digest,
        width=processed.width,
        height=processed.height,
        widths=[r.width for r in processed.renditions],
        position=max((i.position for i in product.images), default=-1) + 1,
    )
    product.images.append(image)
    db.session.flush()
    return image


def remove_product_image(image: ProductImage) -> None:
    """Detach a photo (the content-addressed files may still serve other products)."""
    db.session.delete(image)
    db.session.flush()


@dataclass(frozen=True)
class CategoryData:
    """An admin's edit of a category."""

    name: str
    name_en: str
    slug: str
    parent_id: int | None
    position: int
    is_food: bool


def save_category(category: Category | None, *, data: CategoryData) -> Category:
    """Create or edit a category (two levels: top categories and their children).

    Raises InvalidProduct with the reason.
    """
    if data.slug != slugify(data.slug) or not data.slug:
        raise InvalidProduct(_l("Slug hanya huruf kecil, angka dan tanda hubung."))
    taken = db.session.scalar(
        select(Category.id).where(
            Category.slug == data.slug, Category.id != (category.id if category else 0)
        )
    )
    if taken is not None:
        raise InvalidProduct(_l("Slug ini sudah dipakai kategori lain."))
    is_food = data.is_food
    if data.parent_id is not None:
        parent = db.session.get(Category, data.parent_id)
        if (
            parent is None
            or parent.parent_id is not None
            or (category and parent.id == category.id)
        ):
            raise InvalidProduct(_l("Induk harus kategori utama."))
        has_children = category is not None and db.session.scalar(
            select(Category.id).where(Category.parent_id == category.id).limit(1)
        )
        if has_children:
            raise InvalidProduct(_l("Kategori yang punya subkategori tidak bisa dipindah."))
        # A food category's children are food too: the halal rule cannot be sidestepped.
        is_food = is_food or parent.is_food
    if category is None:
        category = Category()
        db.session.add(category)
    was_food = bool(category.is_food)
    for name, value in data.__dict__.items():
        setattr(category, name, value)
    category.is_food = is_food
    db.session.flush()
    if is_food and not was_food:
        _apply_food_rules(category)
    return category


def _apply_food_rules(category: Category) -> None:
    """A category just became food: its children follow, and live products without halal
    information are hidden (with the reason) until the seller completes them."""
    children = list(db.session.scalars(select(Category).where(Category.parent_id == category.id)))
    for child in children:
        child.is_food = True
    ids = [category.id, *(c.id for c in children)]
    for product in db.session.scalars(
        select(Product).where(Product.category_id.in_(ids), Product.status == ProductStatus.ACTIVE)
    ):
        if publish_problems(product):
            record_status(product, ProductStatus.HIDDEN, actor_id=None, reason="food_rules")
            product.hidden_reason = "food_rules"
    db.session.flush()


@dataclass(frozen=True)
class QuickEdit:
    """A price/stock edit of one variant, with the values the seller's page showed."""

    variant_id: int
    old_price: int
    old_stock: int
    price: int
    stock: int


def update_variant_prices_and_stock(store: Store, edits: list[QuickEdit]) -> tuple[int, int]:
    """Apply quick edits to this store's variants; returns (changed, conflicts).

    Each change is a conditional UPDATE on the values the page showed, so stock changed
    meanwhile (an order, another staff member) is never overwritten: that edit is a conflict.
    Variants of other stores are ignored. Raises InvalidProduct for out-of-range values.
    """
    if any(e.price < 1 or e.stock < 0 or max(e.price, e.stock) > MAX_AMOUNT for e in edits):
        raise InvalidProduct(_l("Harga harus lebih dari 0 dan stok tidak negatif."))
    changed = conflicts = 0
    changed_variants = []
    for e in edits:
        if (e.price, e.stock) == (e.old_price, e.old_stock):
            continue
        result = db.session.execute(
            update(ProductVariant)
            .where(
                ProductVariant.id == e.variant_id,
                ProductVariant.store_id == store.id,
                ProductVariant.price_idr == e.old_price,
                ProductVariant.stock == e.old_stock,
            )
            .values(price_idr=e.price, stock=e.stock)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            changed += 1
            changed_variants.append(e.variant_id)
        else:
            conflicts += 1
    db.session.flush()
    if changed_variants:
        # Bulk UPDATEs bypass the flush that tells search what changed: say it here.
        mark_products_changed(
            db.session(),
            db.session.scalars(
                select(ProductVariant.product_id).where(ProductVariant.id.in_(changed_variants))
            ),
        )
    return changed, conflicts
