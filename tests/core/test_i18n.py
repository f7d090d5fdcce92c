import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import post_form
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "marketplace" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_default_language_is_indonesian(client):
    body = client.get("/").get_data(as_text=True)

    assert '<html lang="id">' in body
    assert "Produk terbaru" in body


def test_language_switch_sticks_for_a_guest(client):
    response = post_form(client, "/bahasa/en", {"next": "/masuk"}, page="/")

    assert response.headers["Location"] == "/masuk"
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "Latest products" in body
    assert "Produk terbaru" not in body


def test_language_choice_is_saved_on_the_account(client, login_as):
    from marketplace.accounts.models import User
    from marketplace.extensions import db

    user = make_user()
    login_as(user)
    post_form(client, "/bahasa/en", {"next": "/"}, page="/")

    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
    # A new device logs in and gets English without choosing again.
    other = client.application.test_client()
    from tests.factories import PASSWORD

    post_form(other, "/masuk", {"email": user.email, "password": PASSWORD})
    assert '<html lang="en">' in other.get("/").get_data(as_text=True)


def test_language_switch_ignores_offsite_next(client):
    response = post_form(client, "/bahasa/en", {"next": "https://evil.example/"}, page="/")

    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client):
    assert post_form(client, "/bahasa/fr", {}, page="/").status_code == 404


def test_language_switch_needs_csrf(client):
    assert client.post("/bahasa/en").status_code == 400
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


def test_english_catalog_is_complete_and_current(tmp_path):
    """Every string in the code and templates has an English translation."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with PO.open("rb") as f:
        catalog = read_po(f)
    have = {}
    for m in catalog:
        if m.id:
            key = m.id if isinstance(m.id, str) else m.id[0]
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            have[key] = all(strings) and not m.fuzzy

    missing = sorted(wanted - set(have))
    untranslated = sorted(k for k in wanted if have.get(k) is False)
    assert not missing, (
        f"run `make translations-update` and translate; not in the catalog: {missing[:5]}"
    )
    assert not untranslated, f"untranslated or fuzzy: {untranslated[:5]}"
