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


def _locked(strategy: FixedWindowRateLimiter, item: RateLimitItem, *ids: str) -> LoginLocked:
    reset_at = strategy.get_window_stats(item, "login-failures", *ids).reset_time
    return LoginLocked(until=datetime.fromtimestamp(reset_at, UTC), scope=ids[0])


def begin_login_attempt(*, email: str, address: str) -> None:
    """Count this attempt against the account before the password is checked.

    Counting first (an atomic increment, in Redis too) means a burst of simultaneous guesses
    cannot slip past the limit while each waits for its password check. A successful login
    clears the account's count. Raises LoginLocked for a locked address or account.
    """
    strategy = _strategy()
    per_account, per_address = _limits()
    if not strategy.test(per_address, "login-failures", "address", address):
        raise _locked(strategy, per_address, "address", address)
    account = _account_key(email)
    if not strategy.hit(per_account, "login-failures", "account", account):
        raise _locked(strategy, per_account, "account", account)


def record_login_failure(*, address: str) -> None:
    """Count one failed login against the address (the account was counted up front).

    Only failures count here: many people behind one carrier NAT address log in successfully.
    """
    _, per_address = _limits()
    _strategy().hit(per_address, "login-failures", "address", address)


def clear_login_failures(*, email: str) -> None:
    """A successful login forgives the account's earlier failures."""
    per_account, _ = _limits()
    _strategy().clear(per_account, "login-failures", "account", _account_key(email))
