"""Why a training action was refused."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


class InvalidProgram(DomainError):
    code = "invalid_program"
    message = _l("Data program tidak valid.")


class ImportAlreadyApplied(DomainError):
    code = "import_applied"
    message = _l("Impor ini sudah diterapkan.")


class InvalidTransition(DomainError):
    code = "invalid_transition"

    def __init__(self, *, from_status: str, to_status: str, message: Any = None) -> None:
        super().__init__(message, from_status=from_status, to_status=to_status)


class CertificateTaken(DomainError):
    code = "certificate_taken"
    message = _l("Nomor sertifikat ini sudah dipakai peserta lain di Dinas yang sama.")


class ClaimNotFound(DomainError):
    """No record matches; deliberately says nothing about which half was wrong."""

    code = "claim_not_found"
    message = _l(
        "Nomor sertifikat dan NIK tidak cocok dengan data pelatihan mana pun. Periksa lagi, "
        "atau minta tautan undangan dari Dinas yang melatih Anda."
    )


class AlreadyClaimed(DomainError):
    code = "already_claimed"
    message = _l(
        "Data pelatihan ini sudah ditautkan ke akun lain. Jika itu keliru, hubungi Dinas yang "
        "melatih Anda untuk melepas tautannya."
    )


class UserHasRecord(DomainError):
    code = "user_has_record"
    message = _l("Akun Anda sudah ditautkan ke data peserta lain.")


class InvalidInvitation(DomainError):
    code = "invalid_invitation"
    message = _l("Tautan undangan tidak valid, sudah dipakai, atau kedaluwarsa. Minta yang baru.")


class ClaimLocked(DomainError):
    code = "claim_locked"
    message = _l("Terlalu banyak percobaan. Coba lagi nanti.")
