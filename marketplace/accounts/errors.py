"""Why an account action was refused."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    message = _l("Email atau kata sandi salah.")


class AccountSuspended(DomainError):
    """An admin suspended the account (admin.moderation); `reason` is shown to its owner."""

    code = "account_suspended"

    def __init__(self, *, reason: str) -> None:
        super().__init__(
            _l(
                "Akun Anda ditangguhkan oleh admin Pasar IKM. Alasan: %(reason)s. Hubungi admin "
                "bila menurut Anda ini keliru.",
                reason=reason,
            ),
            reason=reason,
        )
        self.reason = reason


class LoginLocked(DomainError):
    """Too many failed logins; `until` says when the lock ends."""

    code = "login_locked"
    message = _l("Terlalu banyak percobaan masuk yang gagal.")

    def __init__(self, *, until: datetime, scope: str) -> None:
        super().__init__(until=until, scope=scope)
        self.until = until
        self.scope = scope


class EmailTaken(DomainError):
    code = "email_taken"
    message = _l("Email ini sudah terdaftar. Silakan masuk atau atur ulang kata sandi.")


class WeakPassword(DomainError):
    code = "weak_password"


class InvalidToken(DomainError):
    """The link is unknown, expired, already used or for another purpose."""

    code = "invalid_token"
    message = _l("Tautan tidak valid atau sudah kedaluwarsa. Minta tautan baru.")

    def __init__(self, *, reason: str) -> None:
        messages = {
            "expired": _l("Tautan ini sudah kedaluwarsa. Minta tautan baru."),
            "used": _l("Tautan ini sudah pernah dipakai. Minta tautan baru bila perlu."),
        }
        super().__init__(messages.get(reason), reason=reason)
        self.reason = reason


class InvalidPreference(DomainError):
    code = "invalid_preference"
    message = _l("Pilihan bahasa atau zona waktu tidak dikenal.")


class WrongPassword(DomainError):
    code = "wrong_password"
    message = _l("Kata sandi saat ini salah.")
