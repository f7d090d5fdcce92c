"""Search results page and the autocomplete endpoint behind the header search box."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from marketplace.search.service import (
    InvalidSearchParameter,
    SearchParams,
    autocomplete,
    parse_search_args,
    search_products,
)

bp = Blueprint("search", __name__)


@bp.get("/cari")
def results() -> tuple[str, int] | str:
    try:
        params = parse_search_args(request.args)
        page = search_products(params, locale=str(get_locale()))
    except InvalidSearchParameter as exc:
        # A hand-edited or outdated link: say what was wrong and offer the plain search.
        params = SearchParams(q=" ".join((request.args.get("q") or "").split())[:100])
        return render_template("search/results.html", params=params, page=None, error=exc), 400
    return render_template("search/results.html", params=params, page=page, error=None)


@bp.get("/cari/saran")
def suggestions() -> Response:
    """Autocomplete for the header search box: small JSON, cacheable for a minute."""
    items = autocomplete(request.args.get("q", ""), locale=str(get_locale()))
    response = jsonify(suggestions=items)
    response.cache_control.public = True
    response.cache_control.max_age = 60
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
