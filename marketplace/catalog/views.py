"""Public product and store pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from marketplace.catalog.queries import (
    get_category_with_children,
    get_public_product,
    list_category_products,
    list_store_products,
)
from marketplace.stores.queries import get_live_store

bp = Blueprint("catalog", __name__)


@bp.get("/kategori/<slug>")
def category_page(slug: str) -> str:
    found = get_category_with_children(slug)
    if found is None:
        abort(404)
    category, children = found
    products = list_category_products([category.id, *(c.id for c in children)])
    return render_template(
        "catalog/category.html", category=category, children=children, products=products
    )


@bp.get("/toko/<store_slug>")
def store_page(store_slug: str) -> str:
    store = get_live_store(store_slug)
    if store is None:
        abort(404)
    return render_template(
        "catalog/store.html", store=store, products=list_store_products(store.id)
    )


@bp.get("/toko/<store_slug>/<product_slug>")
def product_page(store_slug: str, product_slug: str) -> str:
    product = get_public_product(store_slug, product_slug)
    if product is None:
        abort(404)
    return render_template("catalog/product.html", product=product)
