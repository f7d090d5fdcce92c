"""Requests for quotation and quotes (buyer and seller sides), pooled requests for a cluster."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("rfq", __name__)
