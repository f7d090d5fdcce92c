"""Test fixtures: app, database (SQLite or a real PostgreSQL), client, SMTP outbox, helpers.

`pytest` runs on SQLite in memory; `pytest --db=postgresql` starts a throwaway PostgreSQL
cluster for the session and runs the same tests against it.
"""

from __future__ import annotations

import atexit
import contextvars
import re
import shutil
import tempfile
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text

from marketplace import create_app
from marketplace.extensions import db, limiter
from tests.postgres import Cluster, _free_port, start_cluster


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default="sqlite",
        choices=("sqlite", "postgresql"),
        help="database backend for the suite (default: sqlite in memory)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests marked postgresql_only need a real PostgreSQL (locking, concurrency, full text):
    # on the SQLite run they are deselected, not skipped, and they run in the PostgreSQL pass.
    if config.getoption("--db") == "postgresql":
        return
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker("postgresql_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> str:
    return pytestconfig.getoption("--db")


@pytest.fixture(scope="session")
def pg_cluster(backend: str) -> Iterator[Cluster | None]:
    if backend != "postgresql":
        yield None
        return
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def database_url(
    backend: str, pg_cluster: Cluster | None, tmp_path_factory: pytest.TempPathFactory
) -> str:
    if pg_cluster is None:
        # A file, not memory: test code and requests use separate connections, as in production.
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    return pg_cluster.create_database("pasar_ikm_test")


@pytest.fixture
def empty_database_url(backend: str, pg_cluster: Cluster | None, tmp_path: Any) -> str:
    """A brand-new empty database of the session's backend (for migration tests)."""
    if pg_cluster is None:
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return pg_cluster.create_database(f"empty_{_free_port()}")


# -- Mail: a real SMTP server on 127.0.0.1 ---------------------------------------------------


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def outbox(smtp_server: tuple[_Inbox, int]) -> list[Message]:
    """Messages the app sent during this test, in order."""
    inbox, _ = smtp_server
    inbox.messages.clear()
    return inbox.messages


# -- App, database, client -------------------------------------------------------------------


# Uploads and the search index of the test session live in a throwaway folder.
_TEST_FILES = tempfile.mkdtemp(prefix="pasar-ikm-test-files-")
atexit.register(shutil.rmtree, _TEST_FILES, ignore_errors=True)


def make_test_app(database_url: str, **overrides: Any) -> Flask:
    config = {
        "APP_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "UPLOAD_DIR": f"{_TEST_FILES}/uploads",
        "SEARCH_DIR": f"{_TEST_FILES}/search",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def app(database_url: str, smtp_server: tuple[_Inbox, int]) -> Iterator[Flask]:
    _, port = smtp_server
    app = make_test_app(
        database_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own context, as a real server's does.

    Without this, a request reuses the test's app context: `g` (and so Flask-Login's cached
    user) and the database session would leak between requests and between clients.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            response = FlaskClient.open(self, *args, **kwargs)
            # A streamed body is produced where the request ran, as a server would do it.
            response.get_data()
            return response

        return contextvars.Context().run(run)


@pytest.fixture(autouse=True)
def _app_context(request: pytest.FixtureRequest) -> Iterator[None]:
    """Test code runs in an app context; afterwards tables are emptied and limits reset."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        yield
        db.session.rollback()
        if db.engine.dialect.name == "postgresql":
            # audit_entries is append-only (a trigger refuses DELETE); the suite's superuser
            # may skip triggers for this clean-up, the application's role cannot.
            db.session.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        limiter.reset()
        # Ids restart once tables are empty: the next test must not find this one's products.
        indexer = app.extensions["search_indexer"]
        if indexer.submitted:
            app.extensions["search"].clear()
            indexer.submitted = 0


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


_CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_from(html: str) -> str:
    """The first CSRF token in a rendered page."""
    match = _CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any], *, page: str | None = None, **kw: Any
) -> Any:
    """GET the page (or `page`) for its CSRF token, then POST the form like a browser."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_from(html)}, **kw)


@pytest.fixture
def login_as(client: FlaskClient) -> Any:
    """Log a user in through the real login form."""
    from tests.factories import PASSWORD

    def _login(user: Any, password: str = PASSWORD) -> Any:
        response = post_form(client, "/masuk", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return _login


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Iterator[Any]:
    """Context manager counting SQL statements sent while it is open."""
    from contextlib import contextmanager

    @contextmanager
    def _count() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    yield _count
