"""Locale and time zone selection, and the date/money template filters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, has_request_context, session
from flask_babel import format_date, format_datetime, get_timezone
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from marketplace.core.http import whatsapp_link
from marketplace.core.money import format_rupiah

TIMEZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def _user_setting(name: str) -> str | None:
    """A setting of the logged-in user, or None (also when the database cannot be reached)."""
    try:
        if current_user and current_user.is_authenticated:
            return getattr(current_user, name)
    except SQLAlchemyError:
        # Error pages are rendered when the database fails too; they fall back to defaults.
        return None
    return None


def select_locale() -> str:
    """The user's saved choice, then the session's, then Indonesian (also outside requests)."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    saved = _user_setting("locale")
    if saved in languages:
        return saved
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """The user's zone (WIB, WITA or WIT); WIB by default."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_TIMEZONE"]
    saved = _user_setting("timezone")
    if saved in TIMEZONES:
        return saved
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def zone_label() -> str:
    """The short Indonesian name of the zone times are shown in (WIB/WITA/WIT)."""
    return TIMEZONES.get(str(get_timezone()), "WIB")


def format_when(value: datetime | None, fmt: str = "medium") -> str:
    """A UTC datetime shown in the user's zone with its label, e.g. '23 Nov 2026 18.30 WIB'."""
    if value is None:
        return ""
    return f"{format_datetime(value, fmt)} {zone_label()}"


def format_day(value: date | datetime | None, fmt: str = "long") -> str:
    """A date in the user's language, e.g. '23 November 2026'."""
    if value is None:
        return ""
    return format_date(value, fmt)


def register_template_helpers(app: Flask) -> None:
    """Jinja filters: rupiah, when, day; globals for the language switch."""
    app.add_template_filter(format_rupiah, "rupiah")
    app.add_template_filter(format_when, "when")
    app.add_template_filter(format_day, "day")
    app.add_template_global(whatsapp_link, "whatsapp_link")

    @app.context_processor
    def inject_i18n() -> dict[str, Any]:
        from flask_babel import get_locale

        return {
            "current_locale": str(get_locale()),
            "language_names": LANGUAGE_NAMES,
            "zone_label": zone_label,
        }
