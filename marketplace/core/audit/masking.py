"""What of a written value may be logged: secrets dropped, personal data masked."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

MAX_TEXT = 200
# Never logged at all, not even masked.
_SECRET = re.compile(r"(password|_token$|^token|_secret$|^secret|_hash$|^session_version$)")
_EMAIL = re.compile(r"email")
_PHONE = re.compile(r"(phone|whatsapp)")
_PERSON_NAME = re.compile(r"(full_name|recipient_name|holder_name|buyer_name|contact_name|holder$)")
_ADDRESS = re.compile(r"(^address_line|^address_text|_address$|^address$)")
_LAST4 = re.compile(r"(^nik$|^nik_(?!last4)|account_number|account_no|npwp)")
_BIRTH = re.compile(r"^birth_")
# Free text written about a person (mentoring notes): only whether it changed is logged.
_PRIVATE_TEXT = {("mentoring_visits", "notes")}
# Columns called just "name" that name a person (elsewhere "name" is a store or a product).
_PERSON_NAME_TABLES = {"users"}
# Written on every change; the entry has its own time.
_NOISE_COLUMNS = {"created_at", "updated_at"}
# The log itself, and derived tables rebuilt from others (search index, agency figures summary).
SKIPPED_TABLES = {"audit_entries", "search_documents", "search_terms", "agency_stats_summaries"}


class _Dropped:
    """Marks a value that must not be logged at all."""


DROPPED = _Dropped()


def _mask_email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not at:
        return _mask_words(value)
    first, _dot, rest = domain.partition(".")
    masked_domain = f"{first[:1]}***" + (f".{rest}" if rest else "")
    return f"{local[:1]}***@{masked_domain}"


def _mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 8:
        return "***"
    prefix = "+62" if value.startswith("+62") else digits[:2]
    return f"{prefix}***{digits[-4:]}"


def _mask_words(value: str, *, limit: int | None = None) -> str:
    words = value.split()
    masked = " ".join(f"{word[:1]}***" for word in words[:limit])
    return masked + ("…" if limit is not None and len(words) > limit else "")


def _mask_last4(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return f"***{digits[-4:]}" if len(digits) > 4 else "***"


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return str(value)


def mask_value(column: str, value: Any, *, table: str = "") -> Any:
    """The loggable form of `value` of `table.column`: DROPPED for secrets, personal data
    masked (email, phone, a person's name, address, NIK/NPWP/account number, birth data),
    long text cut to 200 characters."""
    name = column.lower()
    if _SECRET.search(name):
        return DROPPED
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, dict):
        masked = {
            k: v for k, v in ((k, mask_value(k, v)) for k, v in value.items()) if v is not DROPPED
        }
        return _cut_structure(masked)
    if isinstance(value, list):
        return _cut_structure([mask_value(name, v, table=table) for v in value])
    if _BIRTH.search(name) or (table, name) in _PRIVATE_TEXT:
        return "***"
    if isinstance(value, bool | int | float) and not _LAST4.search(name):
        if _EMAIL.search(name) or _PHONE.search(name) or _PERSON_NAME.search(name):
            return "***"
        return value
    text = str(value)
    if _EMAIL.search(name):
        return _mask_email(text)
    if _PHONE.search(name):
        return _mask_phone(text)
    if _LAST4.search(name):
        return _mask_last4(text)
    if _PERSON_NAME.search(name) or (name == "name" and table in _PERSON_NAME_TABLES):
        return _mask_words(text)
    if _ADDRESS.search(name):
        return _mask_words(text, limit=3)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _cut_structure(value: Any) -> Any:
    dumped = json.dumps(value, ensure_ascii=False)
    return value if len(dumped) <= MAX_TEXT else dumped[:MAX_TEXT] + "…"


def mask_changes(table: str, changes: Mapping[str, tuple[Any, Any] | list[Any]]) -> dict[str, Any]:
    """{column: [before, after]} with each side masked; secrets and timestamps left out."""
    result: dict[str, Any] = {}
    for column, (before, after) in changes.items():
        if column in _NOISE_COLUMNS:
            continue
        masked_before = mask_value(column, before, table=table)
        if masked_before is DROPPED:
            continue
        result[column] = [masked_before, mask_value(column, after, table=table)]
    return result
