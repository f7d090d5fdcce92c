"""Home page, language switch, health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.accounts import services as account_services
from marketplace.catalog.queries import list_latest_products, list_top_categories
from marketplace.core.http import safe_next_url
from marketplace.extensions import db
from marketplace.stores.queries import list_live_stores

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    return render_template(
        "main/home.html",
        products=list_latest_products(limit=12),
        categories=list_top_categories(),
        stores=list_live_stores(limit=24),
    )


@bp.post("/bahasa/<lang>")
def set_language(lang: str) -> Response:
    """Switch the interface language; remembered in the session and on the account.

    A POST (CSRF-checked by CSRFProtect like every form), since it changes state.
    """
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = lang
    if current_user.is_authenticated:
        account_services.set_preferences(current_user, locale=lang)
        db.session.commit()
    return redirect(safe_next_url(request.form.get("next"), url_for("main.home")))
