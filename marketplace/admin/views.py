"""Back-office pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from marketplace.admin.queries import list_users
from marketplace.core.auth import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@admin_required
def users() -> str:
    text = (request.args.get("q") or "").strip()[:100]
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 50, type=int)
    pagination = list_users(text=text, page=max(page, 1), per_page=per_page)
    return render_template("admin/users.html", pagination=pagination, text=text)
