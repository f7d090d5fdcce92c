"""Participant sheets for tests, built the way agencies' spreadsheets export them."""

from __future__ import annotations

import csv
import io
from datetime import date

from marketplace.training.importer import CANONICAL_HEADERS
from tests.factories import nik_for

HEADER = list(CANONICAL_HEADERS)


def person(n: int, **overrides: str) -> dict[str, str]:
    """Row n: a woman from Pekalongan Barat with a unique, well-formed NIK."""
    row = {
        "full_name": f"Peserta Nomor {n}",
        "nik": nik_for("33.75.01", "P", date(1990, 3, 5), serial=n),
        "phone": f"08123{n:07d}",
        "gender": "P",
        "birth_year": "1990",
        "kelurahan": "Bendan Kergon",
        "kecamatan": "Pekalongan Barat",
        "status": "lulus",
        "certificate_no": f"DPN-PKL/2024/BK/{n:04d}",
        "award": "",
        "award_amount_idr": "",
    }
    row.update(overrides)
    return row


def sheet(
    rows: list[dict[str, str]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    crlf: bool = False,
    header: list[str] | None = None,
) -> bytes:
    """Encode rows as a CSV file."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    # `header` renames the canonical columns (aliases), in the same order.
    writer.writerow(header or HEADER)
    for row in rows:
        writer.writerow([row.get(c, "") for c in HEADER])
    data = out.getvalue().encode()
    return (b"\xef\xbb\xbf" + data) if bom else data
