"""`flask seed-demo`."""

from __future__ import annotations

import click
from flask import current_app

from marketplace.demo.data import DEMO_PASSWORD
from marketplace.demo.seed import is_empty, seed_demo
from marketplace.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Seed only when the database has no users yet.")
@click.option("--no-images", is_flag=True, help="Skip generating product photos (faster).")
def seed_demo_command(if_empty: bool, no_images: bool) -> None:
    """Create realistic demo data (idempotent) and print the demo logins."""
    if current_app.config["APP_ENV"] == "production":
        # Demo accounts share a published password, an administrator among them.
        raise click.ClickException("seed-demo refuses to run with APP_ENV=production.")
    if if_empty and not is_empty():
        click.echo("Database already has data; demo seeding skipped.")
        return
    report = seed_demo(with_images=not no_images)
    db.session.commit()
    created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items())) or "nothing"
    click.echo(f"Demo data ready (created: {created}).")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, email in report.logins:
        click.echo(f"  {role:<45} {email}")
