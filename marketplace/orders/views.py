"""Address book, checkout, and the buyer's orders."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from marketplace.core.actions import run_action
from marketplace.core.errors import DomainError
from marketplace.core.forms import ConfirmForm
from marketplace.core.http import safe_next_url
from marketplace.extensions import db
from marketplace.orders import fulfilment, queries
from marketplace.orders.cart import DbCart, view_cart
from marketplace.orders.forms import AddressForm
from marketplace.orders.models import PaymentMethod
from marketplace.orders.services import (
    AddressInput,
    CheckoutRequest,
    card_payments_enabled,
    find_checkout,
    place_checkout,
    save_address,
    store_shipping,
)
from marketplace.shipping.rates import shipping_options

bp = Blueprint("orders", __name__)


# -- Address book ----------------------------------------------------------------------------


@bp.get("/akun/alamat")
@login_required
def addresses() -> str:
    return render_template(
        "orders/addresses.html", addresses=queries.list_addresses(current_user.id)
    )


@bp.route("/akun/alamat/baru", methods=["GET", "POST"])
@bp.route("/akun/alamat/<int:address_id>", methods=["GET", "POST"])
@login_required
def address_form(address_id: int | None = None) -> str | Response:
    address = queries.get_address(address_id, current_user.id) if address_id else None
    if address_id and address is None:
        abort(404)
    form = AddressForm(obj=address)
    form.fill_region_choices()
    next_url = safe_next_url(request.args.get("next"), url_for("orders.addresses"))
    if (
        "refresh" not in request.form
        and form.validate_on_submit()
        and run_action(
            lambda: save_address(current_user, _address_input(form), address=address),
            success=_("Alamat disimpan."),
            form=form,
        )
    ):
        return redirect(next_url)
    return render_template("orders/address_form.html", form=form, address=address)


def _address_input(form: AddressForm) -> AddressInput:
    return AddressInput(
        label=form.label.data or "",
        recipient_name=form.recipient_name.data or "",
        phone=form.phone.data or "",
        address_line=form.address_line.data or "",
        village_code=form.village_code.data or "",
        postal_code=form.postal_code.data or "",
        is_default=bool(form.is_default.data),
    )


# -- Checkout --------------------------------------------------------------------------------


def _shipping_choices(cart_view: object, address: object) -> dict[int, list]:
    """Shipping options per store for the chosen address (recomputed on every view)."""
    return {
        group.store.id: shipping_options(
            store_shipping(group.store),
            origin_region=group.store.region_code,
            destination_region=address.region_code if address else None,
            weight_grams=group.weight_grams,
        )
        for group in cart_view.groups
    }


@bp.route("/checkout", methods=["GET", "POST"])
@login_required
def checkout() -> str | Response:
    if request.method == "POST" and "place" in request.form:
        # A resubmitted or double-clicked form: the first request already placed it.
        placed = find_checkout(current_user, request.form.get("idempotency_key", ""))
        if placed is not None:
            return redirect(url_for("payments.pay", public_id=placed.public_id))
    book = queries.list_addresses(current_user.id)
    if not book:
        flash(_("Tambahkan alamat pengiriman dulu."), "info")
        return redirect(url_for("orders.address_form", next=url_for("orders.checkout")))
    cart_view = view_cart(DbCart(current_user.id))
    if not cart_view.groups:
        return redirect(url_for("cart.view"))
    chosen = request.values.get("address_id", type=int)
    address = next((a for a in book if a.id == chosen), None) or next(
        (a for a in book if a.is_default), book[0]
    )
    options = _shipping_choices(cart_view, address)
    form = ConfirmForm()
    if request.method == "POST" and "place" in request.form and form.validate_on_submit():
        return _place(address.id, options)
    return render_template(
        "orders/checkout.html",
        cart=cart_view,
        addresses=book,
        address=address,
        options=options,
        chosen_shipping={
            g.store.id: request.form.get(f"shipping_{g.store.id}") for g in cart_view.groups
        },
        card_enabled=card_payments_enabled(),
        idempotency_key=request.form.get("idempotency_key") or secrets.token_urlsafe(24),
        form=form,
    )


def _place(address_id: int, options: dict[int, list]) -> Response:
    """Place the checkout from the submitted form; a resubmit finds the one already placed."""
    from marketplace.payments.base import start_payment

    key = request.form.get("idempotency_key", "")
    order_request = CheckoutRequest(
        idempotency_key=key,
        address_id=address_id,
        payment_method=request.form.get("payment_method", PaymentMethod.BANK_TRANSFER),
        shipping={sid: request.form.get(f"shipping_{sid}", "") for sid in options},
        notes={sid: request.form.get(f"note_{sid}", "") for sid in options},
    )
    try:
        placed = place_checkout(current_user, order_request)
        start_payment(placed)
        db.session.commit()
    except IntegrityError:
        # The same form submitted twice at once: the other request placed it.
        db.session.rollback()
        placed = find_checkout(current_user, key)
        if placed is None:
            raise
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("orders.checkout", address_id=address_id))
    return redirect(url_for("payments.pay", public_id=placed.public_id))


# -- The buyer's orders ----------------------------------------------------------------------


@bp.get("/pesanan")
@login_required
def my_orders() -> str:
    page = queries.page_buyer_orders(current_user.id, page=request.args.get("page", 1, type=int))
    return render_template("orders/my_orders.html", page=page)


@bp.get("/pesanan/<number>")
@login_required
def my_order(number: str) -> str:
    order = queries.get_buyer_order(number, current_user.id)
    if order is None:
        abort(404)
    return render_template(
        "orders/my_order.html",
        order=order,
        events=queries.list_order_events(order.id),
        form=ConfirmForm(),
    )


@bp.post("/pesanan/<number>/<action>")
@login_required
def my_order_action(number: str, action: str) -> Response:
    order = queries.get_buyer_order(number, current_user.id)
    if order is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions = {
        "batal": lambda: fulfilment.cancel_by_buyer(
            order, buyer=current_user, reason=request.form.get("reason", "")
        ),
        "terima": lambda: fulfilment.confirm_received(order, buyer=current_user),
    }
    if action not in actions:
        abort(404)
    run_action(actions[action], success=_("Pesanan %(n)s diperbarui.", n=order.number))
    return redirect(url_for("orders.my_order", number=number))
