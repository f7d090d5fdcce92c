"""Participant imports: stage an uploaded sheet, plan it against the database, apply it whole.

The raw NIK never leaves this module's first step: rows are staged with the NIK's keyed hash
and last 4 digits only, so neither the database nor the disk ever holds a NIK in clear.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from marketplace.core.db import utcnow
from marketplace.core.imports import ImportChanged, ImportHasErrors, PlanCounts, Problem
from marketplace.extensions import db
from marketplace.training.errors import ImportAlreadyApplied
from marketplace.training.importer import ParsedRow, ParseResult, parse_participants_csv
from marketplace.training.models import (
    ENROLLMENT_TRANSITIONS,
    Agency,
    Enrollment,
    EnrollmentEvent,
    Participant,
    ParticipantImport,
    Program,
)
from marketplace.training.nik import nik_hash

PARTICIPANT_FIELDS = ("full_name", "phone", "birth_year", "district_code", "village_code")
ENROLLMENT_FIELDS = ("status", "certificate_no", "award_title", "award_rank", "award_amount_idr")


def hash_nik(nik: str) -> str:
    """The keyed hash that stands for a NIK everywhere in the database."""
    return nik_hash(nik, current_app.config["NIK_HMAC_KEY"].encode())


@dataclass(frozen=True)
class StagedRow:
    """A valid row of the sheet, with the NIK replaced by its hash and last 4 digits."""

    line: int
    full_name: str
    nik_hash: str
    nik_last4: str
    phone: str | None
    gender: str
    birth_year: int | None
    district_code: str | None
    village_code: str | None
    status: str
    certificate_no: str | None
    award_title: str | None
    award_rank: int | None
    award_amount_idr: int | None

    @classmethod
    def from_parsed(cls, row: ParsedRow) -> StagedRow:
        return cls(
            line=row.line,
            full_name=row.full_name,
            nik_hash=hash_nik(row.nik.nik),
            nik_last4=row.nik.last4,
            phone=row.phone,
            gender=row.gender,
            birth_year=row.birth_year,
            district_code=row.district_code,
            village_code=row.village_code,
            status=row.status,
            certificate_no=row.certificate_no,
            award_title=row.award_title,
            award_rank=row.award_rank,
            award_amount_idr=row.award_amount_idr,
        )


@dataclass
class PlannedRow:
    """What applying a row will do."""

    row: StagedRow
    action: str  # "create", "update" or "unchanged"
    participant: Participant | None = None
    enrollment: Enrollment | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # Whether this agency had already trained the person (only then are changes shown).
    known: bool = False


@dataclass
class ImportPlan(PlanCounts):
    """The preview: what will be created, updated, left alone, and what is rejected."""

    program: Program
    total_rows: int
    planned: list[PlannedRow]
    problems: list[Problem]
    ignored_columns: list[str]

    def actions(self) -> Iterable[str]:
        return (p.action for p in self.planned)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def fingerprint(self) -> str:
        """A digest of what applying would do: the confirmation must match the preview."""
        shape = [
            (p.row.line, p.action, sorted((k, repr(v)) for k, v in p.changes.items()))
            for p in self.planned
        ]
        shape.append(("problems", len(self.problems)))
        return hashlib.sha256(repr(shape).encode()).hexdigest()[:32]


def stage_rows(result: ParseResult) -> tuple[list[StagedRow], list[Problem]]:
    """Hash the NIKs of the parsed rows and render the parser's errors as text."""
    staged = [StagedRow.from_parsed(r) for r in result.rows]
    problems = [Problem(e.line, e.column, str(e.message)) for e in result.errors]
    return staged, problems


def plan_import(
    program: Program,
    rows: list[StagedRow],
    problems: list[Problem],
    *,
    total_rows: int,
    ignored_columns: list[str],
) -> ImportPlan:
    """Compare staged rows with the database in four queries. Changes nothing."""
    hashes = [r.nik_hash for r in rows]
    participants = (
        {
            p.nik_hash: p
            for p in db.session.scalars(select(Participant).where(Participant.nik_hash.in_(hashes)))
        }
        if hashes
        else {}
    )
    enrollments = (
        {
            e.participant_id: e
            for e in db.session.scalars(
                select(Enrollment).where(
                    Enrollment.program_id == program.id,
                    Enrollment.participant_id.in_([p.id for p in participants.values()]),
                )
            )
        }
        if participants
        else {}
    )
    certificates = [r.certificate_no for r in rows if r.certificate_no]
    cert_owner = (
        {
            cert: (program_id, participant_id)
            for cert, program_id, participant_id in db.session.execute(
                select(
                    Enrollment.certificate_no, Enrollment.program_id, Enrollment.participant_id
                ).where(
                    Enrollment.agency_id == program.agency_id,
                    Enrollment.certificate_no.in_(certificates),
                )
            )
        }
        if certificates
        else {}
    )

    known_here = (
        set(
            db.session.scalars(
                select(Enrollment.participant_id).where(
                    Enrollment.agency_id == program.agency_id,
                    Enrollment.participant_id.in_([p.id for p in participants.values()]),
                )
            )
        )
        if participants
        else set()
    )

    problems = list(problems)
    planned: list[PlannedRow] = []
    for row in rows:
        participant = participants.get(row.nik_hash)
        enrollment = enrollments.get(participant.id) if participant else None
        row_problems = _conflicts(row, program, participant, enrollment, cert_owner)
        if row_problems:
            problems.extend(row_problems)
            continue
        known = participant is not None and participant.id in known_here
        planned.append(_plan_row(row, participant, enrollment, known=known))
    problems.sort(key=lambda p: (p.line, p.column))
    return ImportPlan(
        program=program,
        total_rows=total_rows,
        planned=planned,
        problems=problems,
        ignored_columns=ignored_columns,
    )


def _conflicts(
    row: StagedRow,
    program: Program,
    participant: Participant | None,
    enrollment: Enrollment | None,
    cert_owner: dict[str, tuple[int, int]],
) -> list[Problem]:
    problems = []
    if row.certificate_no and row.certificate_no in cert_owner:
        owner = cert_owner[row.certificate_no]
        if participant is None or owner != (program.id, participant.id):
            problems.append(
                Problem(
                    row.line,
                    "certificate_no",
                    str(
                        _l("Nomor sertifikat sudah dipakai peserta atau program lain di Dinas ini.")
                    ),
                )
            )
    if (
        enrollment is not None
        and row.status != enrollment.status
        and row.status not in ENROLLMENT_TRANSITIONS[enrollment.status]
    ):
        problems.append(
            Problem(
                row.line,
                "status",
                str(
                    _l(
                        "Status tidak bisa diubah dari %(old)s menjadi %(new)s.",
                        old=enrollment.status,
                        new=row.status,
                    )
                ),
            )
        )
    return problems


def _plan_row(
    row: StagedRow,
    participant: Participant | None,
    enrollment: Enrollment | None,
    *,
    known: bool,
) -> PlannedRow:
    if participant is None or enrollment is None:
        # A person another agency recorded is enrolled as they are: this agency neither sees
        # nor overwrites what the other agency recorded (the preview looks like a new person).
        changes = _diff(participant, row, PARTICIPANT_FIELDS) if participant and known else {}
        return PlannedRow(
            row=row, action="create", participant=participant, changes=changes, known=known
        )
    changes = _diff(participant, row, PARTICIPANT_FIELDS) | _diff(
        enrollment, row, ENROLLMENT_FIELDS
    )
    return PlannedRow(
        row=row,
        action="update" if changes else "unchanged",
        participant=participant,
        enrollment=enrollment,
        changes=changes,
        known=True,
    )


def _diff(obj: Any, row: StagedRow, fields: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    """Fields the sheet sets to a different value. An empty cell never erases stored data."""
    changes = {}
    for name in fields:
        new = getattr(row, name)
        old = getattr(obj, name)
        if new is not None and new != old:
            changes[name] = (old, new)
    return changes


@dataclass(frozen=True)
class ImportResult:
    """Counts of what an applied import did."""

    created_participants: int
    created_enrollments: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def apply_plan(plan: ImportPlan, *, actor_id: int | None, source: str) -> ImportResult:
    """Write the plan: all of it, or nothing if any row was rejected. Flushes; caller commits.

    Raises ImportHasErrors.
    """
    if not plan.ok:
        raise ImportHasErrors(problems=len(plan.problems))
    program = plan.program
    new_participants: dict[str, Participant] = {}
    for item in plan.planned:
        if item.participant is None:
            row = item.row
            participant = Participant(
                full_name=row.full_name,
                nik_hash=row.nik_hash,
                nik_last4=row.nik_last4,
                phone=row.phone,
                gender=row.gender,
                birth_year=row.birth_year,
                district_code=row.district_code,
                village_code=row.village_code,
            )
            new_participants[row.nik_hash] = participant
            item.participant = participant
        elif item.changes:
            for name, (_, new) in item.changes.items():
                if name in PARTICIPANT_FIELDS:
                    setattr(item.participant, name, new)
    db.session.add_all(new_participants.values())
    db.session.flush()

    created_enrollments = updated = unchanged = 0
    events: list[EnrollmentEvent] = []
    new_enrollments: list[tuple[Enrollment, PlannedRow]] = []
    for item in plan.planned:
        row = item.row
        if item.enrollment is None:
            assert item.participant is not None
            enrollment = Enrollment(
                program_id=program.id,
                participant_id=item.participant.id,
                agency_id=program.agency_id,
                status=row.status,
                certificate_no=row.certificate_no,
                award_title=row.award_title,
                award_rank=row.award_rank,
                award_amount_idr=row.award_amount_idr,
            )
            new_enrollments.append((enrollment, item))
            created_enrollments += 1
        elif item.action == "update":
            enrollment = item.enrollment
            before = enrollment.status
            enrollment_changes = {k: v for k, v in item.changes.items() if k in ENROLLMENT_FIELDS}
            for name, (_, new) in enrollment_changes.items():
                setattr(enrollment, name, new)
            events.append(
                EnrollmentEvent(
                    enrollment_id=enrollment.id,
                    actor_user_id=actor_id,
                    from_status=before,
                    to_status=enrollment.status,
                    changes=_event_changes(item.changes),
                    source=source,
                )
            )
            updated += 1
        else:
            unchanged += 1
    db.session.add_all(e for e, _ in new_enrollments)
    db.session.flush()
    for enrollment, _item in new_enrollments:
        events.append(
            EnrollmentEvent(
                enrollment_id=enrollment.id,
                actor_user_id=actor_id,
                from_status=None,
                to_status=enrollment.status,
                changes={},
                source=source,
            )
        )
    db.session.add_all(events)
    db.session.flush()
    return ImportResult(
        created_participants=len(new_participants),
        created_enrollments=created_enrollments,
        updated=updated,
        unchanged=unchanged,
    )


def _event_changes(changes: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    # Field names and values only; never personal identifiers beyond what the row holds.
    return {name: [old, new] for name, (old, new) in changes.items() if name != "phone"}


# -- Staged imports (browser: upload, preview, confirm) ---------------------------------------


def stage_import(
    program: Program, *, actor_id: int | None, filename: str, data: bytes
) -> ParticipantImport:
    """Parse an uploaded sheet and keep its hashed rows for preview and confirmation.

    Raises ImportFileError (from the parser) for a file that cannot be read at all.
    """
    purge_stale_imports()
    agency: Agency = program.agency
    result = parse_participants_csv(data, regency_code=agency.region_code)
    rows, problems = stage_rows(result)
    return _record(
        program,
        actor_id=actor_id,
        filename=filename,
        data=data,
        result=result,
        extra={"rows": [asdict(r) for r in rows], "problems": [asdict(p) for p in problems]},
    )


def _record(
    program: Program,
    *,
    actor_id: int | None,
    filename: str,
    data: bytes,
    result: ParseResult,
    extra: dict[str, Any],
    applied: bool = False,
) -> ParticipantImport:
    """Keep an import's trace: who, which file (its digest, not its content), what came of it."""
    record = ParticipantImport(
        public_id=secrets.token_hex(12),
        agency_id=program.agency_id,
        program_id=program.id,
        uploaded_by_id=actor_id,
        filename=filename[:200] or "peserta.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        applied_at=utcnow() if applied else None,
        summary={
            "total_rows": result.total_rows,
            "ignored_columns": list(result.ignored_columns),
            **extra,
        },
    )
    db.session.add(record)
    db.session.flush()
    return record


STAGED_IMPORT_TTL = timedelta(days=2)


def purge_stale_imports() -> int:
    """Delete previews never applied within two days: their rows hold personal data."""
    result = db.session.execute(
        delete(ParticipantImport).where(
            ParticipantImport.applied_at.is_(None),
            ParticipantImport.created_at < utcnow() - STAGED_IMPORT_TTL,
        )
    )
    return result.rowcount


def plan_staged(record: ParticipantImport) -> ImportPlan:
    """The current plan of a staged import (the database may have changed since upload)."""
    summary = record.summary
    return plan_import(
        record.program,
        [StagedRow(**r) for r in summary["rows"]],
        [Problem(**p) for p in summary["problems"]],
        total_rows=summary["total_rows"],
        ignored_columns=summary["ignored_columns"],
    )


def apply_staged(
    record: ParticipantImport, *, actor_id: int | None, fingerprint: str | None
) -> ImportResult:
    """Apply a staged import once, exactly as previewed.

    Raises ImportAlreadyApplied (also for a concurrent second click), ImportChanged (the
    database changed since the preview), ImportHasErrors.
    """
    claimed = db.session.execute(
        update(ParticipantImport)
        .where(ParticipantImport.id == record.id, ParticipantImport.applied_at.is_(None))
        .values(applied_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise ImportAlreadyApplied()
    plan = plan_staged(record)
    if fingerprint is not None and fingerprint != plan.fingerprint:
        raise ImportChanged()
    result = apply_plan(plan, actor_id=actor_id, source=f"import:{record.public_id}")
    # The hashed rows are no longer needed once applied: keep only the counts.
    record.summary = {
        "total_rows": record.summary["total_rows"],
        "ignored_columns": record.summary["ignored_columns"],
        "result": result.as_dict(),
    }
    return result


def import_file(
    program: Program, *, data: bytes, filename: str, actor_id: int | None, dry_run: bool
) -> tuple[ImportPlan, ImportResult | None]:
    """Plan a sheet and, unless dry_run or any row is rejected, apply it. For the CLI.

    Returns the plan and the result (None when nothing was applied). Flushes; caller commits.
    Raises ImportFileError for a file that cannot be read at all.
    """
    result = parse_participants_csv(data, regency_code=program.agency.region_code)
    rows, problems = stage_rows(result)
    plan = plan_import(
        program,
        rows,
        problems,
        total_rows=result.total_rows,
        ignored_columns=list(result.ignored_columns),
    )
    if dry_run or not plan.ok:
        return plan, None
    applied = apply_plan(plan, actor_id=actor_id, source=f"cli:{filename[:30]}")
    _record(
        program,
        actor_id=actor_id,
        filename=filename,
        data=data,
        result=result,
        extra={"result": applied.as_dict()},
        applied=True,
    )
    return plan, applied
