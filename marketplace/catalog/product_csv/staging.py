"""Staged uploads between preview and confirmation, and the export."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from marketplace.catalog.models import (
    Category,
    Product,
    ProductVariant,
)
from marketplace.catalog.product_csv.planning import (
    ImportPlan,
    ImportResult,
    apply_plan,
    plan_import,
)
from marketplace.catalog.product_csv.reading import (
    _STAGED_KEY,
    TOKEN_MAX_AGE,
    ProductImportExpired,
    parse_products_csv,
)
from marketplace.core.db import after_commit
from marketplace.core.imports import (
    ImportChanged,
)
from marketplace.core.storage import Storage, get_storage
from marketplace.extensions import db
from marketplace.stores.models import Store

# -- Staged uploads (browser: upload, preview, confirm) -----------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="product-import")


def _storage() -> Storage:
    return get_storage(current_app.config, visibility="private")


def stage_import(store: Store, *, data: bytes) -> str:
    """Keep an uploaded sheet in private storage for preview; returns the signed token.

    Raises ProductFileError (checked now, so that an unreadable file is never kept).
    """
    parse_products_csv(data, categories=db.session.scalars(select(Category)))
    key = f"imports/products/{secrets.token_hex(16)}.csv"
    _storage().save(key, data, content_type="text/csv")
    return str(_serializer().dumps({"store_id": store.id, "key": key}))


def _staged_file(store: Store, token: str) -> tuple[str, bytes]:
    """The key and bytes a token names. Raises ProductImportExpired (also for another store)."""
    try:
        payload = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        raise ProductImportExpired() from None
    if not isinstance(payload, dict) or payload.get("store_id") != store.id:
        raise ProductImportExpired()
    key = str(payload.get("key"))
    if not _STAGED_KEY.fullmatch(key):
        raise ProductImportExpired()
    try:
        return key, _storage().open(key)
    except FileNotFoundError:  # applied (and deleted) already
        raise ProductImportExpired() from None


def plan_staged(store: Store, *, token: str) -> ImportPlan:
    """The current plan of a staged sheet. Raises ProductImportExpired, ProductFileError."""
    return plan_import(store, _staged_file(store, token)[1])


def apply_staged(store: Store, *, token: str, fingerprint: str) -> ImportResult:
    """Apply a staged sheet exactly as previewed; its file is deleted once committed.

    Raises ProductImportExpired, ImportChanged, ImportHasErrors, and what
    apply_plan raises. Flushes; the caller commits.
    """
    key, data = _staged_file(store, token)
    plan = plan_import(store, data)
    if fingerprint != plan.fingerprint:
        raise ImportChanged()
    result = apply_plan(plan)
    storage = _storage()
    after_commit(db.session(), lambda: storage.delete(key))
    return result


# -- Export -----------------------------------------------------------------------------------


def export_rows(store: Store) -> Iterator[list[Any]]:
    """The store's products in the import format, one row per variant, in one query.

    Importing the export changes nothing. Cells are raw: the writer neutralises formulas.
    """
    query = (
        select(ProductVariant, Product, Category)
        .join(Product, ProductVariant.product_id == Product.id)
        .join(Category, Product.category_id == Category.id)
        .where(Product.store_id == store.id)
        .order_by(Product.id, ProductVariant.id)
    )
    for variant, product, category in db.session.execute(query):
        halal = "ya" if product.halal_cert_no else "tidak" if product.is_non_halal else ""
        yield [
            variant.sku,
            product.name,
            category.slug,
            product.description,
            variant.price_idr,
            variant.stock,
            variant.weight_grams,
            variant.label,
            halal,
            product.halal_cert_no or "",
            product.pirt_no or "",
            product.bpom_no or "",
            product.shelf_life_days or "",
        ]


def export_filename(store: Store) -> str:
    return f"produk-{store.slug}.csv"
