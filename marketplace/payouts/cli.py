"""`flask payouts create --period YYYY-MM`: propose the period's payouts (safe to run twice)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.core.money import format_rupiah
from marketplace.extensions import db
from marketplace.payouts.errors import InvalidPeriod
from marketplace.payouts.services import create_payout_run, parse_period, payout_minimum_idr

payouts_cli = AppGroup("payouts", help="Seller payouts: propose a period's transfers.")


@payouts_cli.command("create")
@click.option("--period", help="A month, YYYY-MM: earnings entered up to its end (WIB).")
@click.option("--until", help="A day, YYYY-MM-DD: earnings entered up to its end (WIB).")
def create_command(period: str | None, until: str | None) -> None:
    """Propose one payout per store with a verified bank account and enough balance."""
    try:
        label, cutoff = parse_period(period=period, until=until)
    except InvalidPeriod as exc:
        raise click.UsageError(
            "Give either --period YYYY-MM or --until YYYY-MM-DD, not in the future."
        ) from exc
    result = create_payout_run(period=label, cutoff_at=cutoff, minimum_idr=payout_minimum_idr())
    from marketplace.core.audit import record_audit

    # A job's writes are not under /admin: say explicitly what the run proposed.
    record_audit(
        "payouts.create",
        actor=None,
        object_type="payout_runs",
        object_id=result.run.id,
        changes={
            "period": [None, label],
            "proposed": [None, len(result.proposed)],
            "total_idr": [None, result.total_idr],
        },
        change="insert",
    )
    db.session.commit()
    click.echo(
        f"Period {label}: proposed {len(result.proposed)} payouts "
        f"({format_rupiah(result.total_idr)}); skipped {result.already_in_period} already in "
        f"this period, {result.open_elsewhere} with an open payout, {result.below_minimum} "
        f"below the minimum, {result.unverified} without a verified bank account."
    )
