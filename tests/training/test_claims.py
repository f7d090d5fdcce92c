"""Alumni link their training record to their account; anyone can verify a certificate."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.training.models import Participant, ParticipantEvent
from tests.conftest import csrf_from, post_form
from tests.factories import make_agency, make_enrollment, make_program, make_user, nik_for

NIK = nik_for("33.75.01", "P", date(1993, 3, 8), serial=31)


@pytest.fixture
def record(app):
    staff = make_user()
    agency = make_agency(
        staff=staff,
        name="Dinas Perindustrian dan Tenaga Kerja Kota Pekalongan",
        short_name="Dinperinaker Kota Pekalongan",
        region_code="33.75",
        region_name="Kota Pekalongan",
    )
    program = make_program(agency, title="Pelatihan Merajut Bendan Kergon", skill_field="kerajinan")
    enrollment = make_enrollment(
        program,
        nik=NIK,
        full_name="Dewi Lestari",
        phone="+6285725551003",
        certificate_no="DPN-PKL/2024/BK/031",
    )
    return {"staff": staff, "agency": agency, "program": program, "enrollment": enrollment}


def claim(client, certificate_no, nik):
    return post_form(client, "/akun/pelatihan", {"certificate_no": certificate_no, "nik": nik})


def linked_user_id():
    db.session.expire_all()
    return db.session.scalar(select(Participant.user_id))


def test_claim_with_certificate_and_nik_links_the_record(client, login_as, record):
    user = make_user()
    login_as(user)

    response = claim(client, "DPN-PKL/2024/BK/031", "3375 0148 0393 0031")

    assert response.status_code == 302
    assert linked_user_id() == user.id
    page = client.get("/akun/pelatihan").get_data(as_text=True)
    assert "Alumni Pelatihan Kerajinan" in page
    assert "Dinperinaker Kota Pekalongan 2025" in page
    event = db.session.scalar(select(ParticipantEvent))
    assert event.action == "claimed" and event.detail == {"how": "certificate"}


def test_claim_with_a_wrong_nik_says_nothing_specific(client, login_as, record):
    login_as(make_user())

    body = claim(client, "DPN-PKL/2024/BK/031", nik_for("33.75.01", serial=99)).get_data(
        as_text=True
    )

    assert "tidak cocok dengan data pelatihan mana pun" in body
    assert linked_user_id() is None


def test_a_record_claimed_by_someone_else_is_refused(client, login_as, record):
    first, second = make_user(), make_user()
    login_as(first)
    claim(client, "DPN-PKL/2024/BK/031", NIK)
    other = client.application.test_client()
    post_form(other, "/masuk", {"email": second.email, "password": "tenun-songket-biru-77"})

    body = claim(other, "DPN-PKL/2024/BK/031", NIK).get_data(as_text=True)

    assert "sudah ditautkan ke akun lain" in body
    assert linked_user_id() == first.id


def test_claim_attempts_are_rate_limited(client, login_as, record):
    login_as(make_user())
    for n in range(5):
        claim(client, "DPN-PKL/2024/BK/031", nik_for("33.75.01", serial=100 + n))

    body = claim(client, "DPN-PKL/2024/BK/031", NIK).get_data(as_text=True)

    assert "Terlalu banyak percobaan" in body
    assert linked_user_id() is None


def invite(client, record) -> str:
    """Staff make an invitation; returns its path (/klaim/<token>)."""
    page = f"/dinas/{record['agency'].id}/peserta/{record['enrollment'].participant_id}"
    body = post_form(client, f"{page}/undangan", {}, page=page, follow_redirects=True).get_data(
        as_text=True
    )
    assert "wa.me/6285725551003" in body
    return re.search(r"http://localhost(/klaim/[\w-]+)", body).group(1)


def logged_in_client(app, user):
    browser = app.test_client()
    post_form(browser, "/masuk", {"email": user.email, "password": "tenun-songket-biru-77"})
    return browser


def test_invitation_link_lets_the_alumna_claim_once_with_her_nik(app, client, login_as, record):
    login_as(record["staff"])
    link = invite(client, record)
    alumna = make_user()
    browser = logged_in_client(app, alumna)

    confirm = browser.get(link, follow_redirects=True).get_data(as_text=True)
    assert "Dewi Lestari" in confirm
    wrong = browser.post(
        "/klaim", data={"csrf_token": csrf_from(confirm), "nik": nik_for("33.75.01", serial=5)}
    ).get_data(as_text=True)
    assert "NIK tidak cocok" in wrong and linked_user_id() is None
    browser.post("/klaim", data={"csrf_token": csrf_from(wrong), "nik": NIK})

    assert linked_user_id() == alumna.id
    again = app.test_client().get(link, follow_redirects=True)
    assert "Tautan undangan tidak valid" in again.get_data(as_text=True)


def test_a_visitor_logs_in_from_the_invitation_and_completes_the_claim(
    app, client, login_as, record
):
    login_as(record["staff"])
    link = invite(client, record)
    alumna = make_user()
    visitor = app.test_client()

    landing = visitor.get(link, follow_redirects=True)
    assert "/masuk" in landing.request.path
    after_login = post_form(
        visitor,
        "/masuk?next=/klaim",
        {"email": alumna.email, "password": "tenun-songket-biru-77"},
        page="/masuk",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Dewi Lestari" in after_login
    visitor.post("/klaim", data={"csrf_token": csrf_from(after_login), "nik": NIK})

    assert linked_user_id() == alumna.id


def test_a_new_invitation_cancels_the_previous_one(app, client, login_as, record):
    login_as(record["staff"])
    first = invite(client, record)
    invite(client, record)

    response = app.test_client().get(first, follow_redirects=True)

    assert "Tautan undangan tidak valid" in response.get_data(as_text=True)


def test_a_failed_claim_does_not_send_the_nik_back(client, login_as, record):
    login_as(make_user())
    typed = nik_for("33.75.01", serial=99)

    body = claim(client, "DPN-PKL/2024/BK/031", typed).get_data(as_text=True)

    assert "tidak cocok" in body
    assert typed not in body


def test_agency_can_undo_a_wrong_link(client, login_as, record):
    wrong = make_user()
    participant = db.session.get(Participant, record["enrollment"].participant_id)
    participant.user_id = wrong.id
    db.session.commit()
    login_as(record["staff"])
    page = f"/dinas/{record['agency'].id}/peserta/{participant.id}"

    post_form(client, f"{page}/lepas", {"reason": "Diklaim orang lain"}, page=page)

    assert linked_user_id() is None
    event = db.session.scalar(select(ParticipantEvent))
    assert event.action == "unlinked" and event.detail["reason"] == "Diklaim orang lain"
    assert event.detail["user_id"] == wrong.id


def test_public_verification_shows_no_personal_data(client, record):
    body = client.get("/verifikasi/DPN-PKL/2024/BK/031").get_data(as_text=True)

    assert "Sah" in body
    assert "D*** L******" in body
    assert "Pelatihan Merajut Bendan Kergon" in body
    assert "Dinas Perindustrian dan Tenaga Kerja Kota Pekalongan" in body
    for secret in ("Dewi Lestari", NIK, NIK[-4:], "6285725551003", "1993"):
        assert secret not in body


def test_public_verification_of_an_unknown_number(client, record):
    body = client.get("/verifikasi?no=PALSU-001").get_data(as_text=True)

    assert "tidak ditemukan" in body


def test_verification_in_english(client, record):
    post_form(client, "/bahasa/en", {"next": "/"}, page="/")

    body = client.get("/verifikasi/DPN-PKL/2024/BK/031").get_data(as_text=True)

    assert "Verify a certificate" in body and "Valid" in body
