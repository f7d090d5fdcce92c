"""Forms shared by several domains."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """Only a CSRF token: confirm an action shown on the page."""
