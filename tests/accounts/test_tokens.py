import re
from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import TokenPurpose, User, UserToken
from marketplace.core.db import utcnow
from marketplace.extensions import db
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "kopi-sidikalang-pagi-hari"


def link_in(message) -> str:
    body = message.get_payload(decode=True).decode()
    match = re.search(r"http://localhost(/\S+)", body)
    assert match, body
    return match.group(1)


def request_reset(client, email):
    return post_form(client, "/lupa-sandi", {"email": email})


def reset_with(client, path, password=NEW_PASSWORD):
    client.get(path)
    return post_form(
        client,
        "/atur-ulang-sandi",
        {"password": password, "password_confirm": password},
    )


def can_login(client, email, password) -> bool:
    fresh = client.application.test_client()
    return post_form(fresh, "/masuk", {"email": email, "password": password}).status_code == 302


def test_reset_password_end_to_end(client, outbox):
    user = make_user()

    response = request_reset(client, user.email)
    assert response.status_code == 302
    assert len(outbox) == 1
    path = link_in(outbox[0])
    assert path.startswith("/atur-ulang-sandi/")

    # The token leaves the URL before the form is shown.
    landing = client.get(path)
    assert landing.status_code == 302 and landing.headers["Location"] == "/atur-ulang-sandi"
    response = post_form(
        client,
        "/atur-ulang-sandi",
        {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert can_login(client, user.email, NEW_PASSWORD)
    assert not can_login(client, user.email, PASSWORD)


def test_reset_for_unknown_email_says_the_same_and_sends_nothing(client, outbox):
    response = request_reset(client, "nobody@example.com")

    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jika email tersebut terdaftar" in follow
    assert outbox == []


def test_reset_token_cannot_be_used_twice(client, outbox):
    user = make_user()
    request_reset(client, user.email)
    path = link_in(outbox[0])
    assert reset_with(client, path).status_code == 302

    other = client.application.test_client()
    response = other.get(path, follow_redirects=True)

    assert "sudah pernah dipakai" in response.get_data(as_text=True)
    assert can_login(client, user.email, NEW_PASSWORD)


def test_expired_reset_token_is_refused_and_password_unchanged(client, outbox):
    user = make_user()
    request_reset(client, user.email)
    path = link_in(outbox[0])
    token = db.session.scalar(select(UserToken).where(UserToken.user_id == user.id))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    response = client.get(path, follow_redirects=True)

    assert "sudah kedaluwarsa" in response.get_data(as_text=True)
    assert can_login(client, user.email, PASSWORD)


def test_forged_reset_token_is_refused(client):
    response = client.get("/atur-ulang-sandi/not-a-real-token", follow_redirects=True)

    assert "Tautan tidak valid" in response.get_data(as_text=True)


def test_weak_password_on_reset_keeps_the_token_usable(client, outbox):
    user = make_user()
    request_reset(client, user.email)
    path = link_in(outbox[0])

    weak = reset_with(client, path, password="password123")
    assert weak.status_code == 200
    assert "terlalu mudah ditebak" in weak.get_data(as_text=True)

    assert reset_with(client, path).status_code == 302
    assert can_login(client, user.email, NEW_PASSWORD)


def test_password_reset_ends_other_sessions(client, outbox, login_as):
    user = make_user()
    login_as(user)
    assert client.get("/akun").status_code == 200

    other = client.application.test_client()
    request_reset(other, user.email)
    reset_with(other, link_in(outbox[0]))

    assert client.get("/akun").status_code == 302


def test_second_reset_link_dies_when_the_first_is_used(client, outbox):
    user = make_user()
    request_reset(client, user.email)
    request_reset(client, user.email)
    first, second = link_in(outbox[0]), link_in(outbox[1])

    assert reset_with(client, first).status_code == 302

    response = client.application.test_client().get(second, follow_redirects=True)
    assert "sudah pernah dipakai" in response.get_data(as_text=True)


def test_reset_in_english(client, outbox):
    user = make_user(locale="en")
    post_form(client, "/bahasa/en", {"next": "/"}, page="/")

    request_reset(client, user.email)

    assert "password" in outbox[0]["Subject"].lower()
    body = client.get("/masuk").get_data(as_text=True)
    assert (
        "If that email is registered" in body or "If the email" in body or "If an account" in body
    )


def test_verify_email_with_link_from_registration(client, outbox):
    post_form(
        client,
        "/daftar",
        {
            "name": "Dewi Lestari",
            "email": "dewi@example.com",
            "phone": "085712345678",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    path = link_in(outbox[0])

    response = client.get(path, follow_redirects=True)

    assert "email Anda sudah terverifikasi" in response.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "dewi@example.com"))
    assert user.email_verified_at is not None


def test_verify_link_cannot_be_reused(client, outbox):
    user = make_user(email_verified_at=None)
    from marketplace.accounts.services import issue_token

    with client.application.test_request_context():
        raw = issue_token(user, TokenPurpose.VERIFY_EMAIL)
        db.session.commit()
    assert "sudah terverifikasi" in client.get(
        f"/verifikasi-email/{raw}", follow_redirects=True
    ).get_data(as_text=True)

    again = client.get(f"/verifikasi-email/{raw}", follow_redirects=True)

    assert "sudah pernah dipakai" in again.get_data(as_text=True)


def test_expired_verify_link_is_refused(client):
    user = make_user(email_verified_at=None)
    from marketplace.accounts.services import issue_token

    with client.application.test_request_context():
        raw = issue_token(user, TokenPurpose.VERIFY_EMAIL)
        db.session.commit()
    token = db.session.scalar(select(UserToken).where(UserToken.user_id == user.id))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    response = client.get(f"/verifikasi-email/{raw}", follow_redirects=True)

    assert "sudah kedaluwarsa" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is None


def test_reset_token_does_not_verify_email_route(client, outbox):
    user = make_user(email_verified_at=None)
    request_reset(client, user.email)
    token = link_in(outbox[0]).rsplit("/", 1)[1]

    response = client.get(f"/verifikasi-email/{token}", follow_redirects=True)

    assert "Tautan tidak valid" in response.get_data(as_text=True)


def test_resend_verification_sends_a_new_link(client, outbox, login_as):
    user = make_user(email_verified_at=None)
    login_as(user)

    page = client.get("/akun").get_data(as_text=True)
    client.post("/akun/kirim-verifikasi", data={"csrf_token": csrf_from(page)})

    assert len(outbox) == 1
    assert "/verifikasi-email/" in outbox[0].get_payload(decode=True).decode()


def test_change_password_checks_current_and_ends_other_sessions(client, login_as):
    user = make_user()
    other = client.application.test_client()
    post_form(other, "/masuk", {"email": user.email, "password": PASSWORD})
    login_as(user)

    wrong = post_form(
        client,
        "/akun/kata-sandi",
        {
            "current_password": "salah-sekali",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert "Kata sandi saat ini salah" in wrong.get_data(as_text=True)

    ok = post_form(
        client,
        "/akun/kata-sandi",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    assert client.get("/akun").status_code == 200
    assert other.get("/akun").status_code == 302
    assert can_login(client, user.email, NEW_PASSWORD)


def test_reset_link_ignores_a_forged_host_header(client, outbox):
    user = make_user()
    page = client.get("/lupa-sandi", headers={"Host": "evil.example"}).get_data(as_text=True)

    client.post(
        "/lupa-sandi",
        data={"email": user.email, "csrf_token": csrf_from(page)},
        headers={"Host": "evil.example"},
    )

    body = outbox[0].get_payload(decode=True).decode()
    assert "evil.example" not in body
    assert "http://localhost/atur-ulang-sandi/" in body


def test_mail_can_leave_from_a_background_thread(app, client, outbox, monkeypatch):
    import time

    monkeypatch.setitem(app.config, "MAIL_ASYNC", True)
    user = make_user()

    request_reset(client, user.email)

    deadline = time.monotonic() + 10
    while not outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(outbox) == 1
    assert "/atur-ulang-sandi/" in outbox[0].get_payload(decode=True).decode()
