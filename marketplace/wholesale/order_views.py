"""Quick order (rows or CSV), saved order lists, approvals, the business's orders."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.forms import ConfirmForm
from marketplace.extensions import db
from marketplace.orders.models import Checkout, CheckoutStatus, PaymentMethod
from marketplace.orders.queries import list_order_events
from marketplace.orders.services import card_payments_enabled, find_checkout
from marketplace.wholesale import order_lists, order_queries, ordering
from marketplace.wholesale.access import can
from marketplace.wholesale.acting import business_required
from marketplace.wholesale.errors import OrderRowsInvalid
from marketplace.wholesale.models import (
    TERM_DAYS,
    ApprovalStatus,
    Business,
    BusinessLocation,
    OrderList,
)
from marketplace.wholesale.order_forms import (
    ROWS_STEP,
    TERMS,
    OrderListForm,
    QuickOrderForm,
    RejectForm,
    read_rows,
    row_count,
)
from marketplace.wholesale.quick_order import (
    MAX_CSV_BYTES,
    Preview,
    QuickOrderFileError,
    RowInput,
    build_preview,
    parse_csv,
    place_quick_order,
    upfront_method,
)

bp = Blueprint("wholesale_orders", __name__, url_prefix="/grosir")

DEFAULT_LEAD_DAYS = 7


# -- Quick order -------------------------------------------------------------------------------


def _payment_choices(business: Business) -> list[tuple[str, str]]:
    choices = []
    if TERM_DAYS.get(business.payment_terms) is not None:
        choices.append((TERMS, _("Tempo (sesuai ketentuan usaha Anda, dibayar lewat faktur)")))
    choices.append((PaymentMethod.BANK_TRANSFER.value, _("Bayar di muka: transfer bank")))
    if card_payments_enabled():
        choices.append((PaymentMethod.CARD.value, _("Bayar di muka: kartu kredit/debit")))
    return choices


def _prepare(form: QuickOrderForm, business: Business, locations: list[BusinessLocation]) -> None:
    """Choices and defaults of the form (the defaults only where nothing was sent)."""
    form.location_id.choices = [(loc.id, loc.label) for loc in locations]
    form.payment.choices = _payment_choices(business)
    if form.location_id.data is None and locations:
        form.location_id.data = locations[0].id
    if not form.payment.data:
        form.payment.data = form.payment.choices[0][0]
    if request.method == "GET":
        form.delivery_on.data = utcnow().date() + timedelta(days=DEFAULT_LEAD_DAYS)
    if not form.idempotency_key.data:
        form.idempotency_key.data = secrets.token_urlsafe(24)
    if form.source.data not in ("quick", "list"):
        form.source.data = "quick"


def _preview(
    business: Business,
    form: QuickOrderForm,
    locations: list[BusinessLocation],
    rows: list[RowInput],
) -> Preview:
    location = next((loc for loc in locations if loc.id == form.location_id.data), None)
    return build_preview(
        business,
        rows,
        location=location,
        delivery_on=form.delivery_on.data,
        pay_upfront=upfront_method(form.payment.data or ""),
    )


def _page(form: QuickOrderForm, rows: list[RowInput], preview: Preview | None, **extra: Any) -> str:
    return render_template(
        "wholesale/order/quick_order.html",
        form=form,
        rows=_padded(rows),
        rows_step=ROWS_STEP,
        preview=preview,
        business=g.business,
        **extra,
    )


@bp.route("/pesan-cepat", methods=["GET", "POST"])
@business_required("order", verified=True)
def quick_order() -> str | Response:
    business: Business = g.business
    locations = order_queries.list_active_locations(business.id)
    form = QuickOrderForm()
    _prepare(form, business, locations)
    if request.method == "GET":
        return _quick_order_get(business, form, locations)
    if "place" in request.form:
        placed = find_checkout(current_user, form.idempotency_key.data or "")
        if placed is not None:  # a double click: the first request placed it
            return _after_place(placed)
    rows = read_rows(request.form, row_count(request.form))
    if not form.validate_on_submit():
        return _page(form, rows, None)
    if "rows" in request.form:  # "+ baris"
        return _page(form, rows, None)
    if _has_csv(form):
        try:
            rows = parse_csv(_csv_bytes(form))
        except QuickOrderFileError as exc:
            form.form_errors.append(str(exc.message))
            return _page(form, rows, None)
        form.csv_text.data = ""
    if "save_list" in request.form:
        return _save_as_list(business, form, rows)
    if "place" in request.form:
        return _place(business, form, locations, rows)
    return _page(form, rows, _preview(business, form, locations, rows))


def _quick_order_get(
    business: Business, form: QuickOrderForm, locations: list[BusinessLocation]
) -> str:
    list_id = request.args.get("daftar", type=int)
    if list_id is not None:
        order_list = order_queries.get_order_list(list_id, business.id)
        if order_list is None:
            abort(404)
        rows = order_lists.list_rows(order_list)
        form.source.data = "list"
        form.list_name.data = order_list.name
        return _page(form, rows, _preview(business, form, locations, rows), from_list=order_list)
    sku = (request.args.get("sku") or "").strip()[:40]
    store = (request.args.get("toko") or "").strip()[:80]
    rows = [RowInput(row=1, sku=sku, quantity="", store=store)] if sku else []
    return _page(form, rows, None)


def _has_csv(form: QuickOrderForm) -> bool:
    upload = form.csv_file.data
    return bool((form.csv_text.data or "").strip()) or bool(upload and upload.filename)


def _csv_bytes(form: QuickOrderForm) -> bytes:
    upload = form.csv_file.data
    if upload and upload.filename:
        # One byte more than allowed is enough to refuse a file that is too big.
        return upload.stream.read(MAX_CSV_BYTES + 1)
    return (form.csv_text.data or "").encode("utf-8")


def _place(
    business: Business,
    form: QuickOrderForm,
    locations: list[BusinessLocation],
    rows: list[RowInput],
) -> str | Response:
    key = form.idempotency_key.data or ""
    if form.delivery_on.data is None or form.location_id.data is None:
        form.form_errors.append(_("Pilih lokasi dan tanggal kirim."))
        return _page(form, rows, _preview(business, form, locations, rows))
    purchase = ordering.WholesalePurchase(
        location_id=form.location_id.data,
        requested_delivery_on=form.delivery_on.data,
        idempotency_key=key,
        pay_upfront=upfront_method(form.payment.data or ""),
        note=form.note.data or "",
        source=form.source.data or "quick",
    )
    try:
        checkout = place_quick_order(business, actor=current_user, rows=rows, purchase=purchase)
        db.session.commit()
    except IntegrityError:
        # The same form submitted twice at once: the other request placed it.
        db.session.rollback()
        placed = find_checkout(current_user, key)
        if placed is None:
            raise
        return _after_place(placed)
    except DomainError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc.message))
        preview = _preview(business, form, locations, rows)
        if isinstance(exc, OrderRowsInvalid):
            for row in preview.rows:
                row.error = exc.problems.get(row.row, row.error)
        return _page(form, rows, preview)
    return _after_place(checkout)


def _after_place(checkout: Checkout) -> Response:
    if checkout.status == CheckoutStatus.AWAITING_APPROVAL:
        flash(
            _(
                "Pesanan dibuat dan menunggu persetujuan approver usaha Anda. Penjual "
                "menerimanya setelah disetujui."
            ),
            "success",
        )
        return redirect(url_for("wholesale_orders.orders"))
    if checkout.status == CheckoutStatus.PENDING_PAYMENT:
        return redirect(url_for("payments.pay", public_id=checkout.public_id))
    flash(
        _("Pesanan dikirim ke %(n)d penjual.", n=len(checkout.orders))
        if checkout.status == CheckoutStatus.ON_TERMS
        else _("Pesanan ini sudah dibuat sebelumnya."),
        "success",
    )
    return redirect(url_for("wholesale_orders.orders"))


def _save_as_list(business: Business, form: QuickOrderForm, rows: list[RowInput]) -> str | Response:
    saved, problems = _commit_list(
        lambda: order_lists.create_order_list(
            business, actor=current_user, name=form.list_name.data or "", rows=rows
        ),
        form,
    )
    if saved is not None:
        return redirect(url_for("wholesale_orders.order_list", list_id=saved.id))
    return _page(form, rows, None, problems=problems)


# -- Saved lists -------------------------------------------------------------------------------


def _commit_list(action: Callable[[], OrderList], form: Any) -> tuple[OrderList | None, dict]:
    """Save a list and commit; or roll back with the reason on the form and the rows' problems
    (`run_action`, keeping the row numbers)."""
    try:
        saved = action()
    except DomainError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc.message))
        return None, exc.problems if isinstance(exc, OrderRowsInvalid) else {}
    db.session.commit()
    flash(_("Daftar belanja disimpan."), "success")
    return saved, {}


@bp.route("/daftar", methods=["GET", "POST"])
@business_required("order", verified=True)
def lists() -> str | Response:
    form = OrderListForm()
    rows = read_rows(request.form, row_count(request.form))
    problems: dict = {}
    if "rows" not in request.form and form.validate_on_submit():
        saved, problems = _commit_list(
            lambda: order_lists.create_order_list(
                g.business, actor=current_user, name=form.name.data or "", rows=rows
            ),
            form,
        )
        if saved is not None:
            return redirect(url_for("wholesale_orders.order_list", list_id=saved.id))
    return render_template(
        "wholesale/order/lists.html",
        lists=order_queries.list_order_lists(g.business.id),
        form=form,
        rows=_padded(rows),
        rows_step=ROWS_STEP,
        problems=problems,
    )


def _padded(rows: list[RowInput]) -> list[RowInput]:
    """The rows given, then blank ones up to the row count asked for."""
    given = {r.row: r for r in rows}
    count = row_count(request.values, at_least=max(given, default=0))
    return [given.get(n) or RowInput(row=n, sku="", quantity="") for n in range(1, count + 1)]


def _owned_list(list_id: int) -> OrderList:
    order_list = order_queries.get_order_list(list_id, g.business.id)
    if order_list is None:
        abort(404)
    return order_list


@bp.route("/daftar/<int:list_id>", methods=["GET", "POST"])
@business_required("order", verified=True)
def order_list(list_id: int) -> str | Response:
    order_list = _owned_list(list_id)
    form = OrderListForm(obj=order_list)
    rows = order_lists.list_rows(order_list)
    problems: dict = {}
    if request.method == "POST":
        rows = read_rows(request.form, row_count(request.form))
    if "rows" not in request.form and form.validate_on_submit():
        saved, problems = _commit_list(
            lambda: order_lists.update_order_list(
                order_list, business=g.business, actor=current_user, name=form.name.data, rows=rows
            ),
            form,
        )
        if saved is not None:
            return redirect(url_for("wholesale_orders.order_list", list_id=list_id))
    return render_template(
        "wholesale/order/list.html",
        order_list=order_list,
        form=form,
        rows=_padded(rows),
        rows_step=ROWS_STEP,
        problems=problems,
        delete_form=ConfirmForm(),
    )


@bp.post("/daftar/<int:list_id>/hapus")
@business_required("order", verified=True)
def delete_list(list_id: int) -> Response:
    order_list = _owned_list(list_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run_action(
        lambda: order_lists.delete_order_list(order_list, business=g.business, actor=current_user),
        success=_("Daftar belanja dihapus."),
    )
    return redirect(url_for("wholesale_orders.lists"))


# -- Approvals ---------------------------------------------------------------------------------


@bp.get("/persetujuan")
@business_required("approve", verified=True)
def approvals() -> str:
    return render_template(
        "wholesale/order/approvals.html",
        pending=order_queries.list_approvals(g.business.id, pending=True),
        decided=order_queries.list_approvals(g.business.id, pending=False),
        form=ConfirmForm(),
        reject_form=RejectForm(),
    )


@bp.post("/persetujuan/<int:approval_id>/<decision>")
@business_required("approve", verified=True)
def decide(approval_id: int, decision: str) -> Response:
    approval = order_queries.get_approval(approval_id, g.business.id)
    if approval is None or decision not in ("setujui", "tolak"):
        abort(404)
    form = RejectForm() if decision == "tolak" else ConfirmForm()
    if not form.validate_on_submit():
        errors = [str(e) for field in form for e in field.errors]
        flash(" ".join(errors) or _("Formulir tidak valid."), "error")
        return redirect(url_for("wholesale_orders.approvals"))
    approve = decision == "setujui"
    run_action(
        lambda: ordering.decide_purchase(
            approval,
            actor=current_user,
            approve=approve,
            note="" if approve else request.form.get("note", ""),
        ),
        success=_("Pesanan disetujui dan diteruskan.") if approve else _("Pesanan ditolak."),
    )
    return redirect(url_for("wholesale_orders.approvals"))


@bp.post("/persetujuan/<int:approval_id>/tarik")
@business_required("order", verified=True)
def withdraw(approval_id: int) -> Response:
    approval = order_queries.get_approval(approval_id, g.business.id)
    if approval is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run_action(
        lambda: ordering.cancel_waiting_purchase(approval, actor=current_user),
        success=_("Pesanan ditarik dan dibatalkan."),
    )
    return redirect(url_for("wholesale_orders.orders"))


# -- The business's orders ---------------------------------------------------------------------


@bp.get("/pesanan")
@business_required("view", verified=True)
def orders() -> str:
    status = request.args.get("status") or None
    if status not in order_queries.ORDER_FILTERS:
        status = None
    page = order_queries.page_business_orders(
        g.business.id, status_filter=status, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "wholesale/order/orders.html",
        page=page,
        status=status,
        filters=order_queries.ORDER_FILTERS,
    )


@bp.get("/pesanan/<number>")
@business_required("view", verified=True)
def order_detail(number: str) -> str:
    order = order_queries.get_business_order(number, g.business.id)
    if order is None:
        abort(404)
    invoice_url = _invoice_url(order.id)
    approval = order_queries.get_checkout_approval(order.checkout_id)
    return render_template(
        "wholesale/order/order.html",
        order=order,
        events=list_order_events(order.id),
        invoice_url=invoice_url,
        approval=approval,
        can_withdraw=bool(
            approval
            and approval.status == ApprovalStatus.PENDING
            and approval.requested_by_id == current_user.id
        ),
        form=ConfirmForm(),
    )


def _invoice_url(order_id: int) -> str | None:
    """The buyer's invoice page of an order once it is invoiced, for members who see
    invoices."""
    if not can(g.business_role, "invoices"):
        return None
    invoice = order_queries.get_order_invoice(order_id)
    return url_for("invoices.buyer_invoice", invoice_id=invoice.id) if invoice else None
