"""Paying a wholesale invoice by card (Stripe), for the business's owner, finance and approvers.

Routes on the invoices blueprint (this module is imported at the bottom of invoice_views):
the card page /grosir/faktur/<id>/kartu, which posts the card there. The invoice is paid only
by the signed Stripe webhook, never by the browser coming back.
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.core.errors import DomainError
from marketplace.extensions import db, limiter
from marketplace.orders.services import card_payments_enabled
from marketplace.payments import stripe_gateway
from marketplace.payments.base import invoice_is_payable
from marketplace.payments.forms import CardForm
from marketplace.payments.views import card_page_csp
from marketplace.wholesale.acting import business_required
from marketplace.wholesale.invoice_views import _buyer_invoice, bp
from marketplace.wholesale.models import Invoice


def card_panel(invoice: Invoice) -> dict[str, Any]:
    """What the buyer's invoice page shows of card payment: the latest attempt's state and
    whether to offer "Bayar dengan kartu" (cards configured, a balance, nothing in flight)."""
    enabled = card_payments_enabled()
    card = stripe_gateway.invoice_card_state(invoice, ask_stripe=enabled)
    return {
        "card": card,
        "card_offered": enabled and invoice_is_payable(invoice) and card.state != "processing",
        "card_url": url_for("invoices.buyer_invoice_card", invoice_id=invoice.id),
    }


def _card_attempts_key() -> str:
    return f"card:{current_user.id}"


@bp.get("/grosir/faktur/<int:invoice_id>/kartu")
@business_required("invoices")
def buyer_invoice_card(invoice_id: int) -> Response:
    invoice, _order_number = _buyer_invoice(invoice_id)
    if not card_payments_enabled():
        abort(404)
    panel = card_panel(invoice)
    context = stripe_gateway.invoice_card_context() if panel["card_offered"] else {}
    response = make_response(
        render_template(
            "wholesale/invoices/card.html",
            invoice=invoice,
            card_form=CardForm(),
            card_action=url_for("invoices.buyer_invoice_card_pay", invoice_id=invoice.id),
            card_amount_idr=invoice.balance_idr,
            back_url=url_for("invoices.buyer_invoice", invoice_id=invoice.id),
            **panel,
            **context,
        )
    )
    if "stripe_js_url" in context:
        response.headers["Content-Security-Policy"] = card_page_csp(context["stripe_js_url"])
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/grosir/faktur/<int:invoice_id>/kartu")
@business_required("invoices")
# As on the checkout pay page: a business needs a few tries, a card tester hundreds.
@limiter.limit("10 per hour", key_func=_card_attempts_key)
def buyer_invoice_card_pay(invoice_id: int) -> tuple[Response, int]:
    invoice, _order_number = _buyer_invoice(invoice_id)
    if not card_payments_enabled():
        abort(404)
    form = CardForm()
    if not form.validate_on_submit():
        return jsonify(status="failed", message=_("Muat ulang halaman lalu coba lagi.")), 400
    next_url = url_for("invoices.buyer_invoice_card", invoice_id=invoice.id)
    try:
        attempt = stripe_gateway.pay_invoice_with_card(
            invoice, form.payment_method.data or "", user=current_user
        )
    except DomainError as exc:
        db.session.rollback()
        return jsonify(status="failed", message=str(exc.message), next=next_url), 409
    db.session.commit()
    return jsonify(
        status=attempt.status,
        client_secret=attempt.client_secret,
        message=attempt.message,
        next=next_url,
    ), 200
