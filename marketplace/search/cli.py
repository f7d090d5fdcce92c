"""`flask search ...`: rebuild the index and check it against the database."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from marketplace.search.service import check_index, get_backend, reindex_all

search_cli = AppGroup("search", help="The product search index.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the index from the database; searches keep working during the rebuild."""
    started = time.perf_counter()
    count = reindex_all()
    click.echo(
        f"Indexed {count} products with the {get_backend().name} backend "
        f"in {time.perf_counter() - started:.1f} s."
    )


@search_cli.command("check")
@click.option("--fix", is_flag=True, help="Reindex the products found missing, stale or extra.")
def check_command(fix: bool) -> None:
    """Report products missing from, stale in or left over in the index (exit 1 if any)."""
    report = check_index()
    for label, ids in (
        ("missing", report.missing),
        ("stale", report.stale),
        ("extra", report.extra),
    ):
        shown = ", ".join(str(i) for i in ids[:20]) + (" ..." if len(ids) > 20 else "")
        click.echo(f"{label}: {len(ids)}" + (f" ({shown})" if ids else ""))
    if report.ok:
        click.echo("The index matches the database.")
        return
    if fix:
        get_backend().index_products([*report.missing, *report.stale, *report.extra])
        click.echo("Reindexed them.")
        return
    raise SystemExit(1)
