"""Invoices as PDF files (routes on the invoices blueprint).

The same document as the print view (`print.html`), laid out on A4 and sent as a download. Each
route checks access exactly as its print view does: the acting business's invoices only, the
store's invoices for its members, any invoice for admins; another's invoice is a 404.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from marketplace.core.auth import admin_required
from marketplace.core.http import private_file
from marketplace.wholesale.acting import business_required
from marketplace.wholesale.invoice_pdf import download_name, render_pdf
from marketplace.wholesale.invoice_views import (
    _admin_invoice,
    _buyer_invoice,
    _document,
    _seller_invoice,
    bp,
)
from marketplace.wholesale.models import Invoice


def _pdf_response(invoice: Invoice, order_number: str, *, back_url: str) -> Response:
    html = render_template(
        "wholesale/invoices/print.html", **_document(invoice, order_number, back_url=back_url)
    )
    return private_file(
        render_pdf(html, base_url=request.url_root),
        "application/pdf",
        download_name=download_name(invoice.number),
    )


@bp.get("/grosir/faktur/<int:invoice_id>.pdf")
@business_required("invoices")
def buyer_invoice_pdf(invoice_id: int) -> Response:
    invoice, order_number = _buyer_invoice(invoice_id)
    return _pdf_response(
        invoice, order_number, back_url=url_for("invoices.buyer_invoice", invoice_id=invoice.id)
    )


@bp.get("/penjual/toko/<int:store_id>/faktur/<int:invoice_id>.pdf")
@login_required
def seller_invoice_pdf(store_id: int, invoice_id: int) -> Response:
    store, invoice, order_number = _seller_invoice(store_id, invoice_id)
    return _pdf_response(
        invoice,
        order_number,
        back_url=url_for("invoices.seller_invoice", store_id=store.id, invoice_id=invoice.id),
    )


@bp.get("/admin/faktur/<int:invoice_id>.pdf")
@admin_required
def admin_invoice_pdf(invoice_id: int) -> Response:
    invoice, order_number = _admin_invoice(invoice_id)
    return _pdf_response(
        invoice, order_number, back_url=url_for("invoices.admin_invoice", invoice_id=invoice.id)
    )
