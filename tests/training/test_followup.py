"""The follow-up list: alumni who completed a program N months ago and do not sell yet."""

import csv
import io
import re
from datetime import date, timedelta

import pytest

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.orders.models import OrderStatus
from marketplace.stores.models import StoreMember
from marketplace.training.consent import give_sales_consent
from marketplace.training.mentoring import (
    FollowupFilters,
    VisitData,
    count_withheld_followup,
    list_followup,
    months_before,
    record_visit,
    today_for,
)
from marketplace.training.models import AgencyMember, Participant
from tests.factories import (
    make_agency,
    make_enrollment,
    make_program,
    make_store,
    make_user,
    nik_for,
)
from tests.orders.helpers import make_buyer, make_order_row


def visit(agency, staff, participant_id, day) -> None:
    record_visit(
        db.session.get(Participant, participant_id),
        agency=agency,
        actor=staff,
        data=VisitData(day, "kunjungan", "Foto produk", "", "", None),
    )
    db.session.commit()


@pytest.fixture
def world(app):
    staff = make_user()
    agency = make_agency(staff=staff, name="Dinas Perindustrian Kota Pekalongan", short_name="DPK")
    today = today_for(staff)
    four_months_ago = months_before(today, 4)
    old = make_program(
        agency,
        title="Pelatihan Batik Tulis",
        skill_field="kerajinan",
        start_date=four_months_ago - timedelta(days=5),
        end_date=four_months_ago,
    )
    older = make_program(
        agency,
        title="Pelatihan Olahan Pangan",
        skill_field="kuliner",
        start_date=months_before(today, 8),
        end_date=months_before(today, 8),
    )
    recent = make_program(
        agency,
        title="Pelatihan Jahit",
        skill_field="konveksi",
        start_date=today - timedelta(days=50),
        end_date=today - timedelta(days=45),
    )
    other_staff = make_user()
    other = make_agency(staff=other_staff, name="Dinas Perindustrian Kota Medan", short_name="DPM")
    other_old = make_program(
        other,
        title="Pelatihan Kopi Medan",
        start_date=months_before(today, 6),
        end_date=months_before(today, 6),
    )
    buyer, _ = make_buyer()

    # Ani: completed two old programs, never claimed her record -> listed once, no store.
    ani_nik = nik_for("33.75.02", "P", date(1988, 1, 1), serial=501)
    ani = make_enrollment(old, nik=ani_nik, full_name="Ani Wulandari").participant_id
    make_enrollment(older, nik=ani_nik)
    # Budi: a live store with a completed sale -> not listed.
    budi_user = make_user()
    make_enrollment(old, full_name="Budi Santoso", user=budi_user)
    budi_store = make_store(owner=budi_user)
    make_order_row(buyer, budi_store, status=OrderStatus.COMPLETED)
    # Citra: completed only last month -> not listed at N=3.
    citra = make_enrollment(recent, full_name="Citra Lestari").participant_id
    # Dewi: live store, only an order still in flight; visited by both agencies.
    dewi_user = make_user()
    dewi_nik = nik_for("33.75.02", "P", date(1988, 1, 1), serial=502)
    dewi = make_enrollment(old, nik=dewi_nik, full_name="Dewi Sartika", user=dewi_user)
    dewi = dewi.participant_id
    make_enrollment(other_old, nik=dewi_nik)
    dewi_store = make_store(owner=dewi_user)
    make_order_row(buyer, dewi_store, status=OrderStatus.PROCESSING)
    visit(agency, staff, dewi, today - timedelta(days=20))
    visit(agency, staff, dewi, today - timedelta(days=50))
    visit(other, other_staff, dewi, today - timedelta(days=2))
    # Eka: a draft store (a sale from before it went back to draft does not count) and consent.
    eka_user = make_user()
    eka = make_enrollment(old, full_name="Eka Putri", user=eka_user).participant_id
    eka_store = make_store(owner=eka_user, status="draft")
    make_order_row(buyer, eka_store, status=OrderStatus.COMPLETED)
    give_sales_consent(db.session.get(Participant, eka), user=eka_user)
    db.session.commit()
    # Fajar: dropped out -> not listed. Gita: the other agency's alumna -> never listed.
    make_enrollment(old, full_name="Fajar Nugroho", status="dropped")
    make_enrollment(other_old, full_name="Gita Siregar")
    # Hana works in someone else's live store with sales: not her store, she is listed.
    hana_user = make_user()
    hana = make_enrollment(older, full_name="Hana Pertiwi", user=hana_user).participant_id
    db.session.add(StoreMember(store_id=budi_store.id, user_id=hana_user.id, role="staff"))
    db.session.commit()
    return {
        "staff": staff,
        "agency": agency,
        "today": today,
        "ids": {"ani": ani, "citra": citra, "dewi": dewi, "eka": eka, "hana": hana},
        "programs": {"old": old, "older": older, "recent": recent},
        "four_months_ago": four_months_ago,
        "niks": [ani_nik, dewi_nik],
    }


def rows(world, **filters):
    page = list_followup(
        world["agency"].id, FollowupFilters(**filters), today=world["today"], per_page=100
    )
    return {row.name: row for row in page.items}


def test_the_list_holds_exactly_the_alumni_to_follow_up(world):
    listed = rows(world)

    assert set(listed) == {"Ani Wulandari", "Eka Putri", "Hana Pertiwi"}
    ani = listed["Ani Wulandari"]
    assert (ani.program_title, ani.completed_on) == (
        "Pelatihan Batik Tulis",
        world["four_months_ago"],
    )
    assert (ani.claimed, ani.store_state, ani.last_visit) == (False, "none", None)
    assert listed["Eka Putri"].store_state == "not_live"
    assert listed["Hana Pertiwi"].store_state == "none"


def test_a_live_store_without_sales_is_listed_only_with_consent(world):
    # Dewi: a live store, no completed sale, no consent -> only counted.
    filters, today = FollowupFilters(), world["today"]
    assert "Dewi Sartika" not in rows(world)
    assert count_withheld_followup(world["agency"].id, filters, today=today) == 1

    dewi = db.session.get(Participant, world["ids"]["dewi"])
    give_sales_consent(dewi, user=db.session.get(User, dewi.user_id))
    db.session.commit()

    listed = rows(world)
    assert (listed["Dewi Sartika"].claimed, listed["Dewi Sartika"].store_state) == (
        True,
        "live_no_sale",
    )
    # Only this agency's visits count.
    assert listed["Dewi Sartika"].last_visit == today - timedelta(days=20)
    assert count_withheld_followup(world["agency"].id, filters, today=today) == 0


def test_never_visited_alumni_come_first(world):
    dewi = db.session.get(Participant, world["ids"]["dewi"])
    give_sales_consent(dewi, user=db.session.get(User, dewi.user_id))
    db.session.commit()
    page = list_followup(world["agency"].id, FollowupFilters(), today=world["today"])

    assert page.items[-1].participant_id == world["ids"]["dewi"]


def test_months_and_filters_narrow_the_list(world):
    assert "Citra Lestari" not in rows(world, months=3)
    assert "Citra Lestari" in rows(world, months=1)
    assert set(rows(world, months=6)) == {"Ani Wulandari", "Hana Pertiwi"}
    assert set(rows(world, skill_field="kuliner")) == {"Ani Wulandari", "Hana Pertiwi"}
    only_old = rows(world, program_id=world["programs"]["old"].id)
    assert set(only_old) == {"Ani Wulandari", "Eka Putri"}
    assert rows(world, months=36) == {}


def test_the_page_shows_the_list_to_any_staff(client, login_as, world):
    viewer = make_user()
    db.session.add(AgencyMember(agency_id=world["agency"].id, user_id=viewer.id, role="viewer"))
    db.session.commit()
    login_as(viewer)
    base = f"/dinas/{world['agency'].id}/tindak-lanjut"

    body = client.get(base).get_data(as_text=True)

    assert "Ani Wulandari" in body and "Eka Putri" in body
    for hidden in ("Dewi", "Budi", "Citra", "Fajar", "Gita"):
        assert hidden not in body
    assert "Belum punya toko" in body
    # One withheld alumna: no number (it would tell who has not sold), the same sentence as 0.
    assert "alumni lain punya toko tayang" not in body
    assert "tidak mengizinkan Dinas melihat penjualannya tidak dicantumkan" in body
    assert "Catat pendampingan" not in body
    assert "Citra Lestari" in client.get(f"{base}?bulan=1").get_data(as_text=True)


def test_editors_get_a_link_to_record_a_visit(client, login_as, world):
    login_as(world["staff"])

    body = client.get(f"/dinas/{world['agency'].id}/tindak-lanjut").get_data(as_text=True)

    assert f"/peserta/{world['ids']['ani']}/pendampingan/baru" in body


def test_bad_months_say_so_and_use_three(client, login_as, world):
    login_as(world["staff"])
    base = f"/dinas/{world['agency'].id}/tindak-lanjut"

    for value in ("0", "37", "abc"):
        body = client.get(f"{base}?bulan={value}").get_data(as_text=True)
        assert "Citra Lestari" not in body and "Ani Wulandari" in body
    assert "antara 1 dan 36" in client.get(f"{base}?bulan=37").get_data(as_text=True)


def test_another_agencys_staff_cannot_open_the_list(client, login_as, world):
    outsider = make_user()
    other = make_agency(staff=outsider)
    login_as(outsider)

    assert client.get(f"/dinas/{world['agency'].id}/tindak-lanjut").status_code == 403
    assert client.get(f"/dinas/{world['agency'].id}/tindak-lanjut.csv").status_code == 403
    assert "Ani" not in client.get(f"/dinas/{other.id}/tindak-lanjut").get_data(as_text=True)


def add_alumni(agency, program, n: int) -> None:
    for _ in range(n):
        i = next(SERIAL)
        user = make_user() if i % 2 else None
        make_enrollment(program, full_name=f"Alumni Nomor {i}", user=user)
        if user is not None and i % 3 == 0:
            make_store(owner=user, status="draft" if i % 4 else "live")


SERIAL = iter(range(10_000))


def test_the_page_runs_a_fixed_number_of_queries(client, login_as, count_queries):
    staff = make_user()
    agency = make_agency(staff=staff)
    ten_months_ago = months_before(today_for(staff), 10)
    program = make_program(agency, start_date=ten_months_ago, end_date=ten_months_ago)
    login_as(staff)
    url = f"/dinas/{agency.id}/tindak-lanjut?per_page=50"
    counts = []
    for size, more in ((3, 3), (15, 12)):
        add_alumni(agency, program, more)
        with count_queries() as page_queries:
            body = client.get(url).get_data(as_text=True)
        agency_id, today = agency.id, today_for(staff)
        with count_queries() as list_queries:
            page = list_followup(agency_id, FollowupFilters(), today=today)
        assert page.total == size and body.count("Alumni Nomor ") == size
        assert list_queries.count == 2, list_queries.statements
        counts.append(page_queries.count)

    assert counts[0] == counts[1]


def test_csv_export_is_safe_and_has_no_nik(client, login_as, world):
    program = world["programs"]["old"]
    program.title = '=HYPERLINK("http://contoh.test","klik")'
    db.session.commit()
    login_as(world["staff"])

    response = client.get(f"/dinas/{world['agency'].id}/tindak-lanjut.csv?bulan=3")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == [
        "nama",
        "program",
        "bidang",
        "selesai",
        "akun_tertaut",
        "status_toko",
        "pendampingan_terakhir",
    ]
    by_name = {row[0]: row for row in table[1:]}
    assert set(by_name) == {"Ani Wulandari", "Eka Putri", "Hana Pertiwi"}
    assert by_name["Ani Wulandari"][1].startswith("'=HYPERLINK")
    assert by_name["Ani Wulandari"][4:] == ["tidak", "none", ""]
    assert not re.search(r"\d{16}", text)
    for nik in world["niks"]:
        assert nik not in text and nik[-4:] not in text
    assert "Dewi Sartika" not in text  # withheld: her sales are not shared
