"""Which business the signed-in person is acting for (views only: it reads the session).

A person can belong to several businesses and also shop as a consumer; wholesale pages act for
the business chosen in the header switcher, kept in the session and re-checked against the
membership on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import flash, g, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.wholesale.access import can
from marketplace.wholesale.models import Business, BusinessMember

SESSION_KEY = "acting_business_id"
F = TypeVar("F", bound=Callable[..., Any])


def acting_business() -> tuple[Business, str] | None:
    """(business, role) the user acts for, or None (shopping as a consumer); one query,
    cached for the request."""
    if "acting_business" in g:
        return g.acting_business
    result = None
    business_id = session.get(SESSION_KEY)
    if business_id and current_user.is_authenticated:
        row = db.session.execute(
            select(Business, BusinessMember.role)
            .join(BusinessMember, BusinessMember.business_id == Business.id)
            .where(Business.id == business_id, BusinessMember.user_id == current_user.id)
        ).first()
        result = (row[0], row[1]) if row else None
        if row is None:
            session.pop(SESSION_KEY, None)
    g.acting_business = result
    return result


def set_acting_business(business_id: int | None) -> bool:
    """Act for a business the user belongs to (None: back to shopping as a consumer)."""
    g.pop("acting_business", None)
    if business_id is None:
        session.pop(SESSION_KEY, None)
        return True
    role = db.session.scalar(
        select(BusinessMember.role).where(
            BusinessMember.business_id == business_id,
            BusinessMember.user_id == current_user.id,
        )
    )
    if role is None:
        return False
    session[SESSION_KEY] = business_id
    return True


def verified_business() -> Business | None:
    """The acting business if it is verified: the only case where wholesale prices show."""
    acting = acting_business()
    return acting[0] if acting and acting[0].is_verified else None


def business_required(action: str = "view", *, verified: bool = False) -> Callable[[F], F]:
    """A view acting for the chosen business: sets g.business and g.business_role; sends the
    user to choose one when none is chosen, 403 when the role does not allow `action`, and
    back to the dashboard with a message when `verified` and the business is not verified."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            acting = acting_business()
            if acting is None:
                flash(_("Pilih akun usaha yang Anda wakili."), "info")
                return redirect(url_for("wholesale.dashboard"))
            business, role = acting
            if not can(role, action):
                from flask import abort

                abort(403)
            if verified and not business.is_verified:
                flash(
                    _(
                        "Akun usaha ini belum diverifikasi. Harga dan pemesanan grosir terbuka "
                        "setelah admin memverifikasi dokumen usaha Anda."
                    ),
                    "warning",
                )
                return redirect(url_for("wholesale.dashboard"))
            g.business, g.business_role = business, role
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def register_acting_context(app: Any) -> None:
    """Templates see `acting_business` (for the header banner and wholesale prices)."""

    @app.context_processor
    def _inject() -> dict[str, Any]:
        def _get() -> tuple[Business, str] | None:
            return acting_business() if current_user.is_authenticated else None

        return {"get_acting_business": _get}
