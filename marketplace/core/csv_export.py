"""CSV downloads that open safely in Excel and LibreOffice."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Response, stream_with_context

# A cell starting with one of these is read as a formula by spreadsheet programs
# (CSV/formula injection, OWASP): such text gets a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A value safe to put in a spreadsheet cell; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # A BOM so that Excel reads the file as UTF-8 (names with é, ñ...).
    buffer.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> Response:
    """A streamed CSV attachment; every text cell neutralised against formula injection."""
    safe_name = "".join(c if c.isalnum() or c in "-_." else "-" for c in filename)
    return Response(
        stream_with_context(_lines(header, rows)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{safe_name}"',
            "Cache-Control": "no-store",
        },
    )
