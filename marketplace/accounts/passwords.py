"""Password policy and hashing (scrypt, via Werkzeug)."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 128
MIN_STRENGTH = 2  # zxcvbn score 0-4; below 2 is "guessable within hours online".

# Words Indonesian users commonly build passwords from; zxcvbn's own lists are English.
INDONESIAN_COMMON_WORDS = (
    "sayang",
    "bismillah",
    "indonesia",
    "rahasia",
    "katasandi",
    "sandi",
    "cinta",
    "merdeka",
    "alhamdulillah",
    "kalimantan",
    "sumatera",
    "jakarta",
    "bandung",
    "surabaya",
    "medan",
    "demak",
    "pekalongan",
    "semarang",
    "garuda",
    "pancasila",
    "persib",
    "persija",
    "pasarikm",
    "pasar",
    "toko",
    "batik",
    "keripik",
    "admin",
    "masuk",
    "daftar",
)


def _expand(user_inputs: tuple[str, ...]) -> list[str]:
    """'Sri Wahyuni' -> sri wahyuni, sriwahyuni, sri, wahyuni; an email gives its local part."""
    words: set[str] = set()
    for value in user_inputs:
        value = (value or "").strip().lower()
        if not value:
            continue
        value = value.split("@")[0]
        parts = [p for p in value.replace(".", " ").replace("_", " ").split() if len(p) > 2]
        words.update({value, "".join(parts), *parts})
    return sorted(w for w in words if w)


def password_problem(password: str, *, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why a new password is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return str(_l("Kata sandi minimal %(n)d karakter.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Kata sandi maksimal %(n)d karakter.", n=MAX_LENGTH))
    words = _expand(user_inputs) + list(INDONESIAN_COMMON_WORDS)
    result = zxcvbn(password, user_inputs=words)
    if result["score"] < MIN_STRENGTH:
        return str(
            _l(
                "Kata sandi terlalu mudah ditebak (kata umum, nama, atau pola berulang). "
                "Gunakan gabungan beberapa kata yang tidak berhubungan."
            )
        )
    return None


def hash_password(password: str) -> str:
    """A salted scrypt hash of the password."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its stored hash in constant time."""
    return check_password_hash(password_hash, password)


_DUMMY_HASH: dict[str, str] = {}


def burn_password_check(password: str) -> None:
    """Spend as long as a real check so that unknown emails are not revealed by timing."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASH:
        _DUMMY_HASH[method] = generate_password_hash("not-a-real-password", method=method)
    check_password_hash(_DUMMY_HASH[method], password)
