"""Standing (recurring) orders."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("standing", __name__, url_prefix="/grosir/rutin")
