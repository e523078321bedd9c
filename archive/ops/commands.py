"""``replay-archive indexer``: the fleet's index writer (see :mod:`archive.ops.indexer`)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("indexer")
@click.option("--once", is_flag=True, help="One pass, then exit (for cron or a test).")
@click.option("--rebuild", is_flag=True, help="Rebuild the whole index first.")
@click.option(
    "--interval", type=float, help="Seconds between passes (default ARCHIVE_INDEX_SYNC_S or 30)."
)
@with_appcontext
def indexer_command(once: bool, rebuild: bool, interval: float | None) -> None:
    """Keep the search index in step with the catalogue and publish it for the web hosts."""
    from archive import services
    from archive.ops.indexer import run_indexer, sync_once
    from archive.ops.logs import configure_logging

    if once or rebuild:
        report = sync_once(rebuild=rebuild)
        click.echo(
            f"indexed {report.indexed}, removed {report.removed}"
            f"{', rebuilt' if report.rebuilt else ''}; snapshot: {report.published or 'unchanged'}"
        )
        if once:
            return
    configure_logging()
    run_indexer(interval or services.settings().index_sync_s)
