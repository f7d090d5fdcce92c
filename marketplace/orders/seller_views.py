"""The seller's order queue: process, packing slip, ship with tracking number, cancel."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.core.forms import ConfirmForm
from marketplace.orders import fulfilment, queries
from marketplace.orders.models import Order, OrderStatus
from marketplace.stores.models import Store
from marketplace.stores.views import bp, member_store


def _store_order(store_id: int, number: str) -> tuple[Store, Order]:
    store = member_store(store_id)
    order = queries.get_store_order(store.id, number)
    if order is None:
        abort(404)
    return store, order


@bp.get("/toko/<int:store_id>/pesanan")
@login_required
def seller_orders(store_id: int) -> str:
    store = member_store(store_id)
    status_filter = request.args.get("status") or None
    if status_filter and status_filter not in queries.SELLER_FILTERS:
        abort(404)
    page = queries.page_store_orders(
        store.id, status_filter=status_filter, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "orders/seller_orders.html",
        store=store,
        page=page,
        status_filter=status_filter,
        counts=queries.count_store_orders_by_status(store.id),
    )


@bp.get("/toko/<int:store_id>/pesanan/<number>")
@login_required
def seller_order(store_id: int, number: str) -> str:
    store, order = _store_order(store_id, number)
    return render_template(
        "orders/seller_order.html",
        store=store,
        order=order,
        invoice_link=_invoice_link(store.id, order),
        events=queries.list_order_events(order.id),
        form=ConfirmForm(),
    )


def _invoice_link(store_id: int, order: Order) -> str | None:
    """The seller's page of the order's invoice (wholesale orders, once shipped)."""
    if order.channel != "wholesale":
        return None
    from marketplace.wholesale.invoices import get_invoice_id_of_order

    invoice_id = get_invoice_id_of_order(order.id)
    if invoice_id is None:
        return None
    return url_for("invoices.seller_invoice", store_id=store_id, invoice_id=invoice_id)


@bp.get("/toko/<int:store_id>/pesanan/<number>/slip")
@login_required
def packing_slip(store_id: int, number: str) -> str:
    store, order = _store_order(store_id, number)
    if order.status in {OrderStatus.PENDING_PAYMENT, OrderStatus.EXPIRED}:
        # Nothing to pack, and the buyer's address is not the seller's until paid.
        abort(404)
    return render_template("orders/packing_slip.html", store=store, order=order)


@bp.post("/toko/<int:store_id>/pesanan/<number>/<action>")
@login_required
def seller_order_action(store_id: int, number: str, action: str) -> Response:
    _store, order = _store_order(store_id, number)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    form = request.form
    actions = {
        "proses": lambda: fulfilment.process_order(order, actor=current_user),
        "kirim": lambda: fulfilment.ship_order(
            order,
            actor=current_user,
            courier=form.get("courier", ""),
            tracking_no=form.get("tracking_no", ""),
        ),
        "sampai": lambda: fulfilment.mark_delivered_by_seller(order, actor=current_user),
        "batal": lambda: fulfilment.cancel_by_seller(
            order, actor=current_user, reason=form.get("reason", "")
        ),
    }
    if action not in actions:
        abort(404)
    run_action(actions[action], success=_("Pesanan %(n)s diperbarui.", n=order.number))
    return redirect(url_for("stores.seller_order", store_id=store_id, number=number))
