"""GET /api/v1/products: product search as JSON."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from marketplace.api.views import bp
from marketplace.catalog.media import rendition_key
from marketplace.core.urls import public_url
from marketplace.search.service import (
    InvalidSearchParameter,
    parse_search_args,
    search_products,
)


@bp.get("/v1/products")
def products() -> tuple[Response, int] | Response:
    """Search results with facets, total, page and a spelling suggestion; 400 names a bad
    parameter."""
    try:
        params = parse_search_args(request.args)
        page = search_products(params, locale=str(get_locale()))
    except InvalidSearchParameter as exc:
        error = {
            "status": 400,
            "code": exc.code,
            "parameter": exc.data.get("parameter"),
            "message": str(exc.message),
        }
        return jsonify(error=error), 400
    return jsonify(
        results=[
            {
                "id": card.id,
                "name": card.name,
                "url": public_url(
                    "catalog.product_page", store_slug=card.store_slug, product_slug=card.slug
                ),
                "price_idr": card.price_from_idr,
                "store": card.store_name,
                "city": card.city_name,
                "in_stock": card.in_stock,
                "image": public_url(
                    "catalog.media", key=rendition_key(card.image_digest, card.image_widths, 320)
                )
                if card.image_digest
                else None,
                "score": round(page.scores.get(card.id, 0.0), 4),
            }
            for card in page.cards
        ],
        facets={
            key: [{"value": o.value, "label": o.label, "count": o.count} for o in options]
            for key, options in page.facets.items()
        },
        total=page.total,
        page=params.page,
        per_page=params.per_page,
        pages=page.pages,
        suggestion=page.suggestion,
        fuzzy=page.fuzzy,
    )
