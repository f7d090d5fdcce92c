"""Browser journeys: the real app served on 127.0.0.1, driven by Debian's Chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from tests.conftest import make_test_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    return {"executable_path": executable, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with demo data on a free 127.0.0.1 port; yields its base URL."""
    folder = tmp_path_factory.mktemp("live")
    app = make_test_app(
        f"sqlite:///{folder / 'live.sqlite3'}",
        WTF_CSRF_ENABLED=True,
        MAIL_ASYNC=False,
        SEARCH_DIR=str(folder / "search"),
    )
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
