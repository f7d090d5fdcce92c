"""Pasar IKM: a marketplace for the goods of Indonesia's small producers (IKM)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config -> extensions -> blueprints -> errors -> cli."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    register_config(app, config)
    register_logging(app)
    register_extensions(app)
    from marketplace.core.urls import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter
    register_blueprints(app)
    register_errors(app)
    register_templates(app)
    register_cli(app)
    return app


def register_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    from marketplace.config import load_config

    env = (overrides or {}).get("APP_ENV") or os.environ.get("APP_ENV", "development")
    if env == "development":
        from dotenv import load_dotenv

        load_dotenv(ROOT / ".env", override=False)
    app.config.from_mapping(load_config(app.instance_path, overrides))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        # Behind a reverse proxy the client address (rate limits) and scheme come from it.
        # The host does not: links are built on PUBLIC_BASE_URL, hosts checked by TRUSTED_HOSTS.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def register_logging(app: Flask) -> None:
    logger = logging.getLogger("marketplace")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    if app.config["APP_ENV"] == "production" and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        # Each worker process would count login and claim attempts on its own.
        logger.warning("REDIS_URL is not set: rate limits are per process, not per site.")


def register_extensions(app: Flask) -> None:
    from marketplace.accounts.queries import get_user_for_session
    from marketplace.core.i18n import select_locale, select_timezone
    from marketplace.core.migrations import render_item
    from marketplace.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(ROOT / "marketplace" / "translations"),
    )
    limiter.init_app(app)
    mail.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    login_manager.user_loader(get_user_for_session)

    # Import every model so that metadata (and `flask db migrate`) sees the whole schema.
    import marketplace.models  # noqa: F401
    from marketplace.core.audit import register_audit
    from marketplace.search.service import init_search

    init_search(app)
    # Every admin and agency-staff write is recorded in the same transaction (audit log).
    register_audit(app)


def register_blueprints(app: Flask) -> None:
    from marketplace.accounts.views import bp as accounts_bp
    from marketplace.admin import audit_views as _audit  # noqa: F401  (admin bp)
    from marketplace.admin import commission_views as _commission  # noqa: F401  (admin bp)
    from marketplace.admin import moderation_views as _moderation  # noqa: F401  (admin bp)
    from marketplace.admin import report_views as _reports  # noqa: F401  (catalog bp)
    from marketplace.admin import search_views as _admin_search  # noqa: F401  (admin bp)
    from marketplace.admin.views import bp as admin_bp
    from marketplace.api import products as _api_products  # noqa: F401  (routes on api_bp)
    from marketplace.api.views import bp as api_bp
    from marketplace.cart.views import bp as cart_bp
    from marketplace.catalog import (  # noqa: F401  (seller routes on catalog_bp)
        import_views,
        seller_views,
    )
    from marketplace.catalog.views import bp as catalog_bp
    from marketplace.main.views import bp as main_bp
    from marketplace.orders import refund_views as _refunds  # noqa: F401  (orders, stores, admin)
    from marketplace.orders import review_views as _reviews  # noqa: F401  (orders, stores bps)
    from marketplace.orders import seller_views as _seller_orders  # noqa: F401  (on stores bp)
    from marketplace.orders.views import bp as orders_bp
    from marketplace.payments.views import bp as payments_bp
    from marketplace.payouts import admin_views as _payouts_admin  # noqa: F401  (admin bp)
    from marketplace.payouts import seller_views as _payouts_seller  # noqa: F401  (stores bp)
    from marketplace.search.views import bp as search_bp
    from marketplace.stores.views import bp as stores_bp
    from marketplace.training.views import bp as training_bp
    from marketplace.wholesale import invoice_pdf_views as _invoice_pdfs  # noqa: F401
    from marketplace.wholesale.business_views import bp as business_bp
    from marketplace.wholesale.invoice_views import bp as invoices_bp
    from marketplace.wholesale.offer_views import bp as wholesale_offers_bp
    from marketplace.wholesale.order_views import bp as wholesale_orders_bp
    from marketplace.wholesale.rfq_views import bp as rfq_bp
    from marketplace.wholesale.standing_views import bp as standing_bp
    from marketplace.wholesale.views import bp as wholesale_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(cart_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(stores_bp)
    app.register_blueprint(training_bp)
    app.register_blueprint(wholesale_bp)
    for bp in (
        business_bp,
        wholesale_offers_bp,
        wholesale_orders_bp,
        rfq_bp,
        standing_bp,
        invoices_bp,
    ):
        app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(api_bp)


def register_errors(app: Flask) -> None:
    from marketplace.core.errors import register_domain_error_handler, register_error_handlers
    from marketplace.core.security import register_security_headers

    register_error_handlers(app)
    register_domain_error_handler(app)
    register_security_headers(app)


def register_templates(app: Flask) -> None:
    from marketplace.catalog.media import register_image_helpers
    from marketplace.core.i18n import register_template_helpers
    from marketplace.wholesale.acting import register_acting_context

    register_template_helpers(app)
    register_image_helpers(app)
    register_acting_context(app)


def register_cli(app: Flask) -> None:
    from marketplace.accounts.cli import accounts_cli
    from marketplace.catalog.cli import catalog_cli
    from marketplace.demo.cli import seed_demo_command
    from marketplace.orders.cli import orders_cli
    from marketplace.payouts.cli import payouts_cli
    from marketplace.search.cli import search_cli
    from marketplace.stores.cli import expire_documents_command
    from marketplace.training.cli import agency_cli, training_cli
    from marketplace.wholesale.cli import wholesale_cli

    app.cli.add_command(accounts_cli)
    catalog_cli.add_command(expire_documents_command)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(training_cli)
    app.cli.add_command(agency_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(search_cli)
    app.cli.add_command(orders_cli)
    app.cli.add_command(wholesale_cli)
    app.cli.add_command(payouts_cli)
