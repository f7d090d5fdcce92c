"""Sellers' wholesale offers and supplier profile; wholesale catalog and supplier directory."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("wholesale_offers", __name__)
