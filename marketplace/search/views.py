"""Search results page."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from marketplace.catalog.queries import search_products_by_name

bp = Blueprint("search", __name__)


@bp.get("/cari")
def results() -> str:
    query = (request.args.get("q") or "").strip()[:100]
    products = search_products_by_name(query) if query else []
    return render_template("search/results.html", query=query, products=products)
