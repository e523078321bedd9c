"""``replay-archive import``: a recording in, a published replay out, found at the moment said."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive import services
from archive.extensions import db
from archive.models import Replay, ReplayStatus


def _import(app: Flask, *args: str) -> tuple[int, dict]:
    result = app.test_cli_runner().invoke(args=["import", *args, "--json"])
    assert result.output.strip(), result.output
    return result.exit_code, json.loads(result.output.strip().splitlines()[-1])


def test_import_wait_publishes_and_search_lands_on_the_moment(
    app: Flask, client: FlaskClient, talk_mp4: Path, talk_vtt: Path
) -> None:
    code, outcome = _import(
        app,
        str(talk_mp4),
        "--transcript",
        str(talk_vtt),
        "--title",
        "Territoires",
        "--event",
        "Les Assises de l'Industrie 2022",
        "--speaker",
        "Claire Vasseur",
        "--wait",
    )
    assert code == 0, outcome
    assert outcome["status"] == "published" and outcome["error"] is None

    detail = client.get(f"/api/v1/replays/{outcome['id']}").get_json()
    assert detail["status"] == "published"
    assert detail["duration"] == pytest.approx(12, abs=0.5)
    assert {(r["width"], r["height"]) for r in detail["renditions"]} >= {(640, 360)}
    master = client.get(detail["urls"]["hls"])
    assert master.status_code == 200
    assert master.get_data(as_text=True).startswith("#EXTM3U")
    assert f"/{outcome['id']}/" in detail["urls"]["hls"]

    # "réindustrialisation" typed without its accents, as people do.
    found = client.get("/api/v1/search?q=reindustrialisation").get_json()
    hits = [h for h in found["hits"] if h["replay_id"] == outcome["id"]]
    assert hits, found
    assert hits[0]["start"] == pytest.approx(5.5, abs=0.5)
    assert "<mark>" in hits[0]["snippet_html"]
    assert hits[0]["speaker"] == "Claire Vasseur"
    page = client.get(hits[0]["url"])
    assert page.status_code == 200
    assert re.search(r'data-start="5\.5', page.get_data(as_text=True)), hits[0]["url"]


@pytest.mark.parametrize("kind", ["text", "empty", "image"])
def test_a_file_that_is_not_media_fails_cleanly(
    app: Flask, client: FlaskClient, not_media: dict[str, Path], kind: str
) -> None:
    code, outcome = _import(app, str(not_media[kind]), "--wait")
    assert code != 0
    assert outcome["status"] == "failed"
    error = outcome["error"]
    assert error and "\n" not in error and "Traceback" not in error
    assert error.rstrip().endswith(".")
    with app.app_context():
        assert services.storage().list_keys("replays/") == []
        row = db.session.get(Replay, outcome["id"]) if outcome["id"] else None
        assert row is None or row.status == ReplayStatus.FAILED
    listed = client.get("/api/v1/replays").get_json()["items"]
    assert all(item["id"] != outcome["id"] for item in listed)


def test_an_invalid_transcript_fails_like_a_bad_recording(
    app: Flask, talk_mp4: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:xx.000 --> 00:00:02.000\nHello\n", encoding="utf-8")
    code, outcome = _import(app, str(talk_mp4), "--transcript", str(bad), "--wait")
    assert code != 0
    assert outcome["status"] == "failed"
    assert "bad.vtt" in outcome["error"]
    with app.app_context():
        assert services.storage().list_keys("replays/") == []


def test_without_wait_the_import_is_queued(app: Flask, talk_mp4: Path) -> None:
    code, outcome = _import(app, str(talk_mp4))
    assert code == 0
    assert outcome["status"] == "queued"
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", outcome["job"])  # opaque, not a row number
    assert app.test_client().get(f"/api/v1/jobs/{outcome['job']}").get_json()["state"] == "queued"


def test_a_missing_file_is_one_clear_sentence(app: Flask, tmp_path: Path) -> None:
    code, outcome = _import(app, str(tmp_path / "nope.mp4"), "--wait")
    assert code != 0
    assert outcome == {
        "id": None,
        "status": "failed",
        "error": "The recording 'nope.mp4' does not exist.",
    }
