"""Access decorators. Roles come from memberships (see accounts.roles)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def role_required(role: str) -> Callable[[F], F]:
    """Require a logged-in user holding `role` (seller, wholesale_buyer, agency_staff, admin)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


admin_required = role_required("admin")
