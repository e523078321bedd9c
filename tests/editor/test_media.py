"""Posters from a chosen frame, and highlights cut into new replays without re-uploading."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image, ImageStat

from archive import services
from archive.extensions import db
from archive.models import AuditEntry, Job, JobState, Replay, ReplayStatus
from archive.models.enums import JobKind
from archive.processing import progress
from archive.processing.highlights import run_highlight_job
from archive.processing.pipeline import run_job
from tests.editor.support import csrf_token, inline_worker


def _picture(client: FlaskClient, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.data)).convert("RGB")


def _keyframes(path: Path) -> list[float]:
    report = subprocess.run(  # noqa: S603
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-skip_frame",
            "nokey",
            "-show_entries",
            "frame=pts_time",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        check=True,
        text=True,
    )
    return [float(frame["pts_time"]) for frame in json.loads(report.stdout)["frames"]]


def test_the_chosen_frame_becomes_the_poster(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    before = client.get(f"/api/v1/replays/{talk}").get_json()["urls"]["poster"]
    response = editor.post(
        f"/editor/replays/{talk}/poster", data={"csrf_token": csrf_token(editor), "at": "0:07.2"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    after = client.get(f"/api/v1/replays/{talk}").get_json()["urls"]["poster"]
    assert after != before and after.endswith("/poster-7200.jpg")
    chosen, first = _picture(client, after), _picture(client, before)
    assert chosen.size == first.size == (640, 360)
    # testsrc2 moves: the frame at 7.2 s is a different picture from the automatic poster.
    difference = ImageStat.Stat(Image.blend(chosen, first, 0.5)).var != ImageStat.Stat(chosen).var
    assert difference
    with app.app_context():
        entry = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.replay_id == talk, AuditEntry.action == "poster")
        ).one()
        assert entry.summary == "Chose the frame at 0:07.200 as the poster."


def test_a_poster_outside_the_recording_is_refused(editor: FlaskClient, talk: str) -> None:
    response = editor.post(
        f"/editor/replays/{talk}/poster", data={"csrf_token": csrf_token(editor), "at": "0:42"}
    )
    assert response.status_code == 400
    assert "Choose a time between 0:00 and 0:12" in response.get_data(as_text=True)


def _post_highlight(editor: FlaskClient, talk: str, start: str, end: str) -> str:
    """Ask for a highlight as the media page does; the new replay's id."""
    response = editor.post(
        f"/editor/replays/{talk}/highlights",
        data={
            "csrf_token": csrf_token(editor),
            "start": start,
            "end": end,
            "title": "Extrait : la réindustrialisation",
            "visibility": "unlisted",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    # The editor lands on the dashboard, following the new replay's jobs.
    location = urlsplit(response.headers["Location"])
    assert location.path == "/editor/jobs"
    return parse_qs(location.query)["replay"][0]


def _highlight(editor: FlaskClient, talk: str, start: str, end: str) -> tuple[Replay, Job, str]:
    replay_id = _post_highlight(editor, talk, start, end)
    job = db.session.scalars(db.select(Job).where(Job.replay_id == replay_id)).one()
    assert job.kind == JobKind.HIGHLIGHT and job.state == JobState.QUEUED
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.job_id == job.id)).one()
    return job.replay, job, entry.summary


def _cut(job: Job) -> Job:
    """Run the highlight job as the worker does; the processing job it queued."""
    run_highlight_job(job.id)
    db.session.expire_all()
    assert db.session.get(Job, job.id).state == JobState.SUCCEEDED
    return db.session.scalars(
        db.select(Job).where(Job.replay_id == job.replay_id, Job.kind == JobKind.PROCESS)
    ).one()


def test_a_highlight_is_cut_by_the_worker_with_its_progress(
    app: Flask, editor: FlaskClient, talk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[tuple[int, str | None]] = []
    real = progress.set_progress

    def spy(job_id: int, percent: int, step: str | None = None) -> None:
        reported.append((percent, step))
        real(job_id, percent, step)

    monkeypatch.setattr(progress, "set_progress", spy)
    with app.app_context():
        replay, job, _summary = _highlight(editor, talk, "0:02.5", "0:08")
        # The request returned at once: nothing is cut yet, the replay has no recording.
        assert replay.recordings == [] and replay.status == ReplayStatus.PROCESSING
        assert reported == []
        page = editor.get(f"/editor/jobs?replay={replay.id}").get_data(as_text=True)
        assert f'data-job="{job.public_id}"' in page
        replay_id, public_id = replay.id, job.public_id
        processing = _cut(job)
        assert [step for _percent, step in reported if step] == ["fetch", "cut", "store"]
        assert [p for p, _ in reported] == sorted(p for p, _ in reported)
        status = editor.get(f"/editor/jobs/status?ids={public_id}").get_json()["jobs"][0]
        assert (status["kind"], status["state"], status["progress"]) == (
            "highlight",
            "succeeded",
            100,
        )
        assert processing.state == JobState.QUEUED and processing.recording is not None
        run_job(processing.id)
        db.session.expire_all()
        assert db.session.get(Replay, replay_id).status == ReplayStatus.PUBLISHED


def test_the_worker_takes_a_highlight_from_its_cut_to_published(
    app: Flask, editor: FlaskClient, talk: str
) -> None:
    with inline_worker(app):
        replay_id = _post_highlight(editor, talk, "0:04", "0:08")
    with app.app_context():
        jobs = db.session.execute(
            db.select(Job.kind, Job.state).where(Job.replay_id == replay_id).order_by(Job.id)
        ).all()
        assert [tuple(job) for job in jobs] == [
            (JobKind.HIGHLIGHT, JobState.SUCCEEDED),
            (JobKind.PROCESS, JobState.SUCCEEDED),
        ]
        assert db.session.get(Replay, replay_id).status == ReplayStatus.PUBLISHED


def test_a_highlight_on_keyframes_is_copied_and_carries_its_lines(
    app: Flask, editor: FlaskClient, talk: str, tmp_path: Path
) -> None:
    with app.app_context():
        replay, job, summary = _highlight(editor, talk, "0:04", "0:08")
        assert "(stream copy)" in summary
        job = _cut(job)
        original = tmp_path / "clip.mp4"
        services.storage().get_file(job.recording.original_key, original)
        assert b"crf=16.0" not in original.read_bytes()  # copied: our clip encoder never ran
        assert _keyframes(original)[0] < 0.1
        cues = replay.transcript.cues
        assert [(c.start, c.end, c.speaker_name) for c in cues] == [
            (0.0, 1.0, "Claire Vasseur"),
            (1.5, 4.0, "Claire Vasseur"),
        ]
        assert cues[1].text.startswith("La réindustrialisation")
        assert cues[1].speaker is not None  # still linked to the speaker
        replay_id, job_id = replay.id, job.id
        run_job(job_id)
        db.session.expire_all()
        replay = db.session.get(Replay, replay_id)
        assert replay.status == ReplayStatus.PUBLISHED
        assert abs(replay.duration - 4.0) < 0.1
        assert str(replay.visibility) == "unlisted"
        assert [s.name for s in replay.speakers] == ["Claire Vasseur"]


def test_a_highlight_off_keyframes_is_re_encoded_to_the_frame(
    app: Flask, editor: FlaskClient, talk: str, tmp_path: Path
) -> None:
    with app.app_context():
        replay, job, summary = _highlight(editor, talk, "0:05.5", "0:10.5")
        assert "(re-encoded)" in summary
        job = _cut(job)
        original = tmp_path / "clip.mp4"
        services.storage().get_file(job.recording.original_key, original)
        report = subprocess.run(  # noqa: S603
            [
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "json",
                str(original),
            ],
            capture_output=True,
            check=True,
            text=True,
        )
        assert abs(float(json.loads(report.stdout)["format"]["duration"]) - 5.0) < 0.1
        assert b"crf=16.0" in original.read_bytes()
        assert _keyframes(original)[0] < 0.1  # the cut starts on a frame of its own
        assert [(c.start, c.end) for c in replay.transcript.cues] == [(0.0, 3.5), (4.0, 5.0)]


def test_a_highlight_outside_the_recording_is_refused(editor: FlaskClient, talk: str) -> None:
    response = editor.post(
        f"/editor/replays/{talk}/highlights",
        data={
            "csrf_token": csrf_token(editor),
            "start": "0:10",
            "end": "0:30",
            "title": "Trop long",
            "visibility": "public",
        },
    )
    assert response.status_code == 400
    assert "Choose a range inside the recording" in response.get_data(as_text=True)
