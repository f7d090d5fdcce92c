"""What spreadsheet imports (participants, products) share: row problems and refusals."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import DomainError


@dataclass(frozen=True)
class RowError:
    """One problem in one row: the physical line (header = 1), the canonical column, why."""

    line: int
    column: str
    message: Any  # a lazy string; never personal identifiers such as a NIK


@dataclass(frozen=True)
class Problem:
    """A rejected row: its line, the column at fault and why (already in the user's words)."""

    line: int
    column: str
    message: str


class ImportHasErrors(DomainError):
    """An import with rejected rows is never applied: fix the file and upload it again."""

    code = "import_has_errors"
    message = _l("Berkas masih memiliki baris yang ditolak. Perbaiki lalu unggah ulang.")


class ImportChanged(DomainError):
    """The data changed since the preview: applying now would do something else."""

    code = "import_changed"
    message = _l("Data berubah sejak pratinjau dibuat. Periksa pratinjau terbaru lalu simpan lagi.")


class PlanCounts:
    """The preview's counts, from the actions a plan would take ("create", "update",
    "unchanged"); a plan class provides `actions()`."""

    def actions(self) -> Iterable[str]:
        raise NotImplementedError

    def _count(self, action: str) -> int:
        return sum(1 for a in self.actions() if a == action)

    @property
    def creates(self) -> int:
        return self._count("create")

    @property
    def updates(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")


# -- Reading spreadsheet exports ---------------------------------------------------------------

_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (zip), .xls (OLE2)
_SEP_LINE = re.compile(r"sep=([,;])[ \t]*(?:\r\n|\r|\n|$)", re.IGNORECASE)


def decode_csv(data: bytes, *, error: type[DomainError], empty: Any) -> str:
    """The text of an uploaded CSV. Raises `error` (reason empty, workbook or not_utf8)."""
    if not data.strip():
        raise error(empty, reason="empty")
    if data.startswith(_SPREADSHEET_MAGIC):
        raise error(
            _l(
                "Berkas ini buku kerja Excel, bukan CSV. Di Excel, simpan ulang dengan jenis "
                "berkas “CSV UTF-8”, lalu unggah lagi."
            ),
            reason="workbook",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    # NUL characters mean UTF-16 ("Unicode Text" in Excel), which also decodes as UTF-8.
    if text is None or "\x00" in text:
        raise error(
            _l(
                "Berkas bukan teks UTF-8. Di Excel, simpan ulang dengan jenis berkas “CSV "
                "UTF-8”, lalu unggah lagi."
            ),
            reason="not_utf8",
        )
    # Only separators and quotes (Excel saves empty formatted rows as ";;;") is empty too.
    if not text.strip(' \t\r\n,;"'):
        raise error(empty, reason="empty")
    return text


def detect_delimiter(text: str) -> str:
    """';' if the header line has more semicolons than commas outside quotes, else ','."""
    # Excel writes ';' when the Windows list separator is ';', as in the Indonesian locale.
    counts = {",": 0, ";": 0}
    quoted = has_text = False
    for char in text:
        if char == '"':
            quoted = not quoted
            has_text = True
        elif quoted:
            continue
        elif char in "\r\n":
            if has_text:
                break
            counts = {",": 0, ";": 0}  # a blank or ";;;" line before the header
        elif char in counts:
            counts[char] += 1
        elif not char.isspace():
            has_text = True
    return ";" if counts[";"] > counts[","] else ","


def csv_records(
    text: str, *, error: type[DomainError]
) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The delimiter, and (start line, cells) of each non-blank record, header first.

    Honours Excel's "sep=;" first line. Iterating raises `error` (reason csv) on bad quoting.
    """
    sep_line = _SEP_LINE.match(text)
    delimiter = sep_line.group(1) if sep_line else detect_delimiter(text)
    return delimiter, _records(text, delimiter, skip_first=sep_line is not None, error=error)


def _records(
    text: str, delimiter: str, *, skip_first: bool, error: type[DomainError]
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # Strict mode: an unclosed quote would otherwise swallow the rest of the file.
            raise error(
                _l(
                    'Baris %(line)d tidak bisa dibaca: ada tanda kutip (") yang tidak '
                    "berpasangan. Perbaiki sel tersebut atau simpan ulang dari Excel sebagai "
                    "“CSV UTF-8”.",
                    line=start,
                ),
                reason="csv",
                line=start,
            ) from None
        # line_num is where the record ends; a quoted cell may span several lines.
        end = reader.line_num
        if skip_first and start == 1:
            continue
        if any(cell.strip() for cell in cells):
            yield start, cells
