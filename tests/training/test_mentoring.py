"""Agency staff record mentoring visits of their own alumni; the timeline shows them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from marketplace.core.audit import AuditEntry
from marketplace.extensions import db
from marketplace.training.mentoring import (
    InvalidVisit,
    MentoringVisit,
    VisitData,
    months_before,
    record_visit,
    today_for,
)
from marketplace.training.models import AgencyMember, Participant
from marketplace.training.queries import badges_from_timeline, list_timeline
from tests.conftest import csrf_from, post_form
from tests.factories import make_agency, make_enrollment, make_program, make_user

NOTES = "Suami kurang mendukung; modal terbatas"


@pytest.fixture
def world(app):
    staff = make_user(name="Ninik Rahayu")
    agency = make_agency(staff=staff, name="Dinas Perindustrian Kota Pekalongan", short_name="DPK")
    program = make_program(agency, title="Pelatihan Batik Tulis")
    alumna = make_user()
    enrollment = make_enrollment(program, full_name="Siti Aminah", user=alumna)
    other_staff = make_user()
    other = make_agency(staff=other_staff, name="Dinas Perindustrian Kota Medan", short_name="DPM")
    make_program(other, title="Pelatihan Olahan Pangan Medan")
    return {
        "staff": staff,
        "agency": agency,
        "alumna": alumna,
        "participant_id": enrollment.participant_id,
        "other_staff": other_staff,
        "other": other,
    }


def visit_form(**kw):
    # The staff's zone is WIB, the default.
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    values = {
        "visit_date": (today - timedelta(days=2)).isoformat(),
        "kind": "kunjungan",
        "topic": "Pengemasan dan label P-IRT",
        "notes": NOTES,
        "next_step": "Unggah 5 produk pertama ke toko",
        "next_date": (today + timedelta(days=14)).isoformat(),
    }
    values.update(kw)
    return values


def new_visit_url(world, agency=None):
    agency = agency or world["agency"]
    return f"/dinas/{agency.id}/peserta/{world['participant_id']}/pendampingan/baru"


def visits() -> list[MentoringVisit]:
    db.session.expire_all()
    return list(db.session.scalars(select(MentoringVisit).order_by(MentoringVisit.id)))


def make_visit(world, **kw) -> MentoringVisit:
    person = db.session.get(Participant, world["participant_id"])
    data = {
        "visit_date": today_for(world["staff"]) - timedelta(days=3),
        "kind": "konsultasi",
        "topic": "Harga jual dan HPP",
        "notes": NOTES,
        "next_step": "Hitung HPP tiap produk",
        "next_date": None,
    }
    data.update(kw)
    visit = record_visit(
        person, agency=world["agency"], actor=world["staff"], data=VisitData(**data)
    )
    db.session.commit()
    return visit


def test_staff_records_a_visit_for_their_alumna(client, login_as, world):
    login_as(world["staff"])

    response = post_form(client, new_visit_url(world), visit_form())

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/peserta/{world['participant_id']}#pendampingan")
    [visit] = visits()
    assert visit.agency_id == world["agency"].id
    assert visit.recorded_by_id == world["staff"].id
    assert visit.topic == "Pengemasan dan label P-IRT" and visit.notes == NOTES
    page = client.get(f"/dinas/{world['agency'].id}/peserta/{world['participant_id']}")
    body = page.get_data(as_text=True)
    assert "Pengemasan dan label P-IRT" in body and NOTES in body and "Ninik Rahayu" in body
    # A staff write: the audit log has it.
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.object_type == "mentoring_visits")
    )
    assert entry.actor_user_id == world["staff"].id and entry.object_id == str(visit.id)


def test_viewer_cannot_record_edit_or_delete_a_visit(client, login_as, world):
    visit = make_visit(world)
    viewer = make_user()
    db.session.add(AgencyMember(agency_id=world["agency"].id, user_id=viewer.id, role="viewer"))
    db.session.commit()
    login_as(viewer)
    base = f"/dinas/{world['agency'].id}"
    token = csrf_from(client.get(f"{base}/peserta").get_data(as_text=True))

    assert client.get(new_visit_url(world)).status_code == 403
    assert (
        client.post(new_visit_url(world), data={**visit_form(), "csrf_token": token}).status_code
        == 403
    )
    assert client.get(f"{base}/pendampingan/{visit.id}/ubah").status_code == 403
    assert (
        client.post(f"{base}/pendampingan/{visit.id}/hapus", data={"csrf_token": token}).status_code
        == 403
    )
    assert len(visits()) == 1
    # Reading stays open to viewers, without the edit links.
    page = client.get(f"{base}/peserta/{world['participant_id']}").get_data(as_text=True)
    assert "Harga jual dan HPP" in page and "Catat pendampingan" not in page


def test_another_agency_gets_404_for_the_participant_and_visits(client, login_as, world):
    visit = make_visit(world)
    login_as(world["other_staff"])
    base = f"/dinas/{world['other'].id}"
    token = csrf_from(client.get(f"{base}/peserta").get_data(as_text=True))

    assert client.get(new_visit_url(world, world["other"])).status_code == 404
    assert (
        client.post(
            new_visit_url(world, world["other"]), data={**visit_form(), "csrf_token": token}
        ).status_code
        == 404
    )
    assert client.get(f"{base}/pendampingan/{visit.id}/ubah").status_code == 404
    assert (
        client.post(f"{base}/pendampingan/{visit.id}/hapus", data={"csrf_token": token}).status_code
        == 404
    )
    assert "Harga jual" not in client.get(f"{base}/pendampingan").get_data(as_text=True)
    # And the first agency's own pages stay closed to them.
    mine = f"/dinas/{world['agency'].id}"
    assert client.get(f"{mine}/pendampingan/{visit.id}/ubah").status_code == 403
    assert len(visits()) == 1


def test_a_visit_in_the_future_is_refused(client, login_as, world):
    login_as(world["staff"])
    tomorrow = today_for(world["staff"]) + timedelta(days=1)

    body = post_form(
        client, new_visit_url(world), visit_form(visit_date=tomorrow.isoformat(), next_date="")
    ).get_data(as_text=True)

    assert "tidak boleh di masa depan" in body
    assert visits() == []


def test_a_next_date_before_the_visit_is_refused(world):
    day = today_for(world["staff"]) - timedelta(days=1)

    with pytest.raises(InvalidVisit):
        make_visit(world, visit_date=day, next_date=day - timedelta(days=1))
    db.session.rollback()

    assert visits() == []


def test_staff_edits_and_deletes_their_agencys_visit(client, login_as, world):
    visit = make_visit(world)
    login_as(world["staff"])
    base = f"/dinas/{world['agency'].id}/pendampingan/{visit.id}"

    post_form(client, f"{base}/ubah", visit_form(topic="Foto produk", next_date=""))
    [changed] = visits()
    assert changed.topic == "Foto produk" and changed.next_date is None

    post_form(client, f"{base}/hapus", {}, page=f"{base}/ubah")
    assert visits() == []


def test_the_agency_lists_its_visits(client, login_as, world):
    make_visit(world, topic="Harga jual dan HPP")
    make_visit(world, topic="Foto produk")
    login_as(world["staff"])

    body = client.get(f"/dinas/{world['agency'].id}/pendampingan").get_data(as_text=True)

    assert "Harga jual dan HPP" in body and "Foto produk" in body and "Siti Aminah" in body


def test_the_alumna_sees_the_visit_without_the_internal_notes(client, login_as, world):
    make_visit(world, next_date=today_for(world["staff"]) + timedelta(days=7))
    login_as(world["alumna"])

    body = client.get("/akun/pelatihan").get_data(as_text=True)

    assert "Konsultasi: Harga jual dan HPP" in body
    assert "Hitung HPP tiap produk" in body
    assert "Dinas Perindustrian Kota Pekalongan" in body
    assert NOTES not in body and "Ninik Rahayu" not in body


def test_the_timeline_merges_visits_and_programs_newest_first(world):
    make_visit(world, visit_date=today_for(world["staff"]) - timedelta(days=1))

    timeline = list_timeline(world["participant_id"])

    assert [getattr(e, "is_visit", False) for e in timeline] == [True, False]
    assert not hasattr(timeline[0], "notes")
    # Visits are never badges.
    assert len(badges_from_timeline(timeline)) == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-05-31", 3, "2026-02-28"),
        ("2026-01-15", 1, "2025-12-15"),
        ("2028-03-31", 1, "2028-02-29"),
        ("2026-06-10", 36, "2023-06-10"),
    ],
)
def test_months_before_clamps_to_the_end_of_the_month(day, months, expected):
    assert months_before(date.fromisoformat(day), months) == date.fromisoformat(expected)
