"""NIK (Nomor Induk Kependudukan): parse and check the 16 digits, and hash them for matching.

A NIK is personal data (UU PDP): nothing here logs it, puts it in an exception message or in a
repr. Callers keep only `nik_hash` and `NikInfo.last4`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from flask_babel import lazy_gettext as _l

from marketplace.regions.reference import district_code_from_nik

__all__ = ["InvalidNik", "NikInfo", "nik_hash", "parse_nik"]

Reason = Literal["format", "region", "date", "serial"]

_MESSAGES: dict[str, Any] = {
    "format": _l("NIK harus 16 digit angka."),
    "region": _l("Kode wilayah NIK (6 digit pertama) bukan kecamatan yang terdaftar."),
    "date": _l("Tanggal lahir dalam NIK tidak valid."),
    "serial": _l("Nomor urut NIK tidak boleh 0000."),
}

# Excel shows a 16-digit number as 3,37501E+15 and keeps only 15 significant digits, so the
# cell no longer holds the NIK at all: say how to fix the sheet, not just "16 digits".
_SCIENTIFIC_MESSAGE = _l(
    "NIK tertulis sebagai angka ilmiah (mis. 3,37E+15) sehingga digitnya hilang. Ubah format "
    "kolom NIK menjadi Teks di Excel, lalu ketik ulang NIK-nya."
)

_SEPARATORS = re.compile(r"[\s.\-]+")
_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")  # not \d: that also matches non-ASCII digits
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+")


class InvalidNik(ValueError):
    """A NIK that cannot be real; `reason` is "format", "region", "date" or "serial"."""

    def __init__(self, reason: Reason, message: Any | None = None) -> None:
        self.reason: Reason = reason
        self.message: Any = message if message is not None else _MESSAGES[reason]
        # Only the reason: the NIK itself must never reach a log or a traceback text.
        super().__init__(reason)


@dataclass(frozen=True, repr=False)
class NikInfo:
    """What a valid NIK says: kecamatan of registration, birth date, gender, last 4 digits."""

    nik: str
    district_code: str
    birth_date: date
    gender: str  # "L" (laki-laki) or "P" (perempuan)
    last4: str

    @property
    def birth_year(self) -> int:
        """The year of the birth date in the NIK."""
        return self.birth_date.year

    def __repr__(self) -> str:
        # Region, birth date and last 4 together rebuild the whole NIK: show the last 4 only.
        return f"NikInfo(last4={self.last4!r})"


def parse_nik(raw: str, *, today: date | None = None) -> NikInfo:
    """Check a typed NIK ("3321 0145 0390 0001" is fine) and decode it. Raises InvalidNik."""
    text = (raw or "").strip()
    nik = _SEPARATORS.sub("", text)
    if not _SIXTEEN_DIGITS.fullmatch(nik):
        if _SCIENTIFIC.fullmatch(text):
            raise InvalidNik("format", _SCIENTIFIC_MESSAGE)
        raise InvalidNik("format")

    district_code = district_code_from_nik(nik)
    if district_code is None:
        raise InvalidNik("region")

    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = "L"
    if day > 40:  # women's day of birth is written plus 40
        day -= 40
        gender = "P"
    today = today or date.today()
    # Two digits of year: the latest century that does not put the year in the future.
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    try:
        birth_date = date(year, month, day)  # rejects day 0, 32-40, 72+, month 0 or 13+, 30 Feb
    except ValueError:
        raise InvalidNik("date") from None
    if birth_date > today:
        raise InvalidNik("date")

    if nik[12:] == "0000":
        raise InvalidNik("serial")
    return NikInfo(
        nik=nik, district_code=district_code, birth_date=birth_date, gender=gender, last4=nik[12:]
    )


def nik_hash(nik: str, key: bytes) -> str:
    """HMAC-SHA256 hex digest of a 16-digit NIK. Raises ValueError for another form or no key."""
    # Why keyed: equal NIKs must match across agencies without storing the NIK, and a plain hash
    # of a 16-digit number with a guessable structure falls to brute force in minutes; with a
    # secret key it does not. Only the canonical 16 digits are hashed, or equal NIKs would differ.
    if not _SIXTEEN_DIGITS.fullmatch(nik):
        raise ValueError("nik_hash needs the 16-digit NIK from parse_nik")
    if not key:
        raise ValueError("nik_hash needs a non-empty key")
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()
