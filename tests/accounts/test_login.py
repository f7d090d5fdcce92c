import re
import threading
import time

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from tests.conftest import csrf_from, post_form
from tests.factories import PASSWORD, make_user


def login(client, email, password, **extra):
    return post_form(client, "/masuk", {"email": email, "password": password, **extra})


def test_login_with_right_password_redirects_and_records_time(client):
    user = make_user()

    response = login(client, user.email.upper(), PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None
    assert "Keluar" in client.get("/").get_data(as_text=True)


def test_login_follows_safe_next_and_ignores_offsite_next(client):
    user = make_user()

    response = post_form(
        client, "/masuk?next=/akun", {"email": user.email, "password": PASSWORD}, page="/masuk"
    )
    assert response.headers["Location"] == "/akun"

    client.post("/keluar", data={"csrf_token": _token(client)})
    response = post_form(
        client,
        "/masuk?next=//evil.example/x",
        {"email": user.email, "password": PASSWORD},
        page="/masuk",
    )
    assert response.headers["Location"] == "/"


def _token(client):
    return csrf_from(client.get("/").get_data(as_text=True))


def test_wrong_password_and_unknown_email_get_the_same_message(client):
    user = make_user()

    wrong = login(client, user.email, "not-the-password-at-all").get_data(as_text=True)
    unknown = login(client, "nobody@example.com", PASSWORD).get_data(as_text=True)

    assert "Email atau kata sandi salah." in wrong
    assert "Email atau kata sandi salah." in unknown
    assert "Keluar" not in client.get("/").get_data(as_text=True)


def test_remember_me_sets_a_persistent_cookie(client):
    user = make_user()

    response = login(client, user.email, PASSWORD, remember="y")

    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]


def test_without_remember_me_no_persistent_cookie(client):
    user = make_user()

    response = login(client, user.email, PASSWORD)

    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_login_starts_a_fresh_session_but_keeps_language(client):
    user = make_user()
    with client.session_transaction() as sess:
        sess["planted"] = "attacker-chosen"
        sess["lang"] = "en"

    login(client, user.email, PASSWORD)

    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["lang"] == "en"
        assert sess["_user_id"] == f"{user.id}:{user.session_version}"


def test_logout_needs_post_and_ends_the_session(client, login_as):
    user = make_user()
    login_as(user)

    assert client.get("/keluar").status_code == 405
    response = client.post("/keluar", data={"csrf_token": _token(client)})

    assert response.status_code == 302
    assert "Keluar" not in client.get("/").get_data(as_text=True)
    assert client.get("/akun").status_code == 302


def test_logout_without_csrf_token_is_rejected(client, login_as):
    login_as(make_user())

    assert client.post("/keluar").status_code == 400
    assert client.get("/akun").status_code == 200


def test_account_is_locked_after_repeated_failures_even_for_the_right_password(client):
    user = make_user()
    for _ in range(5):
        assert login(client, user.email, "wrong-password-here").status_code == 200

    response = login(client, user.email, PASSWORD)

    body = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Akun ini dikunci sementara" in body
    assert re.search(r"Coba lagi setelah .*\d{2}\.\d{2} WIB", body)
    assert "Keluar" not in client.get("/").get_data(as_text=True)


def test_lock_of_one_account_does_not_lock_another(client):
    locked, other = make_user(), make_user()
    for _ in range(5):
        login(client, locked.email, "wrong-password-here")

    assert login(client, other.email, PASSWORD).status_code == 302


def test_address_is_locked_after_failures_across_many_accounts(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ADDRESS", "3 per 15 minutes")
    user = make_user()
    for n in range(3):
        login(client, f"guess{n}@example.com", "wrong-password-here")

    response = login(client, user.email, PASSWORD)

    assert response.status_code == 429
    assert "dari jaringan Anda" in response.get_data(as_text=True)


def test_lock_ends_when_its_window_passes(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ACCOUNT", "2 per 2 seconds")
    user = make_user()
    login(client, user.email, "wrong-password-here")
    login(client, user.email, "wrong-password-here")
    assert login(client, user.email, PASSWORD).status_code == 429

    time.sleep(2.2)

    assert login(client, user.email, PASSWORD).status_code == 302


def test_successful_login_forgives_earlier_failures(client):
    user = make_user()
    for _ in range(4):
        login(client, user.email, "wrong-password-here")
    assert login(client, user.email, PASSWORD).status_code == 302
    client.post("/keluar", data={"csrf_token": _token(client)})

    for _ in range(4):
        login(client, user.email, "wrong-password-here")

    assert login(client, user.email, PASSWORD).status_code == 302


def test_lockout_message_in_english(client):
    user = make_user(locale="en")
    post_form(client, "/bahasa/en", {"next": "/"}, page="/")
    for _ in range(5):
        login(client, user.email, "wrong-password-here")

    body = login(client, user.email, PASSWORD).get_data(as_text=True)

    assert "temporarily locked" in body


def test_login_without_csrf_is_rejected_and_not_counted(client):
    user = make_user()

    for _ in range(6):
        response = client.post("/masuk", data={"email": user.email, "password": "salah-terus"})
        assert response.status_code == 400
    assert "Keluar" not in client.get("/").get_data(as_text=True)
    assert db.session.scalar(select(User.last_login_at).where(User.id == user.id)) is None

    # None of the rejected posts counted towards the lock-out.
    assert login(client, user.email, PASSWORD).status_code == 302


def test_simultaneous_wrong_guesses_cannot_exceed_the_account_limit(app):
    email = make_user().email
    workers = 20
    barrier = threading.Barrier(workers)
    statuses: list[int] = []
    lock = threading.Lock()

    def guess(n: int) -> None:
        client = app.test_client()
        page = client.get("/masuk").get_data(as_text=True)
        barrier.wait()
        response = client.post(
            "/masuk",
            data={"email": email, "password": f"tebakan-{n}", "csrf_token": csrf_from(page)},
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    # Only 5 guesses reach the password check; the rest are refused as locked.
    assert sorted(statuses) == [200] * 5 + [429] * 15


def test_logout_ends_a_remember_me_login(client):
    user = make_user()
    login(client, user.email, PASSWORD, remember="y")

    response = client.post("/keluar", data={"csrf_token": _token(client)})

    cleared = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert cleared and "Expires=Thu, 01 Jan 1970" in cleared[0]
    assert client.get("/akun").status_code == 302


def test_remember_me_cookie_stops_working_after_a_password_change(client):
    user = make_user()
    login(client, user.email, PASSWORD, remember="y")
    remembered = client.get_cookie("remember_token").value
    other = client.application.test_client()
    other.set_cookie("remember_token", remembered)
    assert other.get("/akun").status_code == 200

    post_form(
        client,
        "/akun/kata-sandi",
        {
            "current_password": PASSWORD,
            "password": "sambal-bawang-pedas-99",
            "password_confirm": "sambal-bawang-pedas-99",
        },
    )

    stale = client.application.test_client()
    stale.set_cookie("remember_token", remembered)
    assert stale.get("/akun").status_code == 302
