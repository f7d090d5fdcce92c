"""Admin home (queue overview), back-office search and the read-only pages search links to.

Routes join the `admin` blueprint; this module is imported by `register_blueprints`.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for

from marketplace.admin import search
from marketplace.admin.dashboard import get_queue_counts
from marketplace.admin.views import bp
from marketplace.core.auth import admin_required
from marketplace.core.db import utcnow
from marketplace.wholesale.invoices import wib_today


@bp.get("/ringkasan")
@admin_required
def home() -> str:
    today = wib_today()
    return render_template(
        "admin/home.html", queues=get_queue_counts(today=today), now=utcnow(), today=today
    )


@bp.get("/cari", endpoint="search")
@admin_required
def search_page() -> str:
    text = search.normalize_query(request.args.get("q"))
    too_short = search.is_query_too_short(text)
    results = None if too_short else search.search_everything(text)
    return render_template(
        "admin/search.html",
        text=text,
        too_short=too_short,
        results=results,
        query_min=search.QUERY_MIN,
    )


def _moderation_url(kind: str, item_id: int) -> str:
    """The moderation page of a store or user (the actions live there)."""
    return url_for("admin.moderation_item", kind=kind, item_id=item_id)


@bp.get("/pengguna/<int:user_id>")
@admin_required
def user_detail(user_id: int) -> str:
    overview = search.get_user_overview(user_id) or abort(404)
    return render_template(
        "admin/user_detail.html", o=overview, moderation_url=_moderation_url("pengguna", user_id)
    )


@bp.get("/toko/<int:store_id>")
@admin_required
def store_detail(store_id: int) -> str:
    overview = search.get_store_overview(store_id) or abort(404)
    return render_template(
        "admin/store_detail.html", o=overview, moderation_url=_moderation_url("toko", store_id)
    )


@bp.get("/pesanan/<number>")
@admin_required
def order_detail(number: str) -> str:
    overview = search.get_order_overview(number[:40]) or abort(404)
    return render_template("admin/order_detail.html", o=overview)
