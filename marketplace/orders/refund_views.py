"""Refund pages: the buyer's request, the seller's and admins' decisions, the private photos,
and the seller's balance (ledger). Routes sit on the orders, stores and admin blueprints."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from werkzeug.wrappers import Response
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.accounts.forms import strip
from marketplace.admin.views import bp as admin_bp
from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.core.forms import ConfirmForm
from marketplace.core.http import private_file
from marketplace.extensions import db
from marketplace.orders import ledger, queries, refunds
from marketplace.orders.models import Order, Refund
from marketplace.orders.views import bp
from marketplace.stores.queries import get_store_for_member
from marketplace.stores.views import bp as stores_bp
from marketplace.stores.views import member_store, owned_store

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class RefundRequestForm(FlaskForm):
    """The buyer's reason and photos (the image pipeline judges the files)."""

    reason = TextAreaField(
        _l("Alasan pengembalian dana"),
        validators=[
            DataRequired(_l("Tuliskan alasannya.")),
            Length(min=refunds.REASON_MIN, max=refunds.REASON_MAX),
        ],
        filters=[strip],
        render_kw={"rows": 4, "maxlength": refunds.REASON_MAX},
    )
    photos = MultipleFileField(
        _l("Foto barang (maksimal %(n)d)", n=refunds.MAX_PHOTOS),
        render_kw={"accept": PHOTO_ACCEPT},
    )


class RefundDecisionForm(FlaskForm):
    """Accept (optionally a part: the amount) or reject (the reason, read by the buyer)."""

    amount_idr = IntegerField(_l("Jumlah dikembalikan (Rp)"), validators=[Optional()])
    reason = StringField(
        _l("Alasan penolakan"),
        validators=[Optional(), Length(max=refunds.DECISION_NOTE_MAX)],
        filters=[strip],
    )


# -- Buyer -------------------------------------------------------------------------------------


@bp.route("/pesanan/<number>/pengembalian", methods=["GET", "POST"])
@login_required
def refund_request(number: str) -> str | Response:
    order = queries.get_buyer_order(number, current_user.id) or abort(404)
    form = RefundRequestForm()
    if form.validate_on_submit() and run_action(
        lambda: refunds.request_refund(
            order, buyer=current_user, reason=form.reason.data, photos=form.photos.data or []
        ),
        success=_("Pengajuan pengembalian dana terkirim ke penjual."),
        form=form,
    ):
        return redirect(url_for("orders.my_order", number=order.number))
    return render_template(
        "orders/refund_request.html",
        order=order,
        form=form,
        allowed=refunds.can_request_refund(order),
        deadline=refunds.refund_deadline(order),
    )


@bp.get("/pengembalian/<int:refund_id>/foto/<int:index>")
@login_required
def refund_photo(refund_id: int, index: int) -> Response:
    refund = refunds.get_refund(refund_id)
    order = db.session.get(Order, refund.order_id) if refund else None
    if refund is None or order is None or not _may_see(order):
        abort(404)
    data = refunds.open_refund_photo(refund, index) or abort(404)
    return private_file(data, refunds.PHOTO_CONTENT_TYPE)


def _may_see(order: Order) -> bool:
    """The buyer, the people running the store, and admins see a refund's photos."""
    return (
        order.buyer_id == current_user.id
        or current_user.is_admin
        or get_store_for_member(order.store_id, current_user.id) is not None
    )


# -- Seller and admin decisions ----------------------------------------------------------------


@stores_bp.post("/toko/<int:store_id>/pengembalian/<int:refund_id>/<decision>")
@login_required
def seller_refund_decision(store_id: int, refund_id: int, decision: str) -> Response:
    store = owned_store(store_id)
    refund = refunds.get_store_refund(store.id, refund_id) or abort(404)
    order = db.session.get(Order, refund.order_id)
    assert order is not None
    # A seller refunds in full or says no; a partial refund is an admin's call, so that a
    # token amount can never close a buyer's request.
    _decide(refund, decision, full_only=True)
    return redirect(url_for("stores.seller_order", store_id=store.id, number=order.number))


@admin_bp.get("/pengembalian")
@admin_required
def refunds_queue() -> str:
    return render_template(
        "orders/admin_refunds.html",
        rows=refunds.list_open_refunds(),
        to_transfer=refunds.list_refunds_to_transfer(),
        form=RefundDecisionForm(),
    )


@admin_bp.post("/pengembalian/<int:refund_id>/transfer")
@admin_required
def admin_refund_transfer(refund_id: int) -> Response:
    """The platform sent a bank-transfer refund back: record its reference."""
    refund = refunds.get_refund(refund_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run_action(
        lambda: refunds.record_refund_transfer(
            refund, admin=current_user, reference=request.form.get("reference", "")
        ),
        success=_("Referensi transfer pengembalian dicatat."),
    )
    return redirect(url_for("admin.refunds_queue"))


@admin_bp.post("/pengembalian/<int:refund_id>/<decision>")
@admin_required
def admin_refund_decision(refund_id: int, decision: str) -> Response:
    refund = refunds.get_refund(refund_id) or abort(404)
    _decide(refund, decision)
    return redirect(url_for("admin.refunds_queue"))


def _decide(refund: Refund, decision: str, *, full_only: bool = False) -> None:
    """Accept ('terima') or reject ('tolak') from the decision form; flashes the outcome."""
    if decision not in ("terima", "tolak"):
        abort(404)
    form = RefundDecisionForm()
    if not form.validate_on_submit():
        flash(_("Periksa isian keputusan."), "error")
        return
    if decision == "terima":
        amount = None if full_only else form.amount_idr.data
        run_action(
            lambda: refunds.accept_refund(refund, actor=current_user, amount_idr=amount),
            success=_("Pengembalian dana diterima; pembeli diberi tahu."),
        )
    else:
        run_action(
            lambda: refunds.reject_refund(
                refund, actor=current_user, reason=form.reason.data or ""
            ),
            success=_("Pengajuan pengembalian dana ditolak; pembeli diberi tahu."),
            category="info",
        )


# -- Seller's balance --------------------------------------------------------------------------


@stores_bp.get("/toko/<int:store_id>/saldo")
@login_required
def store_balance(store_id: int) -> str:
    store = member_store(store_id)
    return render_template(
        "orders/store_balance.html",
        store=store,
        balance=ledger.store_balance(store.id),
        pending=ledger.pending_amount(store.id),
        page=ledger.page_ledger(store.id, page=request.args.get("page", 1, type=int)),
    )


# -- Template helpers for the order pages ------------------------------------------------------


@bp.app_context_processor
def refund_helpers() -> dict[str, Any]:
    """Functions the order pages call for their refund block (queries only when called)."""
    return {
        "refund_of": lambda order: refunds.get_latest_refund(order.id),
        "refund_deadline": refunds.refund_deadline,
        "can_request_refund": refunds.can_request_refund,
    }
