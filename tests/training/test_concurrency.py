"""Races that only a real PostgreSQL can show: concurrent claims and double-clicked imports."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.training import imports, services
from marketplace.training.models import Enrollment, Participant
from tests.factories import make_agency, make_enrollment, make_program, make_user, nik_for
from tests.training.csvdata import person, sheet

pytestmark = pytest.mark.postgresql_only


def race(app, workers: int, attempt: Callable[[int], None]) -> list[str]:
    """Run `attempt(n)` in `workers` threads at once, each in its own app context and session."""
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        with app.test_request_context():
            barrier.wait()
            try:
                attempt(n)
                db.session.commit()
                result = "ok"
            except DomainError as exc:
                db.session.rollback()
                result = exc.code
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(outcomes)


def test_two_users_claiming_one_record_at_once_link_it_once(app):
    program = make_program(make_agency(region_code="33.75", region_name="Kota Pekalongan"))
    nik = nik_for("33.75.01", serial=501)
    make_enrollment(program, nik=nik, certificate_no="RACE-001")
    user_ids = [make_user().id for _ in range(6)]

    def attempt(n: int) -> None:
        user = db.session.get(User, user_ids[n])
        services.claim_by_certificate(
            user, certificate_no="RACE-001", nik=nik, address=f"10.0.0.{n}"
        )

    outcomes = race(app, 6, attempt)

    assert outcomes == ["already_claimed"] * 5 + ["ok"]
    assert db.session.scalar(select(Participant.user_id)) in user_ids


def test_a_double_clicked_import_is_applied_once(app):
    program = make_program(make_agency(region_code="33.75", region_name="Kota Pekalongan"))
    with app.test_request_context():
        record = imports.stage_import(
            program, actor_id=None, filename="p.csv", data=sheet([person(n) for n in range(1, 21)])
        )
        fingerprint = imports.plan_staged(record).fingerprint
        db.session.commit()
        record_id = record.id

    def attempt(n: int) -> None:
        from marketplace.training.models import ParticipantImport

        imports.apply_staged(
            db.session.get(ParticipantImport, record_id), actor_id=None, fingerprint=fingerprint
        )

    outcomes = race(app, 4, attempt)

    assert outcomes == ["import_applied"] * 3 + ["ok"]
    assert db.session.scalar(select(func.count(Enrollment.id))) == 20
