"""Payment fixtures: a real localstripe server and the app served over HTTP for its webhooks.

localstripe runs in a subprocess bound to 127.0.0.1 (its own command listens on every
interface), with its pickle-to-/tmp persistence switched off. Each test starts from an empty
localstripe; the `stripe` fixture turns card payments on for the shared session app and puts
the previous settings back afterwards.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from werkzeug.serving import make_server

from marketplace.extensions import db
from tests.postgres import _free_port

_SERVER = """
import sys
from aiohttp import web
import localstripe.resources
import localstripe.server
localstripe.resources.store.dump_to_disk = lambda: None
web.run_app(localstripe.server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""

SECRET_KEY = "sk_test_pasarikm"
PUBLISHABLE_KEY = "pk_test_pasarikm"
WEBHOOK_SECRET = "whsec_test_pasarikm"


@pytest.fixture(scope="session")
def localstripe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a localstripe server on a free 127.0.0.1 port (ready ~0.3 s)."""
    port = _free_port()
    log = Path(tmp_path_factory.mktemp("localstripe")) / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(port)], stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited: {log.read_text()}")
        try:
            requests.get(f"{url}/js.stripe.com/v3/", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("localstripe did not start within 15 s")


@pytest.fixture(scope="session")
def app_server(app: Flask) -> Iterator[str]:
    """The session app served on a free 127.0.0.1 port, for localstripe's webhooks."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@dataclass
class LocalStripe:
    """The localstripe server of the session, with what tests do in place of Stripe.js."""

    url: str

    def tokenise(self, number: str) -> str:
        """What the page's script does with localstripe: a tokenised card's `card_...` id."""
        response = requests.post(
            f"{self.url}/v1/tokens",
            data={
                "card[number]": number,
                "card[exp_month]": "12",
                "card[exp_year]": "2034",
                "card[cvc]": "123",
                "key": PUBLISHABLE_KEY,
            },
            timeout=5,
        )
        response.raise_for_status()
        return response.json()["card"]["id"]

    def authenticate(self, client_secret: str, *, success: bool = True) -> dict[str, Any]:
        """The 3-D Secure step Stripe.js runs (`confirmCardPayment`), passed or failed."""
        intent_id = client_secret.split("_secret_")[0]
        response = requests.post(
            f"{self.url}/v1/payment_intents/{intent_id}/_authenticate",
            params={"success": "true" if success else "false"},
            data={"key": PUBLISHABLE_KEY, "client_secret": client_secret},
            timeout=5,
        )
        response.raise_for_status()
        return response.json()

    def intent(self, intent_id: str) -> dict[str, Any]:
        """A PaymentIntent as localstripe holds it (read with the secret key)."""
        response = requests.get(
            f"{self.url}/v1/payment_intents/{intent_id}", auth=(SECRET_KEY, ""), timeout=5
        )
        response.raise_for_status()
        return response.json()

    def refunds(self, intent_id: str) -> list[dict[str, Any]]:
        """Refunds of a PaymentIntent."""
        response = requests.get(
            f"{self.url}/v1/refunds",
            params={"payment_intent": intent_id},
            auth=(SECRET_KEY, ""),
            timeout=5,
        )
        response.raise_for_status()
        return response.json()["data"]


STRIPE_SETTINGS = (
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "STRIPE_JS_URL",
)


@pytest.fixture
def stripe(app: Flask, localstripe_url: str, app_server: str) -> Iterator[LocalStripe]:
    """Card payments on, against an emptied localstripe that posts webhooks to the app."""
    requests.delete(f"{localstripe_url}/_config/data", timeout=5).raise_for_status()
    requests.post(
        f"{localstripe_url}/_config/webhooks/pasarikm",
        data={"url": f"{app_server}/webhooks/stripe", "secret": WEBHOOK_SECRET},
        timeout=5,
    ).raise_for_status()
    saved = {key: app.config.get(key) for key in STRIPE_SETTINGS}
    app.config.update(
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=localstripe_url,
        STRIPE_JS_URL=f"{localstripe_url}/js.stripe.com/v3/",
    )
    try:
        yield LocalStripe(localstripe_url)
    finally:
        app.config.update(saved)


@pytest.fixture
def wait_for() -> Callable[..., Any]:
    """Poll `check` (with a fresh database view each time) until it returns something truthy."""

    def _wait(check: Callable[[], Any], *, timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            db.session.rollback()  # see what the server thread committed
            result = check()
            if result or time.monotonic() > deadline:
                return result
            time.sleep(0.1)

    return _wait


@pytest.fixture(autouse=True)
def _own_upload_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """Each payment test stores uploads in its own folder (ids restart between tests)."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    saved = app.config["UPLOAD_DIR"]
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    try:
        yield
    finally:
        app.config["UPLOAD_DIR"] = saved


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """Debian's Chromium for the payment journeys (as in tests/browser)."""
    from tests.browser.conftest import CHROMIUM_ARGS

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    return {"executable_path": executable, "headless": True, "args": CHROMIUM_ARGS}
