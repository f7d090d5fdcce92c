"""JSON endpoints."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from werkzeug.wrappers import Response

from marketplace.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/health")
def health() -> Response:
    """Liveness and database reachability, for load balancers and monitoring."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
