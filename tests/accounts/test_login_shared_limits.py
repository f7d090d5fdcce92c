"""With REDIS_URL, every app process sees the same failed-login counters."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import PASSWORD, make_user
from tests.postgres import _free_port

ROOT = Path(__file__).resolve().parents[2]

ATTEMPTS = """
import json, sys
from tests.conftest import IsolatedClient, make_test_app, post_form
db_url, redis_url, email, password, n = sys.argv[1:6]
app = make_test_app(db_url, RATELIMIT_STORAGE_URI=redis_url)
app.test_client_class = IsolatedClient
client = app.test_client()
codes = []
for _ in range(int(n)):
    r = post_form(client, "/masuk", {"email": email, "password": password})
    codes.append(r.status_code)
print(json.dumps(codes))
"""


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.fail("redis-server is not installed (make test installs it when run as root)")
    folder = tmp_path_factory.mktemp("redis")
    port = _free_port()
    pidfile = folder / "redis.pid"
    subprocess.run(
        [
            exe,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--dir",
            str(folder),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        for _ in range(50):
            if pidfile.exists():
                break
            time.sleep(0.05)
        os.kill(int(pidfile.read_text()), signal.SIGTERM)


def run_attempts(database_url: str, redis_url: str, email: str, password: str, n: int) -> list:
    result = subprocess.run(
        [sys.executable, "-c", ATTEMPTS, database_url, redis_url, email, password, str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_lockout_reached_in_one_process_holds_in_another(app, database_url, redis_url):
    user = make_user()

    first = run_attempts(database_url, redis_url, user.email, "wrong-password-here", 5)
    second = run_attempts(database_url, redis_url, user.email, PASSWORD, 1)

    assert first == [200] * 5
    assert second == [429]
