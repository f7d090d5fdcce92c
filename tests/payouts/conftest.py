"""Payout routes sit on the admin and stores blueprints: load them before the app is made
(as `register_blueprints` does once it imports these modules)."""

from marketplace.payouts import admin_views as _admin_views  # noqa: F401
from marketplace.payouts import seller_views as _seller_views  # noqa: F401
