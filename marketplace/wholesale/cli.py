"""`flask wholesale ...`: the jobs of the wholesale channel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import click
from flask.cli import AppGroup

wholesale_cli = AppGroup("wholesale", help="Wholesale channel jobs.")


def as_of(command: Callable[..., None]) -> Callable[..., None]:
    """A job's `--date YYYY-MM-DD` option: run as if today were that date."""
    return click.option(
        "--date",
        "on",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Run as if today were this date (YYYY-MM-DD).",
    )(command)


def _day(on: datetime | None) -> date | None:
    return on.date() if on is not None else None


@wholesale_cli.command("run-standing-orders")
@as_of
def run_standing_orders_command(on: datetime | None) -> None:
    """Create this period's orders of active standing orders (idempotent per period)."""
    from marketplace.wholesale.standing import run_standing_orders

    result = run_standing_orders(today=_day(on))
    click.echo(
        f"created {result.created}, skipped {result.skipped}, paused {result.paused}, "
        f"ended {result.ended}, failed {result.failed}"
    )
    if result.failed:
        raise SystemExit(1)


@wholesale_cli.command("remind-invoices")
@as_of
def remind_invoices_command(on: datetime | None) -> None:
    """Mark overdue invoices and send reminders before and after due dates (each once)."""
    from marketplace.wholesale.invoices import remind_invoices

    result = remind_invoices(today=_day(on))
    click.echo(f"reminders sent {result.sent}, marked overdue {result.overdue}")


@wholesale_cli.command("expire-quotes")
@as_of
def expire_quotes_command(on: datetime | None) -> None:
    """Mark submitted quotes past their validity date expired (idempotent)."""
    from marketplace.extensions import db
    from marketplace.wholesale.rfqs import expire_quotes

    expired = expire_quotes(today=_day(on))
    db.session.commit()
    click.echo(f"expired {expired}")


@wholesale_cli.command("expire-approvals")
@as_of
def expire_approvals_command(on: datetime | None) -> None:
    """Cancel purchases still waiting for approval after their delivery date (idempotent)."""
    from marketplace.wholesale.ordering import expire_waiting_purchases

    click.echo(f"expired {expire_waiting_purchases(today=_day(on))}")
