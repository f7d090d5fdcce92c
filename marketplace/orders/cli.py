"""`flask orders ...`: periodic jobs (safe to run every minute, and twice at once)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.orders.fulfilment import autocomplete_orders
from marketplace.orders.services import expire_checkouts

orders_cli = AppGroup("orders", help="Orders: payment windows and completion.")


@orders_cli.command("expire")
def expire_command() -> None:
    """Expire unpaid checkouts past their payment window and give their stock back."""
    click.echo(f"Expired {expire_checkouts()} checkouts.")


@orders_cli.command("autocomplete")
def autocomplete_command() -> None:
    """Complete shipped or delivered orders whose confirmation window has ended."""
    click.echo(f"Completed {autocomplete_orders()} orders.")
