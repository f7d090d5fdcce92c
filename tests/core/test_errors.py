import pytest
from flask import abort

from tests.conftest import make_test_app, post_form


def test_404_page_in_indonesian_and_english(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)

    post_form(client, "/bahasa/en", {"next": "/"}, page="/")
    body = client.get("/tidak-ada").get_data(as_text=True)
    assert "Page not found" in body


def test_api_errors_are_json(client):
    response = client.get("/api/tidak-ada")

    assert response.status_code == 404
    assert response.is_json
    assert response.json["error"]["status"] == 404


def test_api_health(client):
    assert client.get("/api/health").json == {"status": "ok"}


def test_405_page(client):
    response = client.get("/keluar")

    assert response.status_code == 405
    assert "Metode tidak diizinkan" in response.get_data(as_text=True)


def test_413_for_a_body_over_the_limit(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)

    response = client.post("/lupa-sandi", data={"email": "x" * 5000})

    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


def test_429_after_too_many_registrations_from_one_address(client):
    for _ in range(10):
        post_form(client, "/daftar", {"name": "x"})

    response = post_form(client, "/daftar", {"name": "x"})

    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.get_data(as_text=True)


@pytest.fixture
def crashing_app(database_url):
    app = make_test_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/api/boom")
    def api_boom():
        raise RuntimeError("kaboom")

    @app.get("/dilarang")
    def forbidden():
        abort(403)

    return app


def test_500_page_is_friendly_and_bilingual(crashing_app):
    client = crashing_app.test_client()

    response = client.get("/boom")

    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Terjadi kesalahan" in body
    assert "kaboom" not in body
    assert client.get("/api/boom").json["error"]["status"] == 500


def test_403_page(crashing_app):
    response = crashing_app.test_client().get("/dilarang")

    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_form_post_without_csrf_gets_a_clear_400_in_both_languages(client):
    response = client.post("/lupa-sandi", data={"email": "a@example.com"})
    assert response.status_code == 400
    assert "Formulir ini sudah kedaluwarsa" in response.get_data(as_text=True)

    post_form(client, "/bahasa/en", {"next": "/"}, page="/")
    body = client.post("/lupa-sandi", data={"email": "a@example.com"}).get_data(as_text=True)
    assert "This form has expired" in body


def test_429_page_does_not_show_the_limiters_english_text(client):
    for _ in range(10):
        post_form(client, "/daftar", {"name": "x"})

    body = post_form(client, "/daftar", {"name": "x"}).get_data(as_text=True)

    assert "per 1 hour" not in body
    assert "Tunggu sebentar" in body


def test_500_page_renders_when_the_database_is_unreachable(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path}/missing/nowhere.sqlite3", PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = "1:1"  # a logged-in user whose record cannot be loaded

    response = client.get("/")

    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)
