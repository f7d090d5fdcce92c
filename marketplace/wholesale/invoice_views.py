"""Invoices: buyer, seller and admin views, payments, aged receivables.

Buyers see their acting business's invoices under /grosir/faktur, sellers their store's under
/penjual/toko/<id>/faktur, admins all of them under /admin/faktur (and /admin/piutang). An
invoice of another business or store is a 404 (no hint that it exists).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.stores.views import member_store
from marketplace.wholesale import invoices
from marketplace.wholesale.access import can, member_role
from marketplace.wholesale.acting import business_required, set_acting_business
from marketplace.wholesale.invoice_forms import InvoicePaymentForm, InvoiceVoidForm
from marketplace.wholesale.models import Invoice

bp = Blueprint("invoices", __name__)


def _status_filter() -> str | None:
    status_filter = request.args.get("status") or None
    if status_filter is not None and status_filter not in invoices.STATUS_FILTERS:
        abort(404)
    return status_filter


def _page_number() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _document(invoice: Invoice, order_number: str, **context: Any) -> dict[str, Any]:
    """What the invoice document partial needs besides the invoice."""
    return {
        "invoice": invoice,
        "order_number": order_number,
        "words": invoices.terbilang(invoice.total_idr),
        "bank": current_app.config["BANK_TRANSFER_ACCOUNT"],
        **context,
    }


# -- Buyer (the acting business) -------------------------------------------------------------


def _buyer_invoice(invoice_id: int) -> tuple[Invoice, str]:
    return invoices.get_invoice(invoice_id, business_id=g.business.id) or abort(404)


@bp.get("/grosir/faktur")
@business_required("invoices")
def buyer_invoices() -> str:
    status_filter = _status_filter()
    return render_template(
        "wholesale/invoices/list.html",
        side="buyer",
        business=g.business,
        status_filter=status_filter,
        page=invoices.page_invoices(
            business_id=g.business.id, status_filter=status_filter, page=_page_number()
        ),
        totals=invoices.get_invoice_totals(today=invoices.wib_today(), business_id=g.business.id),
    )


@bp.get("/grosir/faktur/<int:invoice_id>")
@business_required("invoices")
def buyer_invoice(invoice_id: int) -> str:
    invoice, order_number = _buyer_invoice(invoice_id)
    return render_template(
        "wholesale/invoices/detail.html",
        **_document(
            invoice,
            order_number,
            side="buyer",
            back_url=url_for("invoices.buyer_invoices"),
            print_url=url_for("invoices.buyer_invoice_print", invoice_id=invoice.id),
            **invoice_payment_views.card_panel(invoice),
        ),
    )


@bp.get("/grosir/faktur/<int:invoice_id>/buka")
@login_required
def buyer_invoice_open(invoice_id: int) -> Response:
    """The link in invoice emails: act for the invoice's business (if the user may see its
    invoices), then show the invoice."""
    business_id = invoices.get_invoice_business_id(invoice_id)
    role = member_role(business_id, current_user.id) if business_id is not None else None
    if role is None:
        abort(404)
    if not can(role, "invoices"):
        abort(403)
    set_acting_business(business_id)
    return redirect(url_for("invoices.buyer_invoice", invoice_id=invoice_id))


@bp.get("/grosir/faktur/<int:invoice_id>/cetak")
@business_required("invoices")
def buyer_invoice_print(invoice_id: int) -> str:
    invoice, order_number = _buyer_invoice(invoice_id)
    return render_template(
        "wholesale/invoices/print.html",
        **_document(
            invoice,
            order_number,
            back_url=url_for("invoices.buyer_invoice", invoice_id=invoice.id),
        ),
    )


# -- Seller (store members) ------------------------------------------------------------------


def _seller_invoice(store_id: int, invoice_id: int) -> tuple[Any, Invoice, str]:
    store = member_store(store_id)
    invoice, order_number = invoices.get_invoice(invoice_id, store_id=store.id) or abort(404)
    return store, invoice, order_number


@bp.get("/penjual/toko/<int:store_id>/faktur")
@login_required
def seller_invoices(store_id: int) -> str:
    store = member_store(store_id)
    status_filter = _status_filter()
    return render_template(
        "wholesale/invoices/list.html",
        side="seller",
        store=store,
        status_filter=status_filter,
        page=invoices.page_invoices(
            store_id=store.id, status_filter=status_filter, page=_page_number()
        ),
        totals=invoices.get_invoice_totals(today=invoices.wib_today(), store_id=store.id),
    )


@bp.get("/penjual/toko/<int:store_id>/faktur/<int:invoice_id>")
@login_required
def seller_invoice(store_id: int, invoice_id: int) -> str:
    store, invoice, order_number = _seller_invoice(store_id, invoice_id)
    return render_template(
        "wholesale/invoices/detail.html",
        **_document(
            invoice,
            order_number,
            side="seller",
            store=store,
            back_url=url_for("invoices.seller_invoices", store_id=store.id),
            print_url=url_for(
                "invoices.seller_invoice_print", store_id=store.id, invoice_id=invoice.id
            ),
        ),
    )


@bp.get("/penjual/toko/<int:store_id>/faktur/<int:invoice_id>/cetak")
@login_required
def seller_invoice_print(store_id: int, invoice_id: int) -> str:
    store, invoice, order_number = _seller_invoice(store_id, invoice_id)
    return render_template(
        "wholesale/invoices/print.html",
        **_document(
            invoice,
            order_number,
            back_url=url_for("invoices.seller_invoice", store_id=store.id, invoice_id=invoice.id),
        ),
    )


@bp.get("/penjual/toko/<int:store_id>/piutang")
@login_required
def seller_receivables(store_id: int) -> str:
    store = member_store(store_id)
    today = invoices.wib_today()
    rows = invoices.list_aged_receivables(today=today, group_by="business", store_id=store.id)
    return render_template(
        "wholesale/invoices/receivables.html",
        side="seller",
        store=store,
        today=today,
        tables=[(_("Per pembeli"), "business", rows, invoices.aged_total(rows))],
    )


# -- Admin -----------------------------------------------------------------------------------


def _admin_invoice(invoice_id: int) -> tuple[Invoice, str]:
    return invoices.get_invoice(invoice_id) or abort(404)


@bp.get("/admin/faktur")
@admin_required
def admin_invoices() -> str:
    status_filter = _status_filter()
    store_id = request.args.get("store", type=int)
    business_id = request.args.get("business", type=int)
    stores, businesses = invoices.list_invoice_parties()
    return render_template(
        "wholesale/invoices/list.html",
        side="admin",
        status_filter=status_filter,
        store_id=store_id,
        business_id=business_id,
        stores=stores,
        businesses=businesses,
        page=invoices.page_invoices(
            store_id=store_id,
            business_id=business_id,
            status_filter=status_filter,
            page=_page_number(),
        ),
        totals=invoices.get_invoice_totals(
            today=invoices.wib_today(), store_id=store_id, business_id=business_id
        ),
    )


def _admin_detail(
    invoice: Invoice,
    order_number: str,
    *,
    payment_form: InvoicePaymentForm | None = None,
    void_form: InvoiceVoidForm | None = None,
) -> str:
    payment_form = payment_form or InvoicePaymentForm(
        formdata=None, amount_idr=invoice.balance_idr, paid_on=invoices.wib_today()
    )
    return render_template(
        "wholesale/invoices/detail.html",
        **_document(
            invoice,
            order_number,
            side="admin",
            back_url=url_for("invoices.admin_invoices"),
            print_url=url_for("invoices.admin_invoice_print", invoice_id=invoice.id),
            payment_form=payment_form,
            void_form=void_form or InvoiceVoidForm(formdata=None),
        ),
    )


@bp.get("/admin/faktur/<int:invoice_id>")
@admin_required
def admin_invoice(invoice_id: int) -> str:
    return _admin_detail(*_admin_invoice(invoice_id))


@bp.get("/admin/faktur/<int:invoice_id>/cetak")
@admin_required
def admin_invoice_print(invoice_id: int) -> str:
    invoice, order_number = _admin_invoice(invoice_id)
    return render_template(
        "wholesale/invoices/print.html",
        **_document(
            invoice,
            order_number,
            back_url=url_for("invoices.admin_invoice", invoice_id=invoice.id),
        ),
    )


@bp.post("/admin/faktur/<int:invoice_id>/bayar")
@admin_required
def admin_invoice_payment(invoice_id: int) -> str | Response:
    invoice, order_number = _admin_invoice(invoice_id)
    form = InvoicePaymentForm()
    if form.validate_on_submit() and run_action(
        lambda: invoices.record_invoice_payment(
            invoice,
            amount_idr=form.amount_idr.data,
            reference=form.reference.data,
            paid_on=form.paid_on.data,
            actor=current_user,
        ),
        success=_("Pembayaran faktur %(n)s dicatat.", n=invoice.number),
        form=form,
    ):
        return redirect(url_for("invoices.admin_invoice", invoice_id=invoice.id))
    return _admin_detail(invoice, order_number, payment_form=form)


@bp.post("/admin/faktur/<int:invoice_id>/batal")
@admin_required
def admin_invoice_void(invoice_id: int) -> str | Response:
    invoice, order_number = _admin_invoice(invoice_id)
    form = InvoiceVoidForm()
    if form.validate_on_submit() and run_action(
        lambda: invoices.void_invoice(invoice, reason=form.reason.data, actor=current_user),
        success=_("Faktur %(n)s dibatalkan.", n=invoice.number),
        form=form,
    ):
        return redirect(url_for("invoices.admin_invoice", invoice_id=invoice.id))
    return _admin_detail(invoice, order_number, void_form=form)


@bp.get("/admin/piutang")
@admin_required
def admin_receivables() -> str:
    today = invoices.wib_today()
    by_business = invoices.list_aged_receivables(today=today, group_by="business")
    by_store = invoices.list_aged_receivables(today=today, group_by="store")
    return render_template(
        "wholesale/invoices/receivables.html",
        side="admin",
        today=today,
        tables=[
            (_("Per pembeli"), "business", by_business, invoices.aged_total(by_business)),
            (_("Per penjual"), "store", by_store, invoices.aged_total(by_store)),
        ],
    )


# Paying an invoice by card: its routes join this blueprint (imported last: it uses `bp`).
from marketplace.wholesale import invoice_payment_views  # noqa: E402
