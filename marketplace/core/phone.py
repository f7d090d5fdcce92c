"""Indonesian phone numbers, normalised to E.164 (+62...)."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    """Not a valid Indonesian phone number."""


def normalize_phone(raw: str) -> str:
    """'0812-3456-7890', '62812...', '+62 812 ...' -> '+6281234567890'. Raises InvalidPhone."""
    cleaned = (raw or "").strip()
    if not cleaned:
        raise InvalidPhone(raw)
    try:
        number = phonenumbers.parse(cleaned, "ID")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(raw) from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
