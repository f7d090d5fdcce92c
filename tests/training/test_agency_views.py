"""The agency area in the browser's terms: access, programs, upload-preview-apply, export."""

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.training.models import (
    AgencyMember,
    Enrollment,
    Participant,
    ParticipantImport,
    Program,
)
from tests.conftest import csrf_from, post_form
from tests.factories import make_agency, make_enrollment, make_program, make_user
from tests.training.csvdata import person, sheet


@pytest.fixture
def world(app):
    staff = make_user(name="Ninik Rahayu")
    agency = make_agency(
        staff=staff,
        name="Dinas Perindustrian dan Tenaga Kerja Kota Pekalongan",
        short_name="Dinperinaker",
        region_code="33.75",
        region_name="Kota Pekalongan",
    )
    program = make_program(agency, title="Pelatihan Merajut Bendan Kergon")
    other = make_agency(name="Dinas Perindustrian Kota Medan", short_name="Disperin Medan")
    other_program = make_program(other, title="Pelatihan Olahan Pangan Medan")
    other_enrollment = make_enrollment(
        other_program, full_name="Rina Marpaung", certificate_no="MDN-01"
    )
    return {
        "staff": staff,
        "agency": agency,
        "program": program,
        "other": other,
        "other_program": other_program,
        "other_enrollment": other_enrollment,
    }


def test_staff_of_one_agency_cannot_open_another_agencys_pages(client, login_as, world):
    login_as(world["staff"])
    other, mine = world["other"], world["agency"]
    foreign = world["other_enrollment"]

    assert client.get(f"/dinas/{other.id}").status_code == 403
    assert client.get(f"/dinas/{other.id}/peserta").status_code == 403
    assert client.get(f"/dinas/{other.id}/peserta.csv").status_code == 403
    # Their objects through my agency's URLs: not found.
    base = f"/dinas/{mine.id}"
    assert client.get(f"{base}/program/{world['other_program'].id}").status_code == 404
    assert client.get(f"{base}/program/{world['other_program'].id}/ubah").status_code == 404
    assert client.get(f"{base}/peserta/{foreign.participant_id}").status_code == 404
    assert client.get(f"{base}/pendaftaran/{foreign.id}").status_code == 404
    token = csrf_from(client.get(f"{base}/peserta").get_data(as_text=True))
    for path in (
        f"{base}/peserta/{foreign.participant_id}/undangan",
        f"{base}/peserta/{foreign.participant_id}/lepas",
        f"{base}/program/{world['other_program'].id}/impor",
    ):
        assert client.post(path, data={"csrf_token": token}).status_code == 404
    assert "Rina Marpaung" not in client.get(f"{base}/peserta").get_data(as_text=True)


def test_viewer_can_read_but_not_write(client, login_as, world):
    viewer = make_user()
    db.session.add(AgencyMember(agency_id=world["agency"].id, user_id=viewer.id, role="viewer"))
    db.session.commit()
    login_as(viewer)
    base = f"/dinas/{world['agency'].id}"

    assert client.get(base).status_code == 200
    assert client.get(f"{base}/program/baru").status_code == 403
    assert client.get(f"{base}/program/{world['program'].id}/ubah").status_code == 403


def test_staff_creates_a_program(client, login_as, world):
    login_as(world["staff"])
    base = f"/dinas/{world['agency'].id}"

    response = post_form(
        client,
        f"{base}/program/baru",
        {
            "title": "Pelatihan Membatik Kelurahan Kauman",
            "kind": "pelatihan",
            "skill_field": "kerajinan",
            "venue": "Aula Kelurahan Kauman",
            "district_code": "33.75.02",
            "village_code": "33.75.02.1004",
            "start_date": "2026-07-01",
            "end_date": "2026-07-02",
            "capacity": "40",
            "funding_source": "DBHCHT",
            "budget_idr": "24000000",
            "description": "",
        },
    )

    assert response.status_code == 302
    program = db.session.scalar(select(Program).where(Program.title.like("%Kauman")))
    assert program.village_code == "33.75.02.1004" and program.budget_idr == 24000000
    assert "Aula Kelurahan Kauman" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_program_with_end_before_start_is_refused(client, login_as, world):
    login_as(world["staff"])

    response = post_form(
        client,
        f"/dinas/{world['agency'].id}/program/baru",
        {
            "title": "Salah tanggal",
            "kind": "pelatihan",
            "skill_field": "kuliner",
            "district_code": "",
            "village_code": "",
            "start_date": "2026-07-02",
            "end_date": "2026-07-01",
            "capacity": "40",
            "funding_source": "APBD",
        },
    )

    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Program.id))) == 2


def confirmation(preview: str) -> dict[str, str]:
    """The form the preview's "Simpan semua" button posts."""
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', preview)
    return {
        "csrf_token": csrf_from(preview),
        "fingerprint": fingerprint.group(1) if fingerprint else "",
    }


def upload(client, world, data: bytes, filename="peserta.csv"):
    page = f"/dinas/{world['agency'].id}/program/{world['program'].id}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(
        f"{page}/impor",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_upload_shows_a_preview_and_writes_only_on_confirmation(client, login_as, world):
    login_as(world["staff"])

    response = upload(client, world, sheet([person(1), person(2)], delimiter=";", bom=True))
    assert response.status_code == 302 and "/impor/" in response.headers["Location"]
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "akan ditambahkan" in preview and "Peserta Nomor 2" in preview
    assert db.session.scalar(select(func.count(Enrollment.id))) == 1  # only the fixture's

    applied = client.post(response.headers["Location"], data=confirmation(preview))

    assert applied.status_code == 302
    assert db.session.scalar(select(func.count(Enrollment.id))) == 3
    again = client.post(response.headers["Location"], data=confirmation(preview))
    assert "sudah diterapkan" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count(Enrollment.id))) == 3


def test_preview_lists_rejected_rows_and_offers_no_save(client, login_as, world):
    login_as(world["staff"])

    response = upload(client, world, sheet([person(1), person(2, phone="123")]))
    preview = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "Tidak ada yang disimpan" in preview
    assert "Simpan semua" not in preview
    record = db.session.scalar(select(ParticipantImport))
    token = csrf_from(preview)
    client.post(f"/dinas/{world['agency'].id}/impor/{record.public_id}", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_upload_of_a_non_csv_file_is_refused(client, login_as, world):
    login_as(world["staff"])

    response = upload(client, world, b"\x89PNG....", filename="foto.png")

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Unggah berkas .csv" in page
    assert db.session.scalar(select(func.count(ParticipantImport.id))) == 0


def test_no_raw_nik_is_stored_or_logged_after_an_import(app, client, login_as, world, caplog):
    login_as(world["staff"])
    rows = [person(n) for n in range(1, 6)] + [person(6, phone="12")]
    niks = [r["nik"] for r in rows]

    bad = upload(client, world, sheet(rows))
    client.get(bad.headers["Location"])
    good = upload(client, world, sheet(rows[:5]))
    preview = client.get(good.headers["Location"]).get_data(as_text=True)
    client.post(good.headers["Location"], data=confirmation(preview))
    assert db.session.scalar(select(func.count(Participant.id))) == 6

    dump = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            dump.extend(str(value) for value in row)
    text = "\n".join(dump)
    for nik in niks:
        assert nik not in text
        assert nik not in caplog.text
        assert nik not in preview


def test_export_is_csv_with_formulas_neutralised(client, login_as, world):
    make_enrollment(world["program"], full_name='=HYPERLINK("http://x")', certificate_no="+1")
    login_as(world["staff"])

    response = client.get(f"/dinas/{world['agency'].id}/peserta.csv")

    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["program", "program_start", "full_name"]
    assert rows[1][2] == '\'=HYPERLINK("http://x")'
    assert rows[1][10] == "'+1"
    assert "Rina Marpaung" not in response.get_data(as_text=True)


def test_participant_list_pages_in_a_fixed_number_of_queries(
    client, login_as, world, count_queries
):
    login_as(world["staff"])
    for _ in range(3):
        make_enrollment(world["program"])
    url = f"/dinas/{world['agency'].id}/peserta?per_page=2"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_enrollment(world["program"])
    big_page = f"/dinas/{world['agency'].id}/peserta?per_page=30"
    with count_queries() as many:
        body = client.get(big_page).get_data(as_text=True)

    assert "33 peserta" in body
    assert few.count == many.count


def test_filters_narrow_the_list(client, login_as, world):
    make_enrollment(world["program"], full_name="Dewi Lestari", status="completed")
    make_enrollment(world["program"], full_name="Agus Salim", status="dropped")
    login_as(world["staff"])

    body = client.get(f"/dinas/{world['agency'].id}/peserta?status=dropped").get_data(as_text=True)

    assert "Agus Salim" in body and "Dewi Lestari" not in body


def test_edit_enrollment_records_the_change(client, login_as, world):
    from marketplace.training.models import EnrollmentEvent

    enrollment = make_enrollment(world["program"], status="attended")
    login_as(world["staff"])

    response = post_form(
        client,
        f"/dinas/{world['agency'].id}/pendaftaran/{enrollment.id}",
        {
            "status": "completed",
            "certificate_no": "DPN-PKL/2026/01",
            "award_title": "Juara 1",
            "award_rank": "1",
            "award_amount_idr": "3000000",
            "grant_items": "",
        },
    )

    assert response.status_code == 302
    event = db.session.scalar(select(EnrollmentEvent))
    assert (event.from_status, event.to_status) == ("attended", "completed")
    assert event.actor_user_id == world["staff"].id
    assert event.changes["award_amount_idr"] == [None, 3000000]


def test_apply_refuses_when_the_data_changed_since_the_preview(client, login_as, world):
    login_as(world["staff"])
    response = upload(client, world, sheet([person(1), person(2)]))
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    # Meanwhile someone else records person 1 in this program.
    from tests.training.csvdata import person as row

    make_enrollment(world["program"], nik=row(1)["nik"])

    result = client.post(response.headers["Location"], data=confirmation(preview))

    assert "Data berubah sejak pratinjau" in client.get(result.headers["Location"]).get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count(Enrollment.id))) == 2
    record = db.session.scalar(select(ParticipantImport))
    assert record.applied_at is None


def test_stale_previews_are_purged(app, client, login_as, world):
    from datetime import timedelta

    from marketplace.core.db import utcnow

    login_as(world["staff"])
    upload(client, world, sheet([person(1)]))
    record = db.session.scalar(select(ParticipantImport))
    record.created_at = utcnow() - timedelta(days=3)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["training", "purge-imports"])

    assert "Deleted 1" in result.output
    assert db.session.scalar(select(func.count(ParticipantImport.id))) == 0


def test_only_managers_unlink_and_only_with_a_reason(client, login_as, world, outbox):
    alumna = make_user(email="alumna@example.com")
    enrollment = make_enrollment(world["program"], user=alumna)
    editor = make_user()
    db.session.add(AgencyMember(agency_id=world["agency"].id, user_id=editor.id, role="editor"))
    db.session.commit()
    page = f"/dinas/{world['agency'].id}/peserta/{enrollment.participant_id}"

    login_as(editor)
    assert (
        post_form(client, f"{page}/lepas", {"reason": "salah orang"}, page=page).status_code == 403
    )
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    login_as(world["staff"])
    post_form(client, f"{page}/lepas", {"reason": ""}, page=page)
    assert db.session.get(Participant, enrollment.participant_id).user_id == alumna.id

    post_form(client, f"{page}/lepas", {"reason": "Diklaim oleh saudara peserta"}, page=page)

    db.session.expire_all()
    assert db.session.get(Participant, enrollment.participant_id).user_id is None
    assert outbox[-1]["To"] == "alumna@example.com"
    assert "Diklaim oleh saudara peserta" in outbox[-1].get_payload(decode=True).decode()


def test_no_invitation_for_a_linked_participant(client, login_as, world):
    from marketplace.training.models import ClaimInvitation

    enrollment = make_enrollment(world["program"], user=make_user())
    login_as(world["staff"])
    page = f"/dinas/{world['agency'].id}/peserta/{enrollment.participant_id}"

    body = post_form(client, f"{page}/undangan", {}, page=page, follow_redirects=True).get_data(
        as_text=True
    )

    assert "sudah tertaut" in body
    assert db.session.scalar(select(func.count(ClaimInvitation.id))) == 0


def test_invalid_status_change_in_the_edit_form_is_refused(client, login_as, world):
    enrollment = make_enrollment(world["program"], status="completed")
    login_as(world["staff"])

    body = post_form(
        client,
        f"/dinas/{world['agency'].id}/pendaftaran/{enrollment.id}",
        {"status": "registered", "certificate_no": "", "award_title": "", "grant_items": ""},
    ).get_data(as_text=True)

    assert "Status tidak bisa diubah" in body
    assert db.session.get(Enrollment, enrollment.id).status == "completed"


def test_duplicate_certificate_in_the_edit_form_is_refused(client, login_as, world):
    make_enrollment(world["program"], certificate_no="DPN-001")
    enrollment = make_enrollment(world["program"], status="attended")
    login_as(world["staff"])

    body = post_form(
        client,
        f"/dinas/{world['agency'].id}/pendaftaran/{enrollment.id}",
        {"status": "completed", "certificate_no": "DPN-001", "award_title": "", "grant_items": ""},
    ).get_data(as_text=True)

    assert "sudah dipakai peserta lain" in body
    db.session.expire_all()
    assert db.session.get(Enrollment, enrollment.id).status == "attended"
