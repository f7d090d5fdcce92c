"""The document expiry job, run daily: `flask catalog expire-documents`."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app

from marketplace.core.storage import get_storage
from marketplace.extensions import db
from marketplace.stores.documents import run_document_expiry


@click.command("expire-documents")
def expire_documents_command() -> None:
    """Remind owners 30 days before a document expires; hide products once it has. Idempotent."""
    report = run_document_expiry()
    db.session.commit()
    click.echo(
        f"Reminders sent for {report.reminded} documents; {report.expired_documents} documents "
        f"expired; {report.hidden_products} products hidden."
    )
    # Product sheets uploaded for a preview live one hour (their token's lifetime).
    stale = get_storage(current_app.config, visibility="private").purge(
        "imports/", older_than=timedelta(hours=2)
    )
    click.echo(f"Deleted {stale} stale import uploads.")
