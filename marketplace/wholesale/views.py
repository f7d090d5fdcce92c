"""The wholesale buyer area."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from marketplace.core.auth import role_required
from marketplace.wholesale.labels import BUSINESS_KIND_LABELS
from marketplace.wholesale.queries import list_businesses_of_user

bp = Blueprint("wholesale", __name__, url_prefix="/grosir")


@bp.get("/")
@role_required("wholesale_buyer")
def dashboard() -> str:
    return render_template(
        "wholesale/dashboard.html",
        businesses=list_businesses_of_user(current_user.id),
        business_kinds=BUSINESS_KIND_LABELS,
    )
