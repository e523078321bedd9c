"""The ``replay-archive`` command line (a Flask CLI group; ``flask --app archive`` works too)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from archive.backup.commands import export_command, import_archive_command
from archive.editor.commands import create_token_command, revoke_token_command
from archive.models import SessionType, Visibility
from archive.ops.commands import indexer_command
from archive.transcripts.cli import transcript_group


def _create_app() -> Flask:
    from archive import create_app
    from config import ConfigError

    try:
        return create_app()
    except ConfigError as err:
        # A setting the archive cannot run with: its one sentence, not a traceback.
        raise SystemExit(f"error: {err}") from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Replay archive: import recordings, process them, and serve replays you can search."""


def init_app(app: Flask) -> None:
    """Register the archive's commands on the app (for ``flask --app archive``)."""
    for command in COMMANDS:
        app.cli.add_command(command)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade everything the instance needs (idempotent)."""
    from archive.instance import init_instance

    for line in init_instance():
        click.echo(line)


@click.command("import")
@click.argument("media", type=click.Path(path_type=Path))
@click.option(
    "--transcript",
    "transcripts",
    multiple=True,
    type=click.Path(path_type=Path),
    help="WebVTT, SRT or text file; repeat for one track per language (talk.fr.vtt, talk.en.srt).",
)
@click.option("--title", help="Title of the replay (default: the file name).")
@click.option("--event", help="Event name; created when new.")
@click.option("--speaker", "speakers", multiple=True, help="A speaker's name (repeatable).")
@click.option(
    "--language",
    type=click.Choice(["fr", "en"]),
    help="What is spoken (default: the first transcript's language, else detected, else fr).",
)
@click.option(
    "--visibility",
    type=click.Choice([v.value for v in Visibility]),
    default="public",
    show_default=True,
)
@click.option("--session-type", type=click.Choice([t.value for t in SessionType]), default="talk")
@click.option(
    "--replay",
    "replay_id",
    help="Give this existing replay (a draft, or a published one) the recording; keeps its id.",
)
@click.option("--wait", is_flag=True, help="Process in the foreground; no worker needed.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@with_appcontext
def import_command(
    media: Path,
    transcripts: tuple[Path, ...],
    title: str | None,
    event: str | None,
    speakers: tuple[str, ...],
    language: str | None,
    visibility: str,
    session_type: str,
    replay_id: str | None,
    wait: bool,
    as_json: bool,
) -> None:
    """Import a recording (and its transcripts) as a replay.

    Without a transcript, the replay is transcribed by speech to text once published
    (ARCHIVE_ASR_MODEL); with --wait that happens in the foreground too.
    """
    from archive.uploads.cli_import import run_import
    from archive.uploads.operations import ImportRequest

    request = ImportRequest(
        media=media,
        transcripts=list(transcripts),
        title=title,
        event=event,
        speakers=list(speakers),
        language=language,
        visibility=Visibility(visibility),
        session_type=SessionType(session_type),
        replay_id=replay_id,
    )
    outcome = run_import(request, wait=wait)
    _report(outcome, as_json, f"replay {outcome['id']}: {outcome['status']}")


def _report(outcome: dict[str, Any], as_json: bool, summary: str) -> None:
    """Print a command's outcome (JSON, or its summary or error); exit 1 when it failed."""
    if as_json:
        click.echo(json.dumps(outcome, ensure_ascii=False))
    elif outcome.get("error"):
        click.echo(f"error: {outcome['error']}", err=True)
    else:
        click.echo(summary)
    if outcome["status"] == "failed":
        sys.exit(1)


@click.command("import-programme")
@click.argument("programme", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@with_appcontext
def import_programme_command(programme: Path, as_json: bool) -> None:
    """Create or update draft replays from a programme (CSV or JSON), by external key.

    Every row is checked first: with any error nothing is applied and the exit status is 2.
    """
    from flask_babel import force_locale

    from archive.editor.programme import record_programme
    from archive.programme.apply import apply_programme
    from archive.programme.rows import read_programme

    with force_locale("en"):
        outcome = apply_programme(read_programme(programme))
        record_programme(programme.name, outcome)
        if as_json:
            click.echo(json.dumps(outcome.as_json(), ensure_ascii=False))
        else:
            for line in outcome.errors:
                click.echo(f"error: {line}", err=True)
            for line in outcome.lines:
                click.echo(line)
            if not outcome.errors:
                click.echo(outcome.summary)
    if outcome.errors:
        sys.exit(2)


@click.command("worker")
@click.option("--workers", type=int, help="Threads (default: ARCHIVE_WORKERS).")
@with_appcontext
def worker_command(workers: int | None) -> None:
    """Run a processing worker: takes jobs from the queue until stopped."""
    from archive.instance import check_tools
    from archive.ops.logs import configure_logging
    from archive.processing.worker import run_worker
    from archive.uploads.cleanup import clean_abandoned_uploads

    check_tools()
    configure_logging()
    run_worker(workers, chores=[clean_abandoned_uploads])


@click.command("transcribe")
@click.argument("replay_id")
@click.option(
    "--language", type=click.Choice(["fr", "en"]), help="What is spoken (default: detect)."
)
@click.option("--translate", is_flag=True, help="Make an English track translated by the model.")
@click.option("--wait", is_flag=True, help="Transcribe in the foreground; no worker needed.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@with_appcontext
def transcribe_command(
    replay_id: str, language: str | None, translate: bool, wait: bool, as_json: bool
) -> None:
    """Make an automatic transcript track of a replay with speech to text (ARCHIVE_ASR_MODEL)."""
    from archive.processing.transcription import transcribe_from_cli

    outcome = transcribe_from_cli(replay_id, language=language, translate=translate, wait=wait)
    _report(
        outcome, as_json, f"replay {replay_id}: transcript {outcome['status']} ({outcome['job']})"
    )


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the catalogue."""
    from archive.search.indexing import rebuild_index

    count = rebuild_index()
    click.echo(f"indexed {count} replays")


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default="viewer")
@with_appcontext
def create_user_command(email: str, role: str) -> None:
    """Create a user (or reset their password and role); password from standard input."""
    from archive.accounts.operations import AccountError, create_or_update_user

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user, created = create_or_update_user(email, password, role)
    except AccountError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"{'created' if created else 'updated'} {user.email} ({user.role})")


@click.command("demo")
@click.option("--wait", is_flag=True, help="Process the demo recordings in the foreground.")
@with_appcontext
def demo_command(wait: bool) -> None:
    """Build the demo catalogue (Les Assises de l'Industrie 2022, synthetic speech)."""
    from archive.demo_import import import_demo

    for line in import_demo(wait=wait):
        click.echo(line)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=int, show_default=True)
@click.option("--no-worker", is_flag=True, help="Do not start a worker beside the server.")
@with_appcontext
def run_command(host: str, port: int, no_worker: bool) -> None:
    """Serve the archive for development, with a worker beside it."""
    from archive.servers import run_development

    run_development(host, port, with_worker=not no_worker)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option(
    "--workers", type=click.IntRange(1, 256), help="Web worker processes (default: 2 × cores + 1)."
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Request threads in each worker process.",
)
@with_appcontext
def serve_command(host: str, port: int, workers: int | None, threads: int) -> None:
    """Serve the archive in production (gunicorn)."""
    from archive.servers import run_production

    run_production(host, port, workers, threads)


COMMANDS = [
    init_command,
    import_command,
    import_programme_command,
    transcript_group,
    worker_command,
    transcribe_command,
    reindex_command,
    create_user_command,
    create_token_command,
    revoke_token_command,
    demo_command,
    run_command,
    serve_command,
    export_command,
    import_archive_command,
    indexer_command,
]
for _command in COMMANDS:
    main.add_command(_command)
