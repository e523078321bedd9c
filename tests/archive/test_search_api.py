"""The judged query set (tests/data/search) through ``GET /api/v1/search``, as visitors and editors.

The judged sessions are loaded as catalogue rows (replays, events, speakers, transcripts) and
indexed by the same code the worker runs; no media are needed to search what was said.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.catalogue.operations import get_or_create_speaker, get_or_create_theme
from archive.extensions import db
from archive.models import Chapter, Event, Replay, ReplayStatus, SessionType, Visibility
from archive.search.indexing import index_replay
from archive.transcripts import ParsedCue, ParsedTranscript
from archive.uploads.transcripts import attach_transcript
from tests.conftest import login

DATA = Path(__file__).resolve().parents[1] / "data" / "search"
QUERIES = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))["queries"]
EDITOR = ("judge@example.org", "a long enough secret")


def _load(spec: dict[str, Any], events: dict[str, Event]) -> str:
    event = events.get(spec["event_slug"])
    if event is None:
        event = Event(slug=spec["event_slug"], name=spec["event"], year=spec["year"])
        events[spec["event_slug"]] = event
    replay = Replay(
        title=spec["title"],
        description=spec.get("description", ""),
        language=spec["language"],
        visibility=Visibility(spec["visibility"]),
        status=ReplayStatus.PUBLISHED,
        session_type=SessionType(spec.get("session_type") or "talk"),
        event=event,
        recorded_on=date(spec["year"], 6, 1),
    )
    db.session.add(replay)
    replay.speakers = [get_or_create_speaker(name) for name in spec["speakers"]]
    replay.themes = [get_or_create_theme(name) for name in spec.get("themes", [])]
    replay.chapters = [Chapter(start=c["start"], title=c["title"]) for c in spec.get("chapters", [])]
    cues = [ParsedCue(c["start"], c["end"], c["text"], c.get("speaker")) for c in spec["cues"]]
    attach_transcript(replay, ParsedTranscript(format="vtt", cues=cues), spec["language"])
    db.session.commit()
    index_replay(replay.id)
    return replay.id


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[str, str]]]:
    """An app whose catalogue holds the judged sessions; maps judged ids to replay ids."""
    from archive import create_app
    from archive.instance import init_instance
    from config import Settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARCHIVE_INSTANCE_DIR", str(tmp_path_factory.mktemp("judged") / "instance"))
        patch.setenv("ARCHIVE_SECRET_KEY", "judged-secret-" + "j" * 32)
        patch.setenv("ARCHIVE_ENV", "testing")
        app = create_app(Settings.from_env(), {"TESTING": True})
        ids: dict[str, str] = {}
        with app.app_context():
            list(init_instance())
            events: dict[str, Event] = {}
            specs = json.loads((DATA / "replays.json").read_text(encoding="utf-8"))["replays"]
            for spec in specs:
                ids[spec["id"]] = _load(spec, events)
        result = app.test_cli_runner().invoke(
            args=["create-user", EDITOR[0], "--role", "editor"], input=EDITOR[1] + "\n"
        )
        assert result.exit_code == 0, result.output
        yield app, ids


def _client(app: Flask, editor: bool) -> FlaskClient:
    client = app.test_client()
    if editor:
        assert login(client, *EDITOR).status_code == 302
    return client


@pytest.mark.parametrize("query", QUERIES, ids=[q["id"] for q in QUERIES])
def test_judged_query_through_the_api(judged: tuple[Flask, dict[str, str]], query: dict) -> None:
    app, ids = judged
    editor = bool(query.get("visibilities")) and set(query["visibilities"]) != {"public"}
    params = {"q": query["q"], "per_page": 100, **query.get("filters", {})}
    if "replay" in params:
        params["replay"] = ids[params["replay"]]
    response = _client(app, editor).get("/api/v1/search", query_string=params)
    assert response.status_code == 200
    body = response.get_json()
    hits = body["hits"]
    for expected in query["expect"]:
        replay_id = ids[expected["replay"]]
        if expected.get("kind") == "replay":
            assert any(h["replay_id"] == replay_id for h in body.get("replays", hits)), body
            continue
        assert any(
            h["replay_id"] == replay_id and abs(h["start"] - expected["start"]) <= 0.5 for h in hits
        ), (query["id"], [(h["replay_id"], h["start"]) for h in hits])
    for forbidden in query.get("forbid", []):
        assert all(h["replay_id"] != ids[forbidden] for h in hits), query["id"]
    if "total" in query:
        assert body["total"] == query["total"], query["id"]
    if "suggestion" in query:
        assert body["suggestion"] == query["suggestion"], query["id"]
    for hit in hits:
        assert f"/replays/{hit['replay_id']}?" in hit["url"] and "t=" in hit["url"]


def test_query_set_covers_the_issue(judged: tuple[Flask, dict[str, str]]) -> None:
    assert len(QUERIES) >= 40
    languages = {"fr", "en"}
    assert languages <= {
        spec["language"]
        for spec in json.loads((DATA / "replays.json").read_text(encoding="utf-8"))["replays"]
    }
