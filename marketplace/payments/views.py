"""The pay page (bank transfer or card), the Stripe webhook and the admins' transfer queue."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.core.auth import admin_required
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.forms import ConfirmForm
from marketplace.core.http import private_file
from marketplace.core.security import CONTENT_SECURITY_POLICY
from marketplace.extensions import csrf, db, limiter
from marketplace.orders.models import Checkout, CheckoutStatus
from marketplace.payments import bank_transfer, stripe_gateway
from marketplace.payments.base import (
    get_checkout,
    get_checkout_for_buyer,
    get_payment,
    provider_of,
)
from marketplace.payments.forms import CardForm, ProofUploadForm, RejectProofForm
from marketplace.payments.models import Payment, PaymentStatus

log = logging.getLogger("marketplace.payments")

bp = Blueprint("payments", __name__)

# Real Stripe.js needs its script, API and 3-D Secure frames (Stripe's published CSP list).
_STRIPE_SOURCES = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def card_page_csp(js_url: str) -> str:
    """The site's CSP plus Stripe.js's origins: sent on the card page only."""
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    directives.setdefault("frame-src", "'self'")
    if _origin(js_url) == "https://js.stripe.com":
        extra = _STRIPE_SOURCES
    else:  # localstripe (tests, development): one origin serves the script and the API
        origin = _origin(js_url)
        extra = {"script-src": [origin], "frame-src": [origin], "connect-src": [origin]}
    for name, sources in extra.items():
        directives[name] = " ".join([directives[name], *sources])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def buyer_checkout(public_id: str) -> tuple[Checkout, Payment]:
    """The current user's checkout and its payment; 404 for anyone else's (no hint it exists)."""
    checkout = get_checkout_for_buyer(public_id, current_user.id)
    payment = get_payment(checkout) if checkout is not None else None
    if checkout is None or payment is None:
        abort(404)
    return checkout, payment


def page_state(checkout: Checkout, payment: Payment, intent: Any) -> str:
    """paid, cancelled, expired, review (proof sent), confirming (card), failed or open."""
    if checkout.status == CheckoutStatus.PAID:
        return "paid"
    if checkout.status == CheckoutStatus.CANCELLED:
        return "cancelled"
    if checkout.status == CheckoutStatus.EXPIRED or utcnow() >= checkout.expires_at:
        return "expired"
    if payment.status == PaymentStatus.PROOF_SUBMITTED:
        return "review"
    if intent is not None and intent.settling:
        return "confirming"
    return "failed" if payment.status == PaymentStatus.FAILED else "open"


@bp.get("/bayar/<public_id>")
@login_required
def pay(public_id: str) -> Response:
    checkout, payment = buyer_checkout(public_id)
    provider = provider_of(payment)
    is_pending = checkout.status == CheckoutStatus.PENDING_PAYMENT
    context = provider.page_context(payment, checkout) if is_pending else {}
    state = page_state(checkout, payment, context.get("intent"))
    response = make_response(
        render_template(
            "payments/pay.html",
            checkout=checkout,
            payment=payment,
            state=state,
            partial=provider.template,
            proof_form=ProofUploadForm(),
            card_form=CardForm(),
            refund_ref=stripe_gateway.auto_refund_ref(payment),
            **context,
        )
    )
    if "stripe_js_url" in context and state in ("open", "failed"):
        response.headers["Content-Security-Policy"] = card_page_csp(context["stripe_js_url"])
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/bayar/<public_id>/bukti")
@login_required
def upload_proof(public_id: str) -> Response:
    checkout, payment = buyer_checkout(public_id)
    form = ProofUploadForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for("payments.pay", public_id=checkout.public_id))
    try:
        bank_transfer.submit_proof(payment, form.proof.data.read(), buyer=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("Bukti transfer terkirim. Admin akan memeriksanya."), "success")
    return redirect(url_for("payments.pay", public_id=checkout.public_id))


@bp.get("/bayar/<public_id>/bukti")
@login_required
def proof_image(public_id: str) -> Response:
    checkout = get_checkout(public_id)
    if checkout is None or not (checkout.buyer_id == current_user.id or current_user.is_admin):
        abort(404)
    payment = get_payment(checkout)
    data = bank_transfer.open_proof(payment) if payment is not None else None
    if data is None:
        abort(404)
    return private_file(data, bank_transfer.PROOF_CONTENT_TYPE)


def _card_attempts_key() -> str:
    return f"card:{current_user.id}"


@bp.post("/bayar/<public_id>/kartu")
@login_required
# Fraudsters test stolen cards by the hundred: a buyer needs a few tries, not more.
@limiter.limit("10 per hour", key_func=_card_attempts_key)
def pay_by_card(public_id: str) -> tuple[Response, int]:
    checkout, payment = buyer_checkout(public_id)
    form = CardForm()
    if not form.validate_on_submit():
        return jsonify(status="failed", message=_("Muat ulang halaman lalu coba lagi.")), 400
    next_url = url_for("payments.pay", public_id=checkout.public_id)
    try:
        attempt = stripe_gateway.pay_with_card(
            payment, form.payment_method.data or "", buyer=current_user
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


@bp.post("/webhooks/stripe")
@csrf.exempt
def stripe_webhook() -> tuple[Response, int]:
    try:
        event = stripe_gateway.verify_webhook(
            request.get_data(), request.headers.get("Stripe-Signature")
        )
    except stripe_gateway.InvalidWebhook as exc:
        log.warning("stripe webhook refused: %s", exc)
        return jsonify(error="invalid signature"), 400
    try:
        applied = stripe_gateway.handle_event(event)
        db.session.commit()
    except IntegrityError:
        # The same event delivered twice at once: the other delivery stored and applied it.
        db.session.rollback()
        applied = False
    except DomainError as exc:
        # E.g. an automatic refund Stripe did not take: nothing is kept, Stripe retries later.
        db.session.rollback()
        log.error("stripe webhook %s not applied: %s", event.get("id"), exc.code)
        return jsonify(error=exc.code), 503
    return jsonify(received=True, applied=applied), 200


# -- Admin: bank transfers waiting for a decision --------------------------------------------


@bp.get("/admin/pembayaran")
@admin_required
def admin_queue() -> str:
    return render_template(
        "payments/admin_queue.html",
        transfers=bank_transfer.list_transfers_to_review(),
        confirm_form=ConfirmForm(),
        reject_form=RejectProofForm(),
    )


def _admin_payment(public_id: str) -> Payment:
    checkout = get_checkout(public_id)
    payment = get_payment(checkout) if checkout is not None else None
    if payment is None:
        abort(404)
    return payment


@bp.post("/admin/pembayaran/<public_id>/konfirmasi")
@admin_required
def admin_confirm(public_id: str) -> Response:
    payment = _admin_payment(public_id)
    if ConfirmForm().validate_on_submit():
        try:
            changed = bank_transfer.confirm_transfer(payment, admin=current_user)
        except DomainError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Pembayaran dikonfirmasi.") if changed else _("Sudah dikonfirmasi."), "info")
    return redirect(url_for("payments.admin_queue"))


@bp.post("/admin/pembayaran/<public_id>/tolak")
@admin_required
def admin_reject(public_id: str) -> Response:
    payment = _admin_payment(public_id)
    form = RejectProofForm()
    if not form.validate_on_submit():
        flash(_("Tulis alasan penolakan (maksimal 200 karakter)."), "error")
        return redirect(url_for("payments.admin_queue"))
    run_action(
        lambda: bank_transfer.reject_transfer(payment, admin=current_user, reason=form.reason.data),
        success=_("Bukti transfer ditolak; pembeli diberi tahu."),
        category="info",
    )
    return redirect(url_for("payments.admin_queue"))
