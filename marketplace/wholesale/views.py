"""The wholesale buyer area: the dashboard and choosing which business to act for."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.core.http import safe_next_url
from marketplace.wholesale.access import can
from marketplace.wholesale.acting import acting_business, set_acting_business
from marketplace.wholesale.business_forms import ActForm
from marketplace.wholesale.labels import (
    BUSINESS_KIND_LABELS,
    BUSINESS_ROLE_LABELS,
    BUSINESS_STATUS_LABELS,
    PAYMENT_TERMS_LABELS,
)
from marketplace.wholesale.models import PaymentTerms
from marketplace.wholesale.queries import list_businesses_of_user

bp = Blueprint("wholesale", __name__, url_prefix="/grosir")

# Wholesale pages for the acting business: (endpoint, label, action the role needs). A link
# shows only when the member's role allows it.
WHOLESALE_LINKS: tuple[tuple[str, Any, str], ...] = (
    ("wholesale_offers.catalog", _l("Katalog grosir"), "view"),
    ("wholesale_offers.suppliers", _l("Direktori pemasok"), "view"),
    ("wholesale_orders.quick_order", _l("Pesan cepat"), "order"),
    ("wholesale_orders.lists", _l("Daftar belanja"), "order"),
    ("standing.list_standing", _l("Pesanan rutin"), "order"),
    ("rfq.buyer_rfqs", _l("Permintaan penawaran (RFQ)"), "order"),
    ("rfq.buyer_pools", _l("Pesanan gabungan"), "order"),
    ("wholesale_orders.approvals", _l("Menunggu persetujuan"), "approve"),
    ("wholesale_orders.orders", _l("Pesanan usaha"), "view"),
    ("invoices.buyer_invoices", _l("Faktur"), "invoices"),
)


# Placing and approving orders open only once the business is verified.
NEEDS_VERIFIED = frozenset({"order", "approve"})


def wholesale_links(role: str, *, verified: bool = True) -> list[tuple[str, Any]]:
    """(url, label) of the wholesale pages `role` may use (without the ordering pages while the
    business is not verified)."""
    return [
        (url_for(endpoint), label)
        for endpoint, label, action in WHOLESALE_LINKS
        if can(role, action) and (verified or action not in NEEDS_VERIFIED)
    ]


@bp.get("/")
@login_required
def dashboard() -> str:
    acting = acting_business()
    balance = None
    if (
        acting
        and can(acting[1], "invoices")
        and acting[0].payment_terms != (PaymentTerms.CASH_BEFORE_DELIVERY)
    ):
        from marketplace.wholesale.ordering import open_balance

        balance = open_balance(acting[0].id)
    return render_template(
        "wholesale/dashboard.html",
        businesses=list_businesses_of_user(current_user.id),
        acting=acting,
        links=wholesale_links(acting[1], verified=acting[0].is_verified) if acting else [],
        open_balance=balance,
        act_form=ActForm(formdata=None),
        kind_labels=BUSINESS_KIND_LABELS,
        role_labels=BUSINESS_ROLE_LABELS,
        status_labels=BUSINESS_STATUS_LABELS,
        terms_labels=PAYMENT_TERMS_LABELS,
    )


def _is_id(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and len(raw) <= 9


@bp.post("/bertindak")
@login_required
def act() -> Response:
    form = ActForm()
    if not form.validate_on_submit():
        abort(400)
    raw = (form.business_id.data or "").strip()
    if not raw:
        set_acting_business(None)
        flash(_("Anda kembali berbelanja sebagai konsumen."), "info")
    elif not _is_id(raw) or not set_acting_business(int(raw)):
        abort(404)  # not a business of this user: no hint whether it exists
    else:
        business = acting_business()
        assert business is not None
        flash(_("Anda bertindak untuk %(name)s.", name=business[0].legal_name), "success")
    return redirect(safe_next_url(form.next.data, url_for("wholesale.dashboard")))
