"""Search fixtures: each backend on a clean index (PostgreSQL's only on the PostgreSQL run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from marketplace.search.backend import SearchBackend


@pytest.fixture(
    params=["whoosh", pytest.param("postgres", marks=pytest.mark.postgresql_only)],
)
def search_backend(
    request: pytest.FixtureRequest, app: Flask, tmp_path: Path
) -> Iterator[SearchBackend]:
    """A search backend on an empty index; the same tests run against each implementation."""
    from marketplace.search.service import make_backend

    if request.param == "whoosh":
        backend = make_backend(app, "whoosh", search_dir=str(tmp_path / "index"))
    else:
        backend = make_backend(app, "postgres")
    backend.clear()
    yield backend
    backend.clear()
