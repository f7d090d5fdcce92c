"""Back-office pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.admin.forms import CategoryForm
from marketplace.admin.queries import list_users
from marketplace.catalog.errors import InvalidProduct
from marketplace.catalog.models import Category
from marketplace.catalog.queries import list_category_tree
from marketplace.catalog.services import CategoryData, save_category
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


@bp.get("/kategori")
@admin_required
def categories() -> str:
    return render_template("admin/categories.html", tree=list_category_tree())


@bp.route("/kategori/baru", methods=["GET", "POST"], defaults={"category_id": None})
@bp.route("/kategori/<int:category_id>", methods=["GET", "POST"])
@admin_required
def category_edit(category_id: int | None) -> str | Response:
    category = db.session.get(Category, category_id) if category_id else None
    if category_id and category is None:
        abort(404)
    form = CategoryForm(obj=category)
    form.parent_id.choices = [("", _("— Kategori utama —"))] + [
        (str(c.id), c.name) for c, _children in list_category_tree()
    ]
    if request.method == "GET" and category is not None:
        form.parent_id.data = str(category.parent_id or "")
    if form.validate_on_submit():
        data = CategoryData(
            name=form.name.data,
            name_en=form.name_en.data,
            slug=form.slug.data,
            parent_id=int(form.parent_id.data) if form.parent_id.data else None,
            position=form.position.data or 0,
            is_food=bool(form.is_food.data),
        )
        try:
            save_category(category, data=data)
        except InvalidProduct as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Kategori disimpan."), "success")
            return redirect(url_for("admin.categories"))
    return render_template("admin/category_form.html", form=form, category=category)
