"""An alumnus decides whether the agencies who trained them may see their store's sales."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.training.consent import (
    ConsentNotAllowed,
    give_sales_consent,
    revoke_sales_consent,
)
from marketplace.training.models import Participant, ParticipantEvent
from marketplace.training.services import unlink_participant
from tests.conftest import csrf_from, post_form
from tests.factories import make_agency, make_enrollment, make_program, make_user, nik_for

NIK = nik_for("33.75.01", "P", date(1993, 3, 8), serial=41)
CERTIFICATE = "DPN-PKL/2024/BT/041"
CONSENT_LABEL = "Izinkan Dinas yang melatih saya melihat penjualan toko saya"


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
    program = make_program(agency, title="Pelatihan Batik Tulis Kauman", skill_field="kerajinan")
    enrollment = make_enrollment(
        program,
        nik=NIK,
        full_name="Siti Aminah",
        phone="+6285725551004",
        certificate_no=CERTIFICATE,
    )
    return {"staff": staff, "agency": agency, "enrollment": enrollment}


def participant() -> Participant:
    db.session.expire_all()
    return db.session.scalar(select(Participant))


def consent_events() -> list[tuple[str, dict]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(ParticipantEvent)
        .where(ParticipantEvent.action.like("consent_%"))
        .order_by(ParticipantEvent.id)
    )
    return [(e.action, e.detail) for e in rows]


def claimed_by(user) -> Participant:
    person = participant()
    person.user_id = user.id
    db.session.commit()
    return person


def test_the_claim_form_asks_for_consent_unticked(client, login_as, record):
    login_as(make_user())

    page = client.get("/akun/pelatihan").get_data(as_text=True)

    assert CONSENT_LABEL in page
    checkbox = re.search(r'<input[^>]*name="sales_consent"[^>]*>', page).group(0)
    assert 'type="checkbox"' in checkbox and "checked" not in checkbox


def test_consent_ticked_when_claiming_is_recorded(client, login_as, record):
    user = make_user()
    login_as(user)

    post_form(
        client,
        "/akun/pelatihan",
        {"certificate_no": CERTIFICATE, "nik": NIK, "sales_consent": "y"},
    )

    person = participant()
    assert person.user_id == user.id
    assert person.sales_consent_at is not None
    assert consent_events() == [("consent_given", {"source": "claim"})]


def test_consent_not_ticked_when_claiming_stays_unset(client, login_as, record):
    user = make_user()
    login_as(user)

    post_form(client, "/akun/pelatihan", {"certificate_no": CERTIFICATE, "nik": NIK})

    person = participant()
    assert person.user_id == user.id
    assert person.sales_consent_at is None
    assert consent_events() == []


def test_consent_ticked_on_a_failed_claim_records_nothing(client, login_as, record):
    login_as(make_user())

    post_form(
        client,
        "/akun/pelatihan",
        {"certificate_no": CERTIFICATE, "nik": nik_for(serial=77), "sales_consent": "y"},
    )

    assert participant().sales_consent_at is None
    assert consent_events() == []


def test_consent_given_when_accepting_an_invitation(app, client, login_as, record):
    login_as(record["staff"])
    page = f"/dinas/{record['agency'].id}/peserta/{record['enrollment'].participant_id}"
    body = post_form(client, f"{page}/undangan", {}, page=page, follow_redirects=True).get_data(
        as_text=True
    )
    link = re.search(r"http://localhost(/klaim/[\w-]+)", body).group(1)
    alumna = make_user()
    browser = app.test_client()
    post_form(browser, "/masuk", {"email": alumna.email, "password": "tenun-songket-biru-77"})

    confirm = browser.get(link, follow_redirects=True).get_data(as_text=True)
    assert CONSENT_LABEL in confirm
    browser.post(
        "/klaim", data={"csrf_token": csrf_from(confirm), "nik": NIK, "sales_consent": "y"}
    )

    person = participant()
    assert person.user_id == alumna.id and person.sales_consent_at is not None
    assert consent_events() == [("consent_given", {"source": "claim"})]


def test_alumnus_revokes_and_gives_again_on_my_training(client, login_as, record):
    user = make_user()
    claimed_by(user)
    give_sales_consent(participant(), user=user, source="claim")
    db.session.commit()
    login_as(user)
    assert "Cabut izin" in client.get("/akun/pelatihan").get_data(as_text=True)

    post_form(client, "/akun/pelatihan/izin-penjualan/cabut", {}, page="/akun/pelatihan")
    assert participant().sales_consent_at is None
    page = client.get("/akun/pelatihan").get_data(as_text=True)
    assert "Tidak diizinkan" in page

    post_form(client, "/akun/pelatihan/izin-penjualan/beri", {}, page="/akun/pelatihan")

    assert participant().sales_consent_at is not None
    assert consent_events() == [
        ("consent_given", {"source": "claim"}),
        ("consent_revoked", {"source": "pelatihan_saya"}),
        ("consent_given", {"source": "pelatihan_saya"}),
    ]


def test_giving_consent_twice_writes_one_event(record):
    user = make_user()
    person = claimed_by(user)

    give_sales_consent(person, user=user)
    first = person.sales_consent_at
    give_sales_consent(person, user=user)
    db.session.commit()

    assert participant().sales_consent_at == first
    assert [a for a, _ in consent_events()] == ["consent_given"]


def test_only_the_records_own_user_may_change_consent(record):
    owner, other = make_user(), make_user()
    person = claimed_by(owner)

    with pytest.raises(ConsentNotAllowed):
        give_sales_consent(person, user=other)
    with pytest.raises(ConsentNotAllowed):
        give_sales_consent(person, user=record["staff"])
    give_sales_consent(person, user=owner)
    with pytest.raises(ConsentNotAllowed):
        revoke_sales_consent(person, user=other)

    assert participant().sales_consent_at is not None


def test_an_unclaimed_record_has_no_one_to_consent(record):
    with pytest.raises(ConsentNotAllowed):
        give_sales_consent(participant(), user=make_user())


def test_a_user_without_a_record_changes_nothing(client, login_as, record):
    owner = make_user()
    claimed_by(owner)
    stranger = make_user()
    login_as(stranger)

    response = post_form(client, "/akun/pelatihan/izin-penjualan/beri", {}, page="/akun/pelatihan")

    assert response.status_code == 302
    assert participant().sales_consent_at is None
    assert consent_events() == []


def test_consent_change_needs_a_csrf_token(client, login_as, record):
    user = make_user()
    claimed_by(user)
    login_as(user)

    response = client.post("/akun/pelatihan/izin-penjualan/beri", data={})

    assert response.status_code in (302, 400)
    assert participant().sales_consent_at is None


def test_unlinking_a_wrong_claim_clears_its_consent(record):
    wrong = make_user()
    person = claimed_by(wrong)
    give_sales_consent(person, user=wrong)
    db.session.commit()

    unlink_participant(person, agency=record["agency"], actor=record["staff"], reason="Keliru")
    db.session.commit()

    assert participant().sales_consent_at is None
