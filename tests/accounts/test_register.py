from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.extensions import db
from tests.conftest import post_form
from tests.factories import make_user

GOOD = {
    "name": "Sri Wahyuni",
    "email": "Sri.Wahyuni@Example.com ",
    "phone": "0812-3456-7890",
    "password": "tempe-renyah-dari-demak",
    "password_confirm": "tempe-renyah-dari-demak",
}


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_register_creates_account_logs_in_and_sends_verification(client, outbox):
    response = post_form(client, "/daftar", GOOD)

    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "sri.wahyuni@example.com"
    assert user.phone == "+6281234567890"
    assert user.password_hash.startswith("scrypt:")
    assert "tempe-renyah" not in user.password_hash
    assert user.email_verified_at is None
    assert len(outbox) == 1
    assert outbox[0]["To"] == "sri.wahyuni@example.com"
    assert "/verifikasi-email/" in outbox[0].get_payload(decode=True).decode()
    home = client.get("/").get_data(as_text=True)
    assert "Sri" in home and "Keluar" in home


def test_register_rejects_duplicate_email_and_changes_nothing(client, outbox):
    make_user(email="sri.wahyuni@example.com")

    response = post_form(client, "/daftar", GOOD)

    assert response.status_code == 200
    assert "Email ini sudah terdaftar" in response.get_data(as_text=True)
    assert user_count() == 1
    assert outbox == []


def test_register_rejects_common_password(client):
    data = {**GOOD, "password": "bismillah123", "password_confirm": "bismillah123"}

    response = post_form(client, "/daftar", data)

    assert "terlalu mudah ditebak" in response.get_data(as_text=True)
    assert user_count() == 0


def test_register_rejects_short_password(client):
    data = {**GOOD, "password": "Ab1!xyz", "password_confirm": "Ab1!xyz"}

    response = post_form(client, "/daftar", data)

    assert "minimal 10 karakter" in response.get_data(as_text=True)
    assert user_count() == 0


def test_register_rejects_password_built_from_own_name(client):
    data = {**GOOD, "password": "sriwahyuni2024", "password_confirm": "sriwahyuni2024"}

    response = post_form(client, "/daftar", data)

    assert "terlalu mudah ditebak" in response.get_data(as_text=True)
    assert user_count() == 0


def test_register_rejects_invalid_phone(client):
    response = post_form(client, "/daftar", {**GOOD, "phone": "12345"})

    assert "Nomor HP tidak valid" in response.get_data(as_text=True)
    assert user_count() == 0


def test_register_rejects_mismatched_confirmation(client):
    response = post_form(client, "/daftar", {**GOOD, "password_confirm": "lain-sekali-kata-ini"})

    assert "Kedua kata sandi tidak sama" in response.get_data(as_text=True)
    assert user_count() == 0


def test_register_without_csrf_token_is_rejected(client):
    response = client.post("/daftar", data=GOOD)

    assert response.status_code == 400
    assert user_count() == 0


def test_register_in_english_shows_english_errors(client):
    post_form(client, "/bahasa/en", {"next": "/daftar"}, page="/")

    response = post_form(client, "/daftar", {**GOOD, "phone": "12345"})

    body = response.get_data(as_text=True)
    assert "Create an account" in body
    assert "Nomor HP tidak valid" not in body
    assert user_count() == 0


def test_register_in_english_sends_english_mail(client, outbox):
    post_form(client, "/bahasa/en", {"next": "/"}, page="/")

    post_form(client, "/daftar", GOOD)

    assert db.session.scalar(select(User)).locale == "en"
    assert "Verify" in outbox[0]["Subject"] or "verify" in outbox[0]["Subject"]
