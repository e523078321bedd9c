"""The backup commands of the ``replay-archive`` group."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-users", is_flag=True, help="Include password hashes (accounts can sign in).")
@with_appcontext
def export_command(file: Path, with_users: bool) -> None:
    """Write the catalogue (with transcripts) to FILE, gzip-compressed JSON lines."""
    from archive.backup.export import export_catalogue

    report = export_catalogue(file, with_users=with_users)
    total = sum(report.counts.values())
    click.echo(f"exported {total} rows to {file}: {_summary(report.counts)}")


@click.command("import-archive")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_archive_command(file: Path) -> None:
    """Restore an export into this instance (rows already there are kept), then reindex."""
    from archive.backup.restore import RestoreError, restore_catalogue

    try:
        report = restore_catalogue(file)
    except RestoreError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"restored {sum(report.added.values())} rows: {_summary(report.added)}")
    if any(report.present.values()):
        click.echo(f"already there: {_summary(report.present)}")
    click.echo(f"indexed {report.indexed} replays")


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items() if count) or "nothing"
