"""The public "Laporkan" forms (signed-in users report a product or a review) on the catalog
blueprint, and the template helpers that show moderation to the owners of what was hidden."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.accounts.forms import strip
from marketplace.admin import moderation, moderation_queries
from marketplace.admin.models import ReportCategory
from marketplace.catalog.queries import get_public_product
from marketplace.catalog.views import bp
from marketplace.core.actions import run_action
from marketplace.core.http import safe_next_url
from marketplace.extensions import db, limiter
from marketplace.orders.models import OrderLine, Review
from marketplace.stores.models import Store, StoreStatus

REPORT_CATEGORY_LABELS = {
    ReportCategory.MISLEADING: _l("Palsu atau menyesatkan"),
    ReportCategory.PROHIBITED: _l("Barang dilarang, atau tidak halal tanpa keterangan"),
    ReportCategory.ABUSIVE: _l("Kasar, menghina atau spam"),
    ReportCategory.OTHER: _l("Lainnya"),
}


class ReportForm(FlaskForm):
    """What is wrong (a category) and, optionally, in the reporter's words."""

    category = SelectField(
        _l("Apa masalahnya?"),
        choices=[SelectChoice(value=v, label=label) for v, label in REPORT_CATEGORY_LABELS.items()],
        validators=[DataRequired(_l("Pilih jenis laporan."))],
    )
    text = TextAreaField(
        _l("Keterangan (wajib untuk \u201clainnya\u201d)"),
        validators=[Length(max=moderation.REPORT_TEXT_MAX)],
        filters=[strip],
        render_kw={"rows": 4, "maxlength": moderation.REPORT_TEXT_MAX},
    )


def _reporter_key() -> str:
    return f"report:{current_user.get_id() or request.remote_addr}"


def _report_page(form: ReportForm, *, subject: str, back: str) -> str:
    return render_template("admin/reports_form.html", form=form, subject=subject, back=back)


@bp.route("/toko/<store_slug>/<product_slug>/laporkan", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=_reporter_key)
def report_product(store_slug: str, product_slug: str) -> str | Response:
    product = get_public_product(store_slug, product_slug) or abort(404)
    back = url_for("catalog.product_page", store_slug=store_slug, product_slug=product_slug)
    form = ReportForm()
    if form.validate_on_submit() and run_action(
        lambda: moderation.report_product(
            product, reporter=current_user, category=form.category.data, text=form.text.data or ""
        ),
        success=_("Terima kasih. Laporan Anda sudah kami terima dan akan ditinjau admin."),
        form=form,
    ):
        return redirect(back)
    return _report_page(form, subject=product.name, back=back)


@bp.route("/ulasan/<int:review_id>/laporkan", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=_reporter_key)
def report_review(review_id: int) -> str | Response:
    row = db.session.execute(
        select(Review, OrderLine.product_name)
        .join(OrderLine, OrderLine.id == Review.order_line_id)
        .join(Store, Store.id == Review.store_id)
        .where(
            Review.id == review_id,
            Review.is_hidden.is_(False),
            Store.status == StoreStatus.LIVE,
        )
    ).first()
    if row is None:
        abort(404)
    review, product_name = row
    back = safe_next_url(request.args.get("kembali"), url_for("main.home"))
    form = ReportForm()
    if form.validate_on_submit() and run_action(
        lambda: moderation.report_review(
            review, reporter=current_user, category=form.category.data, text=form.text.data or ""
        ),
        success=_("Terima kasih. Laporan Anda sudah kami terima dan akan ditinjau admin."),
        form=form,
    ):
        return redirect(back)
    return _report_page(form, subject=_("Ulasan tentang %(name)s", name=product_name), back=back)


@bp.app_context_processor
def moderation_helpers() -> dict[str, Any]:
    """Functions the seller's pages call to show what an admin hid and why (one query each,
    only when called)."""
    return {
        "moderation_reason": moderation.moderation_reason,
        "hidden_store_reviews": moderation_queries.list_hidden_store_reviews,
        "store_suspension_reason": moderation_queries.store_suspension_reason,
    }
