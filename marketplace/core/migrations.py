"""Alembic autogenerate hooks: migrations use plain SQLAlchemy types, never our decorators."""

from __future__ import annotations

from typing import Any

from marketplace.core.db import UTCDateTime


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render UTCDateTime as sa.DateTime(timezone=True) so migrations don't import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
