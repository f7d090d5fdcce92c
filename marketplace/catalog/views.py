"""Public catalog pages: categories, stores, products; sitemap, robots and media files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import gettext as _

from marketplace.catalog.media import image_key
from marketplace.catalog.models import Product
from marketplace.catalog.queries import (
    get_category_with_children,
    get_public_product,
    list_sitemap_entries,
    page_category_products,
    page_store_products,
)
from marketplace.core.http import whatsapp_link
from marketplace.core.urls import public_url
from marketplace.regions.reference import get_district, get_village
from marketplace.stores.queries import get_live_store
from marketplace.training.labels import PROGRAM_KIND_LABELS, SKILL_FIELD_LABELS
from marketplace.training.queries import list_store_badges
from marketplace.wholesale.acting import verified_business
from marketplace.wholesale.supplier_queries import list_product_offers

bp = Blueprint("catalog", __name__)

BADGE_LABELS = {"program_kinds": PROGRAM_KIND_LABELS, "skill_fields": SKILL_FIELD_LABELS}


@bp.get("/kategori/<slug>")
def category_page(slug: str) -> str:
    found = get_category_with_children(slug)
    if found is None:
        abort(404)
    category, children = found
    page = page_category_products(
        [category.id, *(c.id for c in children)], page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "catalog/category.html",
        category=category,
        children=children,
        page=page,
        canonical=public_url("catalog.category_page", slug=slug),
    )


@bp.get("/toko/<store_slug>")
def store_page(store_slug: str) -> str:
    store = get_live_store(store_slug)
    if store is None:
        abort(404)
    page = page_store_products(store.id, page=request.args.get("page", 1, type=int))
    return render_template(
        "catalog/store.html",
        store=store,
        page=page,
        badges=list_store_badges(store.id),
        village=get_village(store.village_code or ""),
        district=get_district(store.district_code or ""),
        whatsapp=whatsapp_link(
            store.whatsapp,
            _("Halo %(store)s, saya melihat toko Anda di Pasar IKM.", store=store.name),
        ),
        canonical=public_url("catalog.store_page", store_slug=store.slug),
        **BADGE_LABELS,
    )


def product_json_ld(product: Product, *, url: str, image_urls: list[str]) -> str:
    """schema.org Product with one Offer per variant, as a JSON string safe inside <script>."""
    offers = [
        {
            "@type": "Offer",
            "sku": v.sku,
            "name": v.label or product.name,
            "price": str(v.price_idr),
            "priceCurrency": "IDR",
            "availability": "https://schema.org/InStock"
            if v.stock > 0
            else "https://schema.org/OutOfStock",
            "url": url,
        }
        for v in product.variants
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description[:500],
        "category": product.category.name,
        "brand": {"@type": "Brand", "name": product.store.name},
        "offers": offers,
    }
    if image_urls:
        data["image"] = image_urls
    # Inside <script>, "</script>" or "<!--" in a description would end or derail the element.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@bp.get("/toko/<store_slug>/<product_slug>")
def product_page(store_slug: str, product_slug: str) -> str:
    product = get_public_product(store_slug, product_slug)
    if product is None:
        abort(404)
    url = public_url("catalog.product_page", store_slug=store_slug, product_slug=product_slug)
    image_urls = [
        public_url("catalog.media", key=image_key(image.digest, max(image.widths)))
        for image in product.images
    ]
    return render_template(
        "catalog/product.html",
        product=product,
        store=product.store,
        canonical=url,
        og_image=image_urls[0] if image_urls else None,
        json_ld=product_json_ld(product, url=url, image_urls=image_urls),
        badges=list_store_badges(product.store_id),
        today=date.today(),
        # Wholesale prices reach the page only for a verified business buyer, never hidden.
        wholesale_offers=list_product_offers(product.id) if verified_business() else {},
        whatsapp=whatsapp_link(
            product.store.whatsapp,
            _(
                "Halo %(store)s, saya tertarik dengan %(product)s: %(url)s",
                store=product.store.name,
                product=product.name,
                url=url,
            ),
        ),
        **BADGE_LABELS,
    )


@bp.get("/media/<path:key>")
def media(key: str) -> Response:
    """Public uploads (photo renditions). Content-addressed, so cached for a year.

    With local storage the app serves the folder itself (behind a proxy, let nginx serve
    UPLOAD_DIR/public at /media instead); an object store would serve its own URLs.
    """
    if not key.endswith(".webp"):
        abort(404)
    root = Path(current_app.config["UPLOAD_DIR"]) / "public"
    response = send_from_directory(root, key, mimetype="image/webp", max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    entries = [
        (public_url("catalog.product_page", store_slug=s, product_slug=p), updated)
        for s, p, updated in list_sitemap_entries()
    ]
    xml = render_template("catalog/sitemap.xml", entries=entries, home=public_url("main.home"))
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    lines = [
        "User-agent: *",
        "Disallow: /akun",
        "Disallow: /penjual/",
        "Disallow: /dinas/",
        "Disallow: /admin/",
        "Disallow: /grosir/",
        "Disallow: /keranjang",
        "Disallow: /klaim",
        f"Sitemap: {public_url('catalog.sitemap')}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
