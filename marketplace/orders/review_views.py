"""Review pages: the buyer's review of a completed order line, the store's reviews with the
seller's reply, and the reviews block of the public product page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.accounts.forms import strip
from marketplace.catalog.media import image_src
from marketplace.core.actions import run_action
from marketplace.orders import queries, reviews
from marketplace.orders.views import bp
from marketplace.stores.views import bp as stores_bp
from marketplace.stores.views import member_store


class ReviewForm(FlaskForm):
    """Stars, words and up to three photos of one product bought."""

    rating = RadioField(
        _l("Nilai"),
        choices=[SelectChoice(value=n, label="★" * n) for n in range(5, 0, -1)],
        coerce=int,
        validators=[InputRequired(_l("Pilih 1–5 bintang."))],
    )
    body = TextAreaField(
        _l("Ulasan"),
        validators=[Length(max=reviews.MAX_BODY)],
        filters=[strip],
        render_kw={"rows": 4, "maxlength": reviews.MAX_BODY},
    )
    photos = MultipleFileField(
        _l("Foto (maksimal %(n)d)", n=reviews.MAX_PHOTOS),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )


class ReplyForm(FlaskForm):
    """The store's one answer to a review."""

    text = TextAreaField(
        _l("Balasan"),
        validators=[DataRequired(_l("Tulis balasan.")), Length(max=reviews.MAX_REPLY)],
        filters=[strip],
        render_kw={"rows": 2, "maxlength": reviews.MAX_REPLY},
    )


@bp.route("/pesanan/<number>/ulasan/<int:line_id>", methods=["GET", "POST"])
@login_required
def review_form(number: str, line_id: int) -> str | Response:
    order = queries.get_buyer_order(number, current_user.id) or abort(404)
    line = reviews.get_order_line(order.id, line_id) or abort(404)
    form = ReviewForm()
    if form.validate_on_submit() and run_action(
        lambda: reviews.write_review(
            line,
            buyer=current_user,
            rating=form.rating.data,
            body=form.body.data or "",
            photos=form.photos.data or [],
        ),
        success=_("Terima kasih atas ulasan Anda."),
        form=form,
    ):
        return redirect(url_for("orders.my_order", number=order.number))
    return render_template(
        "orders/review_form.html",
        order=order,
        line=line,
        form=form,
        existing=reviews.reviews_by_line(order.id).get(line.id),
    )


@stores_bp.get("/toko/<int:store_id>/ulasan")
@login_required
def store_reviews(store_id: int) -> str:
    store = member_store(store_id)
    unanswered = request.args.get("belum") == "1"
    page = reviews.page_store_reviews(
        store.id, page=request.args.get("page", 1, type=int), unanswered=unanswered
    )
    return render_template(
        "orders/store_reviews.html",
        store=store,
        page=page,
        unanswered=unanswered,
    )


@stores_bp.post("/toko/<int:store_id>/ulasan/<int:review_id>/balas")
@login_required
def review_reply(store_id: int, review_id: int) -> Response:
    store = member_store(store_id)
    review = reviews.get_store_review(store.id, review_id) or abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
    else:
        run_action(
            lambda: reviews.reply_to_review(review, seller=current_user, text=form.text.data or ""),
            success=_("Balasan disimpan."),
        )
    return redirect(url_for("stores.store_reviews", store_id=store.id))


def rating_text(rating_sum: int, rating_count: int) -> str:
    """'4,5' (or '4.5' in English) for an average, '' without ratings."""
    value = reviews.average(rating_sum, rating_count)
    return "" if value is None else format_decimal(value, format="0.0")


def review_photo_src(digest: str, width: int = 320) -> str:
    """URL of a review photo's rendition (320 or 640 px wide)."""
    return image_src(digest, reviews.PHOTO_WIDTHS, width, prefix=reviews.PHOTO_PREFIX)


@bp.app_context_processor
def review_helpers() -> dict[str, Any]:
    """Functions the product and order pages call for their review blocks (queries only when
    called: two for a page of a product's reviews, one for an order's)."""
    return {
        "product_reviews": lambda product_id, page=1: reviews.page_product_reviews(
            product_id, page=page
        ),
        "order_reviews": lambda order: reviews.reviews_by_line(order.id),
        "rating_text": rating_text,
        "review_photo_src": review_photo_src,
    }
