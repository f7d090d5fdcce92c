"""Back-office pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.admin.queries import list_users
from marketplace.core.auth import admin_required
from marketplace.core.forms import ConfirmForm
from marketplace.extensions import db
from marketplace.stores.models import Store
from marketplace.stores.queries import list_stores_awaiting_review
from marketplace.stores.services import approve_store

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@admin_required
def users() -> str:
    text = (request.args.get("q") or "").strip()[:100]
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 50, type=int)
    pagination = list_users(text=text, page=max(page, 1), per_page=per_page)
    return render_template("admin/users.html", pagination=pagination, text=text)


@bp.get("/toko")
@admin_required
def stores_queue() -> str:
    return render_template(
        "admin/stores.html", stores=list_stores_awaiting_review(), confirm_form=ConfirmForm()
    )


@bp.post("/toko/<int:store_id>/setujui")
@admin_required
def store_approve(store_id: int) -> Response:
    store = db.session.get(Store, store_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        approve_store(store, admin=current_user)
        db.session.commit()
        flash(_("Toko %(name)s disetujui.", name=store.name), "success")
    return redirect(url_for("admin.stores_queue"))
