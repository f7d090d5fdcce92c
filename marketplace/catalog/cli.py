"""`flask catalog ...` commands."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from marketplace.catalog.errors import InvalidProduct, NotPublishable, SkuTaken
from marketplace.catalog.product_csv import (
    COLUMNS,
    ProductFileError,
    apply_plan,
    export_rows,
    plan_import,
)
from marketplace.core.csv_export import neutralise
from marketplace.extensions import db
from marketplace.stores.models import Store

catalog_cli = AppGroup("catalog", help="Stores, products and compliance documents.")


def _store(slug: str) -> Store:
    store = db.session.scalar(select(Store).where(Store.slug == slug))
    if store is None:
        raise click.ClickException(f"No store with slug {slug!r}.")
    return store


@catalog_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--store", "store_slug", required=True, help="Store slug.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def import_products(file: Path, store_slug: str, dry_run: bool) -> None:
    """Import a product sheet (CSV) into a store: all rows or none. New products are drafts."""
    store = _store(store_slug)
    try:
        plan = plan_import(store, file.read_bytes())
    except ProductFileError as exc:
        raise click.ClickException(str(exc.message)) from None
    click.echo(
        f"{plan.total_rows} rows: {plan.creates} to create ({plan.new_products} new products), "
        f"{plan.updates} to update, {plan.unchanged} unchanged, {len(plan.problems)} problems."
    )
    for problem in plan.problems:
        click.echo(f"  line {problem.line}, {problem.column}: {problem.message}", err=True)
    if plan.problems:
        raise click.ClickException("Nothing imported: fix the rows above and run again.")
    if dry_run:
        click.echo("Dry run: nothing written.")
        return
    try:
        result = apply_plan(plan)
    except (InvalidProduct, SkuTaken, NotPublishable) as exc:
        db.session.rollback()
        raise click.ClickException(f"Nothing imported: {exc.message}") from None
    db.session.commit()
    click.echo(
        f"Imported: {result.new_products} new products, {result.created} new variants, "
        f"{result.updated} updated, {result.unchanged} unchanged."
    )


@catalog_cli.command("export")
@click.option("--store", "store_slug", required=True, help="Store slug.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
def export_products(store_slug: str, output: Path | None) -> None:
    """Write a store's products as CSV in the import format (formulas neutralised)."""
    store = _store(store_slug)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in export_rows(store):
        writer.writerow([neutralise(value) for value in row])
    if output is None:
        click.echo(buffer.getvalue(), nl=False)
        return
    # With a BOM, as the download: Excel then reads the file as UTF-8.
    output.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")
    click.echo(f"Wrote {output}.")
