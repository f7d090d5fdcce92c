"""Invoices: buyer, seller and admin views, payments, aged receivables."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("invoices", __name__)
