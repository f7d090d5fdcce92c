"""`flask accounts ...` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.accounts.queries import get_user_by_email
from marketplace.accounts.services import normalize_email
from marketplace.extensions import db

accounts_cli = AppGroup("accounts", help="Manage user accounts.")


@accounts_cli.command("make-admin")
@click.argument("email")
def make_admin(email: str) -> None:
    """Give an existing account platform-admin rights."""
    user = get_user_by_email(normalize_email(email))
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    user.is_admin = True
    db.session.commit()
    click.echo(f"User {user.id} is now an administrator.")
