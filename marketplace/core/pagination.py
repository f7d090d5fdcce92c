"""Pages of rows in a fixed number of queries (one count, one page), whatever the page size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select

from marketplace.extensions import db

T = TypeVar("T")

MAX_PER_PAGE = 200


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results with what the pager needs."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate_rows(stmt: Select[Any], *, page: int, per_page: int) -> Page[Any]:
    """Run `stmt` for one page (rows, several entities allowed) plus one COUNT query."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(rows), total=total or 0, page=page, per_page=per_page)
