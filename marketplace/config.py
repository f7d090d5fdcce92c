"""Settings from the environment.

`APP_ENV` chooses the profile: ``development`` (default), ``testing`` or ``production``.
Production fails fast on a missing SECRET_KEY or an SQLite database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the chosen environment."""


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if not value:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def _dev_secret_key(instance_path: Path, name: str = "secret_key") -> str:
    """Generate a secret once per development checkout and keep it in instance/."""
    key_file = instance_path / name
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
        # Key of the HMAC that replaces NIKs in the database (UU PDP): never the NIK in clear.
        "NIK_HMAC_KEY": os.environ.get("NIK_HMAC_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'pasar_ikm.sqlite3'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(instance / "uploads")),
        "SEARCH_DIR": os.environ.get("SEARCH_DIR", str(instance / "search")),
        # Search: "whoosh" (embedded index in SEARCH_DIR) or "postgres" (full text in the
        # database, for several app servers). Index writes happen after the commit, by a
        # background thread unless SEARCH_INDEX_ASYNC is off; writers wait for each other.
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "whoosh"),
        "SEARCH_INDEX_ASYNC": _env_bool("SEARCH_INDEX_ASYNC", True),
        "SEARCH_LOCK_TIMEOUT": float(os.environ.get("SEARCH_LOCK_TIMEOUT", "30")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 12 * 1024 * 1024)),
        # Payments: card payments are off unless all three Stripe settings are present.
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY"),
        "STRIPE_PUBLISHABLE_KEY": os.environ.get("STRIPE_PUBLISHABLE_KEY"),
        "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET"),
        # Only for tests and local development against localstripe; unset means real Stripe.
        "STRIPE_API_BASE": os.environ.get("STRIPE_API_BASE"),
        "STRIPE_JS_URL": os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/"),
        # Orders: how long a checkout waits for its payment, and the platform's commission in
        # basis points (500 = 5%) by category slug (a parent's slug covers its children).
        "PAYMENT_WINDOW_HOURS": {
            "bank_transfer": int(os.environ.get("PAYMENT_WINDOW_BANK_HOURS", "24")),
            "card": int(os.environ.get("PAYMENT_WINDOW_CARD_HOURS", "1")),
        },
        "ORDER_COMMISSION_BPS": {"default": int(os.environ.get("COMMISSION_BPS", "500"))},
        # Days after delivery (or shipment + the courier's estimate) an order completes itself.
        "AUTO_COMPLETE_DAYS": int(os.environ.get("AUTO_COMPLETE_DAYS", "3")),
        # Seller payouts: a store's balance must reach this to be paid out in a run.
        "PAYOUT_MINIMUM_IDR": int(os.environ.get("PAYOUT_MINIMUM_IDR", "50000")),
        # Days after delivery (or completion) a buyer may still ask for a refund.
        "REFUND_WINDOW_DAYS": int(os.environ.get("REFUND_WINDOW_DAYS", "7")),
        # The platform's account that bank-transfer buyers pay into.
        "BANK_TRANSFER_ACCOUNT": {
            "bank": os.environ.get("BANK_TRANSFER_BANK", "Bank Rakyat Indonesia (BRI)"),
            "number": os.environ.get("BANK_TRANSFER_NUMBER", "0123-01-000456-30-7"),
            "holder": os.environ.get("BANK_TRANSFER_HOLDER", "PT Pasar IKM Nusantara"),
        },
        # Mail: without MAIL_SERVER, messages are written to the application log.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 587)),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        # Flask-Mail would silently drop mail whenever TESTING is on; tests use a real SMTP server.
        "MAIL_SUPPRESS_SEND": False,
        "MAIL_ASYNC": _env_bool("MAIL_ASYNC", True),
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
        # Claiming a training record by certificate + NIK: attempts per user and per address.
        "CLAIM_ATTEMPTS_LIMIT": os.environ.get("CLAIM_ATTEMPTS_LIMIT", "5 per hour"),
        "CLAIM_ATTEMPTS_PER_ADDRESS": os.environ.get("CLAIM_ATTEMPTS_PER_ADDRESS", "60 per hour"),
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
        # Where the site is reached; links in mail are built on it, never on the Host header.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL"),
        "TRUSTED_HOSTS": _env_list("TRUSTED_HOSTS"),
        # Number of trusted reverse proxies in front of the app (X-Forwarded-For/-Proto/-Host).
        "PROXY_FIX_HOPS": int(os.environ.get("PROXY_FIX_HOPS", "0")),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        "TESTING": env == "testing",
    }
    if env == "testing":
        cfg.update(
            {
                "PUBLIC_BASE_URL": cfg["PUBLIC_BASE_URL"] or "http://localhost",
                "MAIL_ASYNC": False,
                "SEARCH_INDEX_ASYNC": False,
                "SECRET_KEY": cfg["SECRET_KEY"] or "testing-secret-key",
                "NIK_HMAC_KEY": cfg["NIK_HMAC_KEY"] or "testing-nik-hmac-key",
                "SQLALCHEMY_DATABASE_URI": os.environ.get("TEST_DATABASE_URL", "sqlite://"),
                # Still scrypt, with a cheaper cost so that the suite stays fast.
                "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            }
        )
    cfg.update(overrides)

    if production:
        if not cfg["SECRET_KEY"]:
            raise ConfigError("SECRET_KEY must be set in production (APP_ENV=production).")
        if not cfg["NIK_HMAC_KEY"]:
            raise ConfigError(
                "NIK_HMAC_KEY must be set in production: it protects participants' NIKs. "
                "Never change it once data exists (every stored NIK hash depends on it)."
            )
        if str(cfg["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
            raise ConfigError(
                "DATABASE_URL must point to PostgreSQL in production; SQLite is for development."
            )
        if not cfg["PUBLIC_BASE_URL"]:
            raise ConfigError(
                "PUBLIC_BASE_URL must be set in production (e.g. https://pasarikm.id): links in "
                "emails are built on it."
            )
        if cfg["TRUSTED_HOSTS"] is None:
            cfg["TRUSTED_HOSTS"] = [urlsplit(cfg["PUBLIC_BASE_URL"]).hostname]
        if not cfg["MAIL_SERVER"]:
            # The log backend would write reset links and addresses into production logs.
            raise ConfigError(
                "MAIL_SERVER must be set in production: accounts need verification and "
                "password-reset emails."
            )
    else:
        if not cfg["SECRET_KEY"]:
            cfg["SECRET_KEY"] = _dev_secret_key(instance)
        if not cfg["NIK_HMAC_KEY"]:
            cfg["NIK_HMAC_KEY"] = _dev_secret_key(instance, "nik_hmac_key")
        if not cfg["PUBLIC_BASE_URL"]:
            cfg["PUBLIC_BASE_URL"] = "http://127.0.0.1:5000"
    return cfg
