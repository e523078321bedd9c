"""Jobs survive dead workers and double deliveries: published once, nothing orphaned.

A worker SIGKILLed in the middle of a transcode leaves a running job whose heartbeat stops;
another worker's reaper hands it back to the queue and the job is published exactly once.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Job, JobState, Replay, ReplayStatus
from archive.processing.pipeline import run_job
from tests.archive.support import job_row_id, wait_for_job, worker
from tests.conftest import run_cli


def _wait_running(app: Flask, job_id: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    client = app.test_client()
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").get_json()
        if job["state"] == "running" and job["step"] == "transcode" and job["progress"] >= 5:
            return
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} never got into its transcode: {job}")


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.s3
def test_a_worker_killed_mid_transcode_is_replaced(
    scale_out: Callable[..., tuple[Flask, dict[str, str]]],
    long_talk: Path,
) -> None:
    app, env = scale_out(job_heartbeat_s="1", job_stale_s="4")
    queued = run_cli(env, "import", str(long_talk), "--json")
    outcome = json.loads(queued.stdout.strip().splitlines()[-1])
    with worker(env) as first:
        _wait_running(app, outcome["job"])
        first.send_signal(signal.SIGKILL)
        first.wait()
    with worker(env):
        job = wait_for_job(app.test_client(), outcome["job"], timeout=240)
    assert job["state"] == "succeeded", job
    with app.app_context():
        row = db.session.get(Job, job_row_id(outcome["job"]))
        assert row is not None and row.attempts == 2
        replay = db.session.get(Replay, outcome["id"])
        assert replay is not None and replay.status == ReplayStatus.PUBLISHED
        keys = services.storage().list_keys(f"replays/{replay.id}/")
        assert keys and all(k.startswith(replay.media_prefix) for k in keys), "orphaned objects"
        assert replay.media_key(replay.hls_key) in keys
        storage = services.storage()
        uploads = storage.client.list_multipart_uploads(Bucket=storage.bucket)
        assert uploads.get("Uploads", []) == []


def test_a_job_delivered_twice_does_its_work_once(app: Flask, talk_mp4: Path) -> None:
    result = app.test_cli_runner().invoke(args=["import", str(talk_mp4), "--json"])
    public_id = json.loads(result.output.strip().splitlines()[-1])["job"]
    with app.app_context():
        job_id = job_row_id(public_id)

    # Two deliveries of the same task, at the same time, in two threads.
    def deliver() -> None:
        with app.app_context():
            run_job(job_id)

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None and job.state == JobState.SUCCEEDED and job.attempts == 1
        replay = job.replay
        assert len(services.storage().list_keys(f"replays/{replay.id}/")) > 0
        prefixes = {k.split("/")[2] for k in services.storage().list_keys(f"replays/{replay.id}/")}
        assert prefixes == {replay.media_prefix.split("/")[2]}
        run_job(job_id)  # a late third delivery changes nothing
        db.session.refresh(job)
        assert job.attempts == 1


def test_a_fault_after_the_publication_does_not_redo_the_job(
    app: Flask, talk_mp4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database goes away right after the commit that published the replay (what a
    restart did in tests/faults/test_restarts.py, by chance of timing): the transient retry
    must not run the job again, whose first step deletes this job's outputs. The fault is
    raised here, at that exact point, because a real restart cannot be aimed at it."""
    from sqlalchemy.exc import OperationalError

    from archive.processing import pipeline, runner

    monkeypatch.setattr(runner, "TRANSIENT_BACKOFF_S", (0, 0))
    after_publication = pipeline._transcribe_if_needed
    faults = [OperationalError("SELECT 1", {}, Exception("terminating connection"))]

    def database_gone(job: Job) -> None:
        if faults:
            raise faults.pop()
        after_publication(job)

    monkeypatch.setattr(pipeline, "_transcribe_if_needed", database_gone)
    result = app.test_cli_runner().invoke(args=["import", str(talk_mp4), "--json"])
    public_id = json.loads(result.output.strip().splitlines()[-1])["job"]
    with app.app_context():
        job_id = job_row_id(public_id)
        run_job(job_id)
        job = db.session.get(Job, job_id)
        assert job is not None and job.state == JobState.SUCCEEDED and not faults
        replay = job.replay
        assert replay.status == ReplayStatus.PUBLISHED
        assert services.storage().exists(replay.media_key(replay.hls_key or ""))
