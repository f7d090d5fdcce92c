"""Quick order (rows or CSV), saved order lists, approvals, the business's orders."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("wholesale_orders", __name__, url_prefix="/grosir")
