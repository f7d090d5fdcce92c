"""The document expiry job, run daily: `flask catalog expire-documents`."""

from __future__ import annotations

import click

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
