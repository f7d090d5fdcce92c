"""What spreadsheet imports (participants, products) share: row problems and refusals."""

from __future__ import annotations

from collections.abc import Iterable
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
