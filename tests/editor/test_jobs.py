"""The processing dashboard: jobs with progress, errors and logs; cancel and retry."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import AuditEntry, Job, JobState, Replay, ReplayStatus
from archive.processing.pipeline import run_job
from tests.editor.support import csrf_token, import_queued


def _state(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None
        db.session.expunge(job)
        return job


def test_the_dashboard_lists_jobs_and_polls_their_state(
    app: Flask, editor: FlaskClient, talk_mp4: Path
) -> None:
    replay_id, _row_id, job_id = import_queued(app, talk_mp4)
    page = editor.get("/editor/jobs").get_data(as_text=True)
    assert f'data-job="{job_id}"' in page and 'data-active="1"' in page
    status = editor.get(f"/editor/jobs/status?ids={job_id},non$ense").get_json()
    assert status["jobs"] == [
        {
            "id": job_id,
            "kind": "process",
            "state": "queued",
            "progress": 0,
            "step": None,
            "step_label": None,
            "error": None,
            "log_tail": None,
            "attempts": 0,
            "worker": None,
            "active": True,
            "can_retry": False,
            "can_cancel": True,
        }
    ]
    only_this = editor.get(f"/editor/jobs?replay={replay_id}").get_data(as_text=True)
    assert only_this.count("data-job=") == 1


def test_a_cancelled_job_can_be_retried_to_published(
    app: Flask, editor: FlaskClient, talk_mp4: Path
) -> None:
    replay_id, job_id, public_id = import_queued(app, talk_mp4)
    token = csrf_token(editor)
    assert (
        editor.post(f"/editor/jobs/{public_id}/cancel", data={"csrf_token": token}).status_code
        == 302
    )
    job = _state(app, job_id)
    assert job.state == JobState.CANCELLED and job.error == "Cancelled by an editor."
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        assert replay.status == ReplayStatus.DRAFT  # never published: hidden, not failed
    # A cancelled job delivered later by the queue does nothing.
    with app.app_context():
        run_job(job_id)
    assert _state(app, job_id).state == JobState.CANCELLED
    assert (
        editor.post(f"/editor/jobs/{public_id}/retry", data={"csrf_token": token}).status_code
        == 302
    )
    assert _state(app, job_id).state == JobState.QUEUED
    with app.app_context():
        run_job(job_id)
        assert db.session.get(Replay, replay_id).status == ReplayStatus.PUBLISHED
        actions = db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.job_id == job_id).order_by(AuditEntry.id)
        ).all()
        assert [str(a) for a in actions] == ["job_cancel", "job_retry"]
    # A finished job can be neither cancelled nor retried.
    done = editor.post(
        f"/editor/jobs/{public_id}/cancel", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Only a queued or running job can be cancelled." in done.get_data(as_text=True)


def test_a_failed_job_shows_its_sentence_and_log(
    app: Flask, editor: FlaskClient, not_media: dict[str, Path]
) -> None:
    result = app.test_cli_runner().invoke(
        args=["import", str(not_media["text"]), "--wait", "--json"]
    )
    job_id = json.loads(result.output.strip().splitlines()[-1])["job"]
    status = editor.get(f"/editor/jobs/status?ids={job_id}").get_json()["jobs"][0]
    assert status["state"] == "failed" and status["can_retry"] and not status["can_cancel"]
    page = editor.get("/editor/jobs?state=failed").get_data(as_text=True)
    assert status["error"] in page.replace("&#39;", "'")


def test_cancelling_a_running_job_stops_the_worker(
    app: Flask, editor: FlaskClient, long_talk: Path
) -> None:
    replay_id, job_id, public_id = import_queued(app, long_talk)

    def work() -> None:
        with app.app_context():
            run_job(job_id)

    worker = threading.Thread(target=work)
    worker.start()
    deadline = time.monotonic() + 30
    while _state(app, job_id).step != "transcode" or _state(app, job_id).progress < 3:
        assert time.monotonic() < deadline, "the job never started transcoding"
        time.sleep(0.1)
    response = editor.post(
        f"/editor/jobs/{public_id}/cancel", data={"csrf_token": csrf_token(editor)}
    )
    assert response.status_code == 302
    started = time.monotonic()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert time.monotonic() - started < 5  # stopped at its next progress report, not at the end
    job = _state(app, job_id)
    assert job.state == JobState.CANCELLED and job.progress < 85
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        assert replay.status == ReplayStatus.DRAFT and replay.media_prefix is None


def test_retrying_a_job_of_an_unpublished_replay_keeps_it_a_draft(
    app: Flask, editor: FlaskClient, talk: str
) -> None:
    token = csrf_token(editor)
    taken_down = editor.post(f"/editor/replays/{talk}/unpublish", data={"csrf_token": token})
    assert taken_down.status_code == 302
    with app.app_context():
        replay = db.session.get(Replay, talk)
        assert replay is not None and replay.status == ReplayStatus.DRAFT
        before = replay.media_prefix
        failed = Job(
            replay=replay,
            recording=replay.recordings[0],
            state=JobState.FAILED,
            error="The worker stopped.",
        )
        db.session.add(failed)
        db.session.commit()
        job_id, public_id = failed.id, failed.public_id
    retried = editor.post(f"/editor/jobs/{public_id}/retry", data={"csrf_token": token})
    assert retried.status_code == 302
    with app.app_context():
        run_job(job_id)
        replay = db.session.get(Replay, talk)
        assert db.session.get(Job, job_id).state == JobState.SUCCEEDED
        assert replay.media_prefix != before  # the new outputs are in place...
        assert replay.status == ReplayStatus.DRAFT  # ...of a replay that stays taken down
    assert app.test_client().get(f"/replays/{talk}").status_code == 404
