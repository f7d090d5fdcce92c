"""Importing a participant sheet into a program: plan, apply whole, idempotent, audited."""

import time

import pytest
from sqlalchemy import func, select

from marketplace.core.imports import ImportHasErrors
from marketplace.extensions import db
from marketplace.training.imports import import_file
from marketplace.training.models import Enrollment, EnrollmentEvent, Participant
from tests.factories import make_agency, make_enrollment, make_program, nik_for
from tests.training.csvdata import person, sheet


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def program(app):
    agency = make_agency(
        name="Dinas Perindustrian dan Tenaga Kerja Kota Pekalongan",
        short_name="Dinperinaker",
        region_code="33.75",
        region_name="Kota Pekalongan",
    )
    return make_program(agency, title="Pelatihan Merajut Bendan Kergon", skill_field="kerajinan")


def run(program, data: bytes, *, dry_run: bool = False):
    plan, result = import_file(
        program, data=data, filename="peserta.csv", actor_id=None, dry_run=dry_run
    )
    db.session.commit()
    return plan, result


def test_import_creates_participants_enrollments_and_events(program):
    plan, result = run(program, sheet([person(1), person(2), person(3, status="hadir")]))

    assert (plan.creates, plan.updates, plan.problems) == (3, 0, [])
    assert result.created_participants == 3 and result.created_enrollments == 3
    assert count(Participant) == 3 and count(Enrollment) == 3 and count(EnrollmentEvent) == 3
    statuses = sorted(db.session.scalars(select(Enrollment.status)))
    assert statuses == ["attended", "completed", "completed"]
    first = db.session.scalar(select(Participant).order_by(Participant.id))
    assert first.phone == "+6281230000001"
    assert first.district_code == "33.75.01" and first.village_code == "33.75.01.1006"


def test_dry_run_writes_nothing(program):
    plan, result = run(program, sheet([person(1)]), dry_run=True)

    assert plan.creates == 1 and result is None
    assert count(Participant) == 0


def test_importing_the_same_file_twice_changes_nothing_the_second_time(program):
    data = sheet([person(n) for n in range(1, 6)])
    run(program, data)
    events = count(EnrollmentEvent)

    plan, result = run(program, data)

    assert (plan.creates, plan.updates, plan.unchanged) == (0, 0, 5)
    assert result.updated == 0 and result.unchanged == 5
    assert count(Participant) == 5 and count(Enrollment) == 5
    assert count(EnrollmentEvent) == events


def test_one_bad_row_means_nothing_is_written(program):
    rows = [person(1), person(2, nik="1234"), person(3)]

    plan, result = run(program, sheet(rows))

    assert result is None
    assert [(p.line, p.column) for p in plan.problems] == [(3, "nik")]
    assert count(Participant) == 0 and count(Enrollment) == 0


def test_apply_refuses_a_plan_with_problems(program):
    from marketplace.training.imports import apply_plan

    plan, _ = run(program, sheet([person(1, phone="12")]), dry_run=True)

    with pytest.raises(ImportHasErrors):
        apply_plan(plan, actor_id=None, source="test")
    assert count(Enrollment) == 0


def test_status_change_is_recorded_with_from_and_to(program):
    run(program, sheet([person(1, status="terdaftar")]))

    plan, result = run(program, sheet([person(1, status="lulus")]))

    assert plan.updates == 1 and result.updated == 1
    event = db.session.scalar(select(EnrollmentEvent).order_by(EnrollmentEvent.id.desc()))
    assert (event.from_status, event.to_status) == ("registered", "completed")
    assert event.source.startswith("cli:")


def test_a_completed_participant_cannot_go_back_to_registered(program):
    run(program, sheet([person(1, status="lulus")]))

    plan, result = run(program, sheet([person(1, status="terdaftar")]))

    assert result is None
    assert plan.problems[0].column == "status"
    assert db.session.scalar(select(Enrollment.status)) == "completed"


def test_a_certificate_number_of_another_participant_is_refused(program):
    run(program, sheet([person(1, certificate_no="SERT-001")]))

    plan, _ = run(program, sheet([person(2, certificate_no="SERT-001")]))

    assert [(p.line, p.column) for p in plan.problems] == [(2, "certificate_no")]
    assert count(Participant) == 1


def test_the_same_person_trained_by_two_agencies_is_one_participant(program):
    other_agency = make_agency(
        region_code="33.75", region_name="Kota Pekalongan", name="Dinas Lain Kota Pekalongan"
    )
    other_program = make_program(other_agency)
    nik = nik_for("33.75.01", "P", serial=77)
    make_enrollment(other_program, nik=nik, full_name="Dewi Lestari")

    plan, result = run(program, sheet([person(1, nik=nik, full_name="Dewi Lestari")]))

    assert plan.creates == 1 and result.created_participants == 0
    assert count(Participant) == 1 and count(Enrollment) == 2


def test_an_empty_cell_never_erases_stored_data(program):
    run(program, sheet([person(1, phone="081234567890")]))

    plan, _ = run(program, sheet([person(1, phone="")]))

    assert plan.unchanged == 1
    assert db.session.scalar(select(Participant.phone)) == "+6281234567890"


def test_five_thousand_rows_import_in_seconds(program):
    data = sheet([person(n, kelurahan="", kecamatan="") for n in range(1, 5001)])

    started = time.perf_counter()
    _plan, result = run(program, data)
    elapsed = time.perf_counter() - started

    assert result.created_enrollments == 5000
    assert count(Participant) == 5000
    assert elapsed < 30, f"5,000 rows took {elapsed:.1f}s"


def test_cli_imports_and_reports(app, program, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_bytes(sheet([person(1), person(2)]))
    runner = app.test_cli_runner()

    dry = runner.invoke(
        args=[
            "training",
            "import-participants",
            str(path),
            "--program",
            str(program.id),
            "--dry-run",
        ]
    )
    assert dry.exit_code == 0 and "2 to create" in dry.output and "Dry run" in dry.output
    assert count(Participant) == 0

    real = runner.invoke(
        args=["training", "import-participants", str(path), "--program", str(program.id)]
    )
    assert real.exit_code == 0, real.output
    assert "2 new participants" in real.output
    assert count(Participant) == 2


def test_cli_refuses_a_file_with_bad_rows(app, program, tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_bytes(sheet([person(1), person(2, status="entah")]))

    result = app.test_cli_runner().invoke(
        args=["training", "import-participants", str(path), "--program", str(program.id)]
    )

    assert result.exit_code != 0
    assert "line 3" in result.output and "Nothing imported" in result.output
    assert count(Participant) == 0


def test_an_agency_neither_sees_nor_overwrites_what_another_agency_recorded(program):
    other_agency = make_agency(
        region_code="33.75", region_name="Kota Pekalongan", name="Dinas Lain Kota Pekalongan"
    )
    nik = nik_for("33.75.01", "P", serial=78)
    make_enrollment(
        make_program(other_agency), nik=nik, full_name="Siti Rahmawati", phone="+6281299990000"
    )

    plan, _ = run(program, sheet([person(1, nik=nik, full_name="Nama Lain", phone="0812111122")]))

    item = plan.planned[0]
    assert item.action == "create" and item.changes == {} and item.known is False
    stored = db.session.scalar(select(Participant))
    assert (stored.full_name, stored.phone) == ("Siti Rahmawati", "+6281299990000")


def test_an_agency_updates_its_own_alumnus_details(program):
    run(program, sheet([person(1, phone="081234567890")]))

    plan, _ = run(program, sheet([person(1, phone="081298765432")]))

    assert plan.updates == 1 and plan.planned[0].known
    assert db.session.scalar(select(Participant.phone)) == "+6281298765432"
