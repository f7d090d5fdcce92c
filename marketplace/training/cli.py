"""`flask training ...` commands."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.training.importer import ImportFileError
from marketplace.training.imports import import_file, purge_stale_imports
from marketplace.training.models import Program

log = logging.getLogger(__name__)

training_cli = AppGroup("training", help="Agencies, programs and participants.")


@training_cli.command("purge-imports")
def purge_imports() -> None:
    """Delete import previews left unapplied for two days (they hold personal data)."""
    count = purge_stale_imports()
    db.session.commit()
    click.echo(f"Deleted {count} stale import previews.")


@training_cli.command("import-participants")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--program", "program_id", type=int, required=True, help="Program id.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def import_participants(file: Path, program_id: int, dry_run: bool) -> None:
    """Import a participant sheet (CSV) into a program: all rows or none."""
    program = db.session.get(Program, program_id)
    if program is None:
        raise click.ClickException(f"No program with id {program_id}.")
    try:
        plan, result = import_file(
            program, data=file.read_bytes(), filename=file.name, actor_id=None, dry_run=dry_run
        )
    except ImportFileError as exc:
        raise click.ClickException(str(exc.message)) from None
    click.echo(
        f"{plan.total_rows} rows: {plan.creates} to create, {plan.updates} to update, "
        f"{plan.unchanged} unchanged, {len(plan.problems)} problems."
    )
    for problem in plan.problems:
        click.echo(f"  line {problem.line}, {problem.column}: {problem.message}", err=True)
    if plan.problems:
        db.session.rollback()
        raise click.ClickException("Nothing imported: fix the rows above and run again.")
    if result is None:
        click.echo("Dry run: nothing written.")
        return
    db.session.commit()
    click.echo(
        f"Imported: {result.created_participants} new participants, "
        f"{result.created_enrollments} new enrollments, {result.updated} updated, "
        f"{result.unchanged} unchanged."
    )


agency_cli = AppGroup("agency", help="Agency outcomes: the nightly figures summary.")


@agency_cli.command("refresh-stats")
@click.option("--agency", "agency_id", type=int, help="Only this agency (default: every agency).")
def refresh_stats(agency_id: int | None) -> None:
    """Recompute each agency's whole-agency dashboard figures (run nightly, after midnight WIB)."""
    from marketplace.training import outcomes
    from marketplace.training.models import Agency

    if agency_id is not None and db.session.get(Agency, agency_id) is None:
        raise click.UsageError(f"No agency with id {agency_id}.")
    ids = (
        [agency_id]
        if agency_id is not None
        else db.session.scalars(select(Agency.id).order_by(Agency.id)).all()
    )
    started = time.perf_counter()
    failed = []
    for one in ids:  # one transaction per agency: a long run holds no lock for long
        try:
            outcomes.begin_report()
            outcomes.refresh_summary(one)
            db.session.commit()
        except Exception:  # one agency's failure must not leave the others stale
            db.session.rollback()
            log.exception("refreshing the figures of agency %s failed", one)
            failed.append(one)
    seconds = time.perf_counter() - started
    click.echo(f"Refreshed the figures of {len(ids) - len(failed)} agencies in {seconds:.1f} s.")
    if failed:
        raise click.ClickException(f"Failed for agencies {', '.join(map(str, failed))}.")
