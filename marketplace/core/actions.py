"""The end of a view's unit of work: commit and say so, or roll back and say why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash

from marketplace.core.errors import DomainError
from marketplace.extensions import db


def run_action(
    action: Callable[[], object],
    *,
    success: str,
    category: str = "success",
    form: Any | None = None,
) -> bool:
    """Run a service call as one unit of work: commit and flash `success`, or, when a business
    rule refuses it, roll back and say why (on the `form` when there is one, else flashed).
    Returns True when it committed."""
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        if form is not None:
            form.form_errors.append(str(exc.message))
        else:
            flash(str(exc.message), "error")
        return False
    db.session.commit()
    flash(success, category)
    return True
