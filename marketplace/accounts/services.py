"""Account writes: sign-up, login, tokens, password changes. Services flush; callers commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.accounts import throttle
from marketplace.accounts.errors import (
    AccountSuspended,
    EmailTaken,
    InvalidCredentials,
    InvalidPreference,
    InvalidToken,
    WeakPassword,
    WrongPassword,
)
from marketplace.accounts.models import TokenPurpose, User, UserToken
from marketplace.accounts.passwords import (
    burn_password_check,
    hash_password,
    password_problem,
    verify_password,
)
from marketplace.accounts.queries import get_user_by_email
from marketplace.core.db import utcnow
from marketplace.core.i18n import TIMEZONES
from marketplace.core.mail import send_user_email
from marketplace.core.urls import public_url
from marketplace.extensions import db


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding spaces."""
    return (email or "").strip().lower()


def _personal_words(user: User) -> tuple[str, ...]:
    return (user.name, user.email.split("@")[0], user.phone)


def _check_password_policy(password: str, user_inputs: tuple[str, ...]) -> None:
    problem = password_problem(password, user_inputs=user_inputs)
    if problem:
        raise WeakPassword(problem)


def register_user(
    *, name: str, email: str, phone: str, password: str, locale: str | None = None
) -> User:
    """Create an account and email a verification link. Raises EmailTaken, WeakPassword."""
    email = normalize_email(email)
    if get_user_by_email(email) is not None:
        raise EmailTaken()
    _check_password_policy(password, (name, email.split("@")[0], phone))
    user = User(
        name=name.strip(),
        email=email,
        phone=phone,
        password_hash=hash_password(password),
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    send_verification_email(user)
    return user


def authenticate(*, email: str, password: str, address: str) -> User:
    """Check a login. Raises LoginLocked (too many failures), InvalidCredentials or, with
    the right password, AccountSuspended."""
    email = normalize_email(email)
    throttle.begin_login_attempt(email=email, address=address)
    user = get_user_by_email(email)
    if user is None:
        burn_password_check(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if not ok or user is None:
        throttle.record_login_failure(address=address)
        raise InvalidCredentials()
    throttle.clear_login_failures(email=email)
    if user.suspended_at is not None:
        raise AccountSuspended(reason=user.suspension_reason or "")
    user.last_login_at = utcnow()
    return user


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose) -> str:
    """Create a single-use token; returns the raw value (only its hash is stored)."""
    max_age = {
        TokenPurpose.RESET_PASSWORD: current_app.config["RESET_TOKEN_MAX_AGE"],
        TokenPurpose.VERIFY_EMAIL: current_app.config["VERIFY_TOKEN_MAX_AGE"],
    }[purpose]
    raw = secrets.token_urlsafe(32)
    db.session.add(
        UserToken(
            user=user,
            purpose=purpose,
            token_hash=_hash_token(raw),
            expires_at=utcnow() + timedelta(seconds=max_age),
        )
    )
    db.session.flush()
    return raw


def check_token(raw: str, purpose: TokenPurpose) -> User:
    """The token's user if the token can be used now; raises InvalidToken. Changes nothing."""
    token = db.session.scalar(
        select(UserToken).where(
            UserToken.token_hash == _hash_token(raw or ""), UserToken.purpose == purpose
        )
    )
    if token is None:
        raise InvalidToken(reason="unknown")
    if token.used_at is not None:
        raise InvalidToken(reason="used")
    if token.expires_at <= utcnow():
        raise InvalidToken(reason="expired")
    return token.user


def _use_token(raw: str, purpose: TokenPurpose) -> User:
    """Mark a token used and return its user. Raises InvalidToken(reason)."""
    user = check_token(raw, purpose)
    # Conditional update: of two concurrent uses of one token, only one wins.
    result = db.session.execute(
        update(UserToken)
        .where(UserToken.token_hash == _hash_token(raw), UserToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise InvalidToken(reason="used")
    return user


def send_verification_email(user: User) -> None:
    """Email a fresh verification link (after commit)."""
    raw = issue_token(user, TokenPurpose.VERIFY_EMAIL)
    link = public_url("accounts.verify_email", token=raw)
    send_user_email(
        user,
        template="accounts/email/verify.txt",
        subject=_l("Verifikasi email Anda di Pasar IKM"),
        link=link,
    )


def verify_email(*, token: str) -> User:
    """Mark the token's user as verified. Raises InvalidToken."""
    user = _use_token(token, TokenPurpose.VERIFY_EMAIL)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def request_password_reset(*, email: str) -> None:
    """Email a reset link if the address has an account; say nothing either way."""
    user = get_user_by_email(normalize_email(email))
    if user is None:
        return
    raw = issue_token(user, TokenPurpose.RESET_PASSWORD)
    link = public_url("accounts.reset_password_link", token=raw)
    send_user_email(
        user,
        template="accounts/email/reset.txt",
        subject=_l("Atur ulang kata sandi Pasar IKM"),
        link=link,
    )


def _set_password(user: User, new_password: str) -> None:
    _check_password_policy(new_password, _personal_words(user))
    user.password_hash = hash_password(new_password)
    # Ends every other session and remember-me cookie of this user.
    user.session_version += 1
    # Any other outstanding reset link dies with the old password.
    db.session.execute(
        update(UserToken)
        .where(
            UserToken.user_id == user.id,
            UserToken.purpose == TokenPurpose.RESET_PASSWORD,
            UserToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def reset_password(*, token: str, new_password: str) -> User:
    """Set a new password with a reset token. Raises InvalidToken, WeakPassword."""
    user = check_token(token, TokenPurpose.RESET_PASSWORD)
    # Check the policy before using the token, so that a weak password does not burn it.
    _check_password_policy(new_password, _personal_words(user))
    _use_token(token, TokenPurpose.RESET_PASSWORD)
    _set_password(user, new_password)
    # Receiving the reset mail proves the address too.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Change a logged-in user's password. Raises WrongPassword, WeakPassword."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword()
    _set_password(user, new_password)


def set_preferences(user: User, *, locale: str | None = None, timezone: str | None = None) -> None:
    """Save language and time zone choices. Raises InvalidPreference for unknown values."""
    if locale is not None:
        if locale not in current_app.config["LANGUAGES"]:
            raise InvalidPreference(value=locale)
        user.locale = locale
    if timezone is not None:
        if timezone not in TIMEZONES:
            raise InvalidPreference(value=timezone)
        user.timezone = timezone
