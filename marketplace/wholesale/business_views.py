"""Business accounts: registration, members, locations, documents; admin verification."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("business", __name__, url_prefix="/grosir/usaha")
