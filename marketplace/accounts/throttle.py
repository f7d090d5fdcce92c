"""Failed-login throttling per account and per address, on Flask-Limiter's storage.

Storage is in memory by default and Redis when REDIS_URL is set, so every app process
sees the same counters. Account keys are hashed: no email address is stored in the limiter.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import current_app
from limits import RateLimitItem, parse
from limits.strategies import FixedWindowRateLimiter

from marketplace.accounts.errors import LoginLocked
from marketplace.extensions import limiter


def _strategy() -> FixedWindowRateLimiter:
    return FixedWindowRateLimiter(limiter.storage)


def _limits() -> tuple[RateLimitItem, RateLimitItem]:
    cfg = current_app.config
    return parse(cfg["LOGIN_FAILURES_PER_ACCOUNT"]), parse(cfg["LOGIN_FAILURES_PER_ADDRESS"])


def _account_key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def check_login_allowed(*, email: str, address: str) -> None:
    """Raise LoginLocked if the account or the address has failed too often lately."""
    strategy = _strategy()
    per_account, per_address = _limits()
    for item, scope, key in (
        (per_account, "account", _account_key(email)),
        (per_address, "address", address),
    ):
        if not strategy.test(item, "login-failures", scope, key):
            reset_at = strategy.get_window_stats(item, "login-failures", scope, key).reset_time
            raise LoginLocked(until=datetime.fromtimestamp(reset_at, UTC), scope=scope)


def record_login_failure(*, email: str, address: str) -> None:
    """Count one failed login against both the account and the address."""
    strategy = _strategy()
    per_account, per_address = _limits()
    strategy.hit(per_account, "login-failures", "account", _account_key(email))
    strategy.hit(per_address, "login-failures", "address", address)


def clear_login_failures(*, email: str) -> None:
    """A successful login forgives the account's earlier failures."""
    per_account, _ = _limits()
    _strategy().clear(per_account, "login-failures", "account", _account_key(email))
