"""Helpers shared by the editor, access and security tests: apps, accounts, sign-in, imports."""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from tests.conftest import login

PASSWORD = "a long enough secret"
ROLES = ("viewer", "editor", "admin")


@contextmanager
def module_app(folder: Path, **overrides: str) -> Iterator[Flask]:
    """An initialised app in ``folder`` for a whole test module (ARCHIVE_* restored after)."""
    from archive import create_app
    from archive.instance import init_instance
    from config import Settings

    env = {
        "ARCHIVE_INSTANCE_DIR": str(folder / "instance"),
        "ARCHIVE_SECRET_KEY": "test-secret-" + secrets.token_hex(16),
        "ARCHIVE_ENV": "testing",
        **{f"ARCHIVE_{key.upper()}": value for key, value in overrides.items()},
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        app = create_app(Settings.from_env(), {"TESTING": True})
        with app.app_context():
            list(init_instance())
        yield app


def create_user(app: Flask, email: str, role: str) -> None:
    """An account made the way admins make them, with the shared test password."""
    result = app.test_cli_runner().invoke(
        args=["create-user", email, "--role", role], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


def signed_in(app: Flask, email: str, role: str = "editor") -> FlaskClient:
    """A client signed in as a new account with this role."""
    create_user(app, email, role)
    client = app.test_client()
    # Assertions read the English interface (French is the default).
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = login(client, email, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_token(client: FlaskClient, path: str = "/editor/") -> str:
    """The CSRF token a page gives a signed-in browser."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert match, f"{path} carries no CSRF token"
    return match.group(1)


def import_talk(app: Flask, media: Path, transcript: Path | None = None, **options: str) -> str:
    """Import and process a recording in the foreground; returns the published replay's id."""
    args = ["import", str(media), "--wait", "--json"]
    if transcript is not None:
        args += ["--transcript", str(transcript)]
    for name, value in options.items():
        args += [f"--{name}", value]
    result = app.test_cli_runner().invoke(args=args)
    outcome: dict[str, Any] = json.loads(result.output.strip().splitlines()[-1])
    assert outcome["status"] == "published", outcome
    return str(outcome["id"])


def import_queued(app: Flask, media: Path) -> tuple[str, int, str]:
    """Import without waiting: a replay with a queued job no worker has taken yet; its id, the
    job's row id (for ``run_job``) and the job's public id (for URLs and pages)."""
    from tests.archive.support import job_row_id

    result = app.test_cli_runner().invoke(args=["import", str(media), "--json"])
    outcome = json.loads(result.output.strip().splitlines()[-1])
    assert outcome["status"] == "queued", outcome
    with app.app_context():
        return outcome["id"], job_row_id(outcome["job"]), outcome["job"]


def run_index(app: Flask, replay_id: str) -> None:
    """What the worker does with a queued index update, done here and now."""
    from archive.search.indexing import index_replay

    with app.app_context():
        index_replay(replay_id)


def search_ids(client: FlaskClient, words: str) -> list[tuple[str, str]]:
    """(replay id, snippet) of each search hit the client gets for ``words``."""
    body = client.get("/api/v1/search", query_string={"q": words}).get_json()
    return [(hit["replay_id"], hit["snippet_html"]) for hit in body["hits"]]


@contextmanager
def inline_worker(app: Flask) -> Iterator[None]:
    """Run queued tasks (processing, indexing) at once in this process, as a worker would."""
    from archive.processing import tasks
    from archive.processing.queue import job_queue

    with app.app_context():
        huey = job_queue()
    tasks.bind_app(app)
    huey.immediate = True
    try:
        yield
    finally:
        huey.immediate = False
        tasks.bind_app(None)  # type: ignore[arg-type]


@dataclass
class LiveServer:
    """The app served over HTTP on a free loopback port."""

    url: str


@contextmanager
def live_server(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` from a thread for a real browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)


def browser_sign_in(page: Any, server: LiveServer, email: str) -> None:
    """Sign in through the form in the browser."""
    page.goto(server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def clone_replay(app: Flask, replay_id: str, **fields: Any) -> str:
    """A copy of a processed replay (rows, media files, original) under a new id, published.

    Processing a recording takes seconds; copying its outputs takes milliseconds, so each
    test gets a replay of its own with real media.
    """
    import uuid

    from archive import services
    from archive.extensions import db
    from archive.models import Cue, Recording, Rendition, Replay, Transcript
    from archive.search.indexing import index_replay

    with app.app_context():
        source = db.session.get(Replay, replay_id)
        assert source is not None and source.media_prefix
        columns = (
            "title",
            "description",
            "event",
            "session_type",
            "recorded_on",
            "language",
            "visibility",
            "status",
            "media_kind",
            "duration",
            "hls_key",
            "mp4_key",
            "poster_key",
            "storyboard_key",
            "published_at",
        )
        copy = Replay(**{**{name: getattr(source, name) for name in columns}, **fields})
        db.session.add(copy)
        db.session.flush()
        storage = services.storage()
        copy.media_prefix = f"replays/{copy.id}/v1/"
        for key in storage.list_keys(source.media_prefix):
            with storage.local_copy(key) as path:
                storage.put_file(copy.media_key(key[len(source.media_prefix) :]), path)
        for recording in source.recordings:
            original = f"originals/{uuid.uuid4().hex}.mp4"
            with storage.local_copy(recording.original_key) as path:
                storage.put_file(original, path)
            copy.recordings.append(
                Recording(original_key=original, size_bytes=recording.size_bytes)
            )
        copy.renditions = [
            Rendition(
                name=r.name,
                width=r.width,
                height=r.height,
                bandwidth=r.bandwidth,
                codecs=r.codecs,
                playlist_key=r.playlist_key,
            )
            for r in source.renditions
        ]
        copy.speakers, copy.themes = list(source.speakers), list(source.themes)
        if source.transcript:
            copy.transcripts = [
                Transcript(
                    language=source.transcript.language,
                    source_format="vtt",
                    cues=[
                        Cue(
                            position=c.position,
                            start=c.start,
                            end=c.end,
                            text=c.text,
                            speaker_name=c.speaker_name,
                            speaker_id=c.speaker_id,
                        )
                        for c in source.transcript.cues
                    ],
                )
            ]
        db.session.commit()
        index_replay(copy.id)
        return str(copy.id)
