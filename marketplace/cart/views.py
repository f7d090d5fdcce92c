"""The cart page."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("cart", __name__)


@bp.get("/keranjang")
def view() -> str:
    # Adding to the cart arrives with [Orders]; until then the cart is always empty.
    return render_template("cart/view.html")
