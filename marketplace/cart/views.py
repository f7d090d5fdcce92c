"""The cart page and its actions (the same for guests and signed-in shoppers)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.core.errors import DomainError
from marketplace.core.http import safe_next_url
from marketplace.extensions import db
from marketplace.orders.cart import (
    CartStore,
    DbCart,
    SessionCart,
    acknowledge_changes,
    add_to_cart,
    set_saved_for_later,
    update_quantity,
    view_cart,
)
from marketplace.orders.forms import AddToCartForm, CartLineForm

bp = Blueprint("cart", __name__)


def current_cart() -> CartStore:
    """The shopper's cart: in the database when signed in, in the session for a guest."""
    if current_user.is_authenticated:
        return DbCart(current_user.id)
    return SessionCart(session)


@bp.get("/keranjang")
def view() -> str:
    cart = current_cart()
    shown = view_cart(cart)
    changed = shown.changed
    html = render_template("cart/view.html", cart=shown, changed=changed, form=CartLineForm())
    if changed:
        # Say what changed once, then remember the current prices as seen.
        acknowledge_changes(cart, shown)
        db.session.commit()
    return html


@bp.post("/keranjang/tambah")
def add() -> Response:
    form = AddToCartForm()
    # Any variant id is a valid choice here; the service decides whether it is for sale.
    form.variant_id.choices = [(request.form.get("variant_id", 0, type=int), "")]
    back = safe_next_url(request.form.get("next"), url_for("cart.view"))
    if not form.validate_on_submit():
        flash(_("Pilih varian dan jumlah (1 sampai 9.999)."), "error")
        return redirect(back)
    try:
        add_to_cart(current_cart(), variant_id=form.variant_id.data, quantity=form.quantity.data)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Ditambahkan ke keranjang."), "success")
    return redirect(url_for("cart.view"))


@bp.post("/keranjang/ubah")
def change() -> Response:
    form = CartLineForm()
    action = request.form.get("action", "update")
    if not form.validate_on_submit() or not str(form.variant_id.data).isdigit():
        flash(_("Jumlah harus 0 sampai 9.999."), "error")
        return redirect(url_for("cart.view"))
    variant_id, cart = int(form.variant_id.data), current_cart()
    try:
        if action == "remove":
            update_quantity(cart, variant_id=variant_id, quantity=0)
        elif action in {"save", "unsave"}:
            set_saved_for_later(cart, variant_id=variant_id, saved=action == "save")
        elif action == "update" and form.quantity.data is not None:
            update_quantity(cart, variant_id=variant_id, quantity=form.quantity.data)
        else:
            abort(400)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
    return redirect(url_for("cart.view"))
