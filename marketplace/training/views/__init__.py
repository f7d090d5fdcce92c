"""Training pages: the agency staff area (/dinas), alumni's own history, public verification."""

from flask import Blueprint

bp = Blueprint("training", __name__)

from marketplace.training.views import agency, alumni, mentoring, outcomes  # noqa: E402, F401  (registers routes)
