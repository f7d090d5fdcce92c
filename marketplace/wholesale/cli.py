"""`flask wholesale ...`: the jobs of the wholesale channel."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

wholesale_cli = AppGroup("wholesale", help="Wholesale channel jobs.")


@wholesale_cli.command("run-standing-orders")
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (YYYY-MM-DD).",
)
def run_standing_orders_command(on: object) -> None:
    """Create this period's orders of active standing orders (idempotent per period)."""
    from marketplace.wholesale.standing import run_standing_orders

    today = on.date() if on is not None else None  # type: ignore[attr-defined]
    result = run_standing_orders(today=today)
    click.echo(f"created {result.created}, skipped {result.skipped}, paused {result.paused}")


@wholesale_cli.command("remind-invoices")
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (YYYY-MM-DD).",
)
def remind_invoices_command(on: object) -> None:
    """Mark overdue invoices and send reminders before and after due dates (each once)."""
    from marketplace.wholesale.invoices import remind_invoices

    today: date | None = on.date() if on is not None else None  # type: ignore[attr-defined]
    result = remind_invoices(today=today)
    click.echo(f"reminders sent {result.sent}, marked overdue {result.overdue}")


@wholesale_cli.command("expire-quotes")
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (YYYY-MM-DD).",
)
def expire_quotes_command(on: object) -> None:
    """Mark submitted quotes past their validity date expired (idempotent)."""
    from marketplace.extensions import db
    from marketplace.wholesale.rfqs import expire_quotes

    today: date | None = on.date() if on is not None else None  # type: ignore[attr-defined]
    expired = expire_quotes(today=today)
    db.session.commit()
    click.echo(f"expired {expired}")
