"""The seller area."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from marketplace.core.auth import role_required
from marketplace.stores.queries import list_stores_of_user

bp = Blueprint("stores", __name__, url_prefix="/penjual")


@bp.get("/")
@role_required("seller")
def dashboard() -> str:
    return render_template("stores/dashboard.html", stores=list_stores_of_user(current_user.id))
