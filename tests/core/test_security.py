import re

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from marketplace.config import ConfigError, load_config


def test_security_headers_on_every_page(client):
    response = client.get("/")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client):
    body = client.get("/").get_data(as_text=True)

    assert "<script>" not in body
    assert "style=" not in body
    assert "<style" not in body


def test_production_refuses_to_start_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/pasar")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://pasarikm.example")

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path), {"APP_ENV": "production"})


def test_production_refuses_to_start_without_nik_key(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("NIK_HMAC_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/pasar")

    with pytest.raises(ConfigError, match="NIK_HMAC_KEY"):
        load_config(str(tmp_path), {"APP_ENV": "production"})


def test_production_refuses_sqlite(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("NIK_HMAC_KEY", "n" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)

    with pytest.raises(ConfigError, match="PostgreSQL"):
        load_config(str(tmp_path), {"APP_ENV": "production"})


def test_production_refuses_to_log_mail(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("NIK_HMAC_KEY", "n" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/pasar")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://pasarikm.example")
    monkeypatch.delenv("MAIL_SERVER", raising=False)

    with pytest.raises(ConfigError, match="MAIL_SERVER"):
        load_config(str(tmp_path), {"APP_ENV": "production"})


def test_production_needs_a_public_base_url_and_trusts_only_its_host(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("NIK_HMAC_KEY", "n" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/pasar")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.com")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)

    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        load_config(str(tmp_path), {"APP_ENV": "production"})

    monkeypatch.setenv("PUBLIC_BASE_URL", "https://pasarikm.example")
    cfg = load_config(str(tmp_path), {"APP_ENV": "production"})
    assert cfg["TRUSTED_HOSTS"] == ["pasarikm.example"]


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("NIK_HMAC_KEY", "n" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/pasar")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://pasarikm.example")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.com")

    cfg = load_config(str(tmp_path), {"APP_ENV": "production"})

    assert cfg["SESSION_COOKIE_SECURE"] and cfg["REMEMBER_COOKIE_SECURE"]
    assert cfg["SESSION_COOKIE_HTTPONLY"] and cfg["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)

    first = load_config(str(tmp_path), {"APP_ENV": "development"})["SECRET_KEY"]
    second = load_config(str(tmp_path), {"APP_ENV": "development"})["SECRET_KEY"]

    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("UPLOAD_DIR", "/srv/uploads")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_123")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")

    cfg = load_config(str(tmp_path), {"APP_ENV": "development"})

    assert cfg["UPLOAD_DIR"] == "/srv/uploads"
    assert cfg["STRIPE_SECRET_KEY"] == "sk_test_123"
    assert cfg["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert cfg["BABEL_DEFAULT_LOCALE"] == "id"


def test_every_form_post_route_refuses_a_missing_csrf_token(app, client, login_as):
    """Walk the URL map: no POST endpoint may accept a form without its token."""
    from tests.factories import make_user

    login_as(make_user(is_admin=True))
    checked = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "static":
            continue
        converters = rule._converters
        defaults = rule.defaults or {}
        values = {}
        for arg in rule.arguments:
            if arg in defaults:
                continue
            converter = converters[arg]
            if isinstance(converter, AnyConverter):
                values[arg] = sorted(converter.items)[0]
            elif isinstance(converter, IntegerConverter):
                values[arg] = 1
            else:
                values[arg] = "en" if arg == "lang" else "x"
        path = rule.build(values, append_unknown=False)[1]
        response = client.post(path, data={"anything": "1"})
        assert response.status_code == 400, (rule.rule, response.status_code)
        checked.append(rule.rule)

    assert "/keluar" in checked and "/masuk" in checked and len(checked) >= 8


@pytest.mark.parametrize("path", ["/", "/masuk", "/daftar", "/akun", "/penjual/", "/admin/"])
def test_pages_of_a_signed_in_user_have_no_inline_script(client, login_as, path):
    from tests.factories import make_store, make_user

    user = make_user(is_admin=True)
    make_store(owner=user)
    login_as(user)

    body = client.get(path).get_data(as_text=True)

    # Scripts only from files (the CSP allows no inline script).
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    assert " style=" not in body
    assert " on" + "click=" not in body


def test_form_fields_carry_no_none_attributes(client):
    from tests.conftest import post_form

    pages = [
        client.get("/masuk").get_data(as_text=True),
        client.get("/daftar").get_data(as_text=True),
    ]
    pages.append(post_form(client, "/daftar", {"email": "x"}).get_data(as_text=True))

    for html in pages:
        assert '="None"' not in html
    assert 'aria-invalid="true"' in pages[2] and 'aria-describedby="email-error"' in pages[2]
