"""Settings from the environment.

`APP_ENV` chooses the profile: ``development`` (default), ``testing`` or ``production``.
Production fails fast on a missing SECRET_KEY or an SQLite database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the chosen environment."""


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret_key(instance_path: Path) -> str:
    """Generate a secret key once per development checkout and keep it in instance/."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from the environment plus explicit overrides."""
    overrides = dict(overrides or {})
    env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "development")
    instance = Path(instance_path)
    production = env == "production"

    cfg: dict[str, Any] = {
        "APP_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'pasar_ikm.sqlite3'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(instance / "uploads")),
        "SEARCH_DIR": os.environ.get("SEARCH_DIR", str(instance / "search")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)),
        # Payments: card payments are off unless all three Stripe settings are present.
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY"),
        "STRIPE_PUBLISHABLE_KEY": os.environ.get("STRIPE_PUBLISHABLE_KEY"),
        "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET"),
        # Mail: without MAIL_SERVER, messages are written to the application log.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 587)),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        # Flask-Mail would silently drop mail whenever TESTING is on; tests use a real SMTP server.
        "MAIL_SUPPRESS_SEND": False,
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Pasar IKM <no-reply@pasarikm.example>"
        ),
        # Rate limits: in-memory by default, Redis when REDIS_URL is set.
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_FAILURES_PER_ACCOUNT": os.environ.get(
            "LOGIN_FAILURES_PER_ACCOUNT", "5 per 15 minutes"
        ),
        "LOGIN_FAILURES_PER_ADDRESS": os.environ.get(
            "LOGIN_FAILURES_PER_ADDRESS", "20 per 15 minutes"
        ),
        # Babel: Indonesian first, times in WIB unless the user picks another zone.
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "LANGUAGES": ("id", "en"),
        "PASSWORD_HASH_METHOD": "scrypt:32768:8:1",
        # Token lifetimes (seconds).
        "RESET_TOKEN_MAX_AGE": 60 * 60,
        "VERIFY_TOKEN_MAX_AGE": 48 * 60 * 60,
        # Cookies.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 60 * 60,
        # Number of trusted reverse proxies in front of the app (X-Forwarded-For/-Proto/-Host).
        "PROXY_FIX_HOPS": int(os.environ.get("PROXY_FIX_HOPS", "0")),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        "TESTING": env == "testing",
    }
    if env == "testing":
        cfg.update(
            {
                "SECRET_KEY": cfg["SECRET_KEY"] or "testing-secret-key",
                "SQLALCHEMY_DATABASE_URI": os.environ.get("TEST_DATABASE_URL", "sqlite://"),
                # Still scrypt, with a cheaper cost so that the suite stays fast.
                "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            }
        )
    cfg.update(overrides)

    if production:
        if not cfg["SECRET_KEY"]:
            raise ConfigError("SECRET_KEY must be set in production (APP_ENV=production).")
        if str(cfg["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
            raise ConfigError(
                "DATABASE_URL must point to PostgreSQL in production; SQLite is for development."
            )
        if not cfg["MAIL_SERVER"]:
            # The log backend would write reset links and addresses into production logs.
            raise ConfigError(
                "MAIL_SERVER must be set in production: accounts need verification and "
                "password-reset emails."
            )
    elif not cfg["SECRET_KEY"]:
        cfg["SECRET_KEY"] = _dev_secret_key(instance)
    return cfg
