"""Fixtures of the fault tests: tiny generated recordings, worker processes, service restarts.

Marked ``faults`` (registered in pyproject.toml).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Job, JobState, Replay, ReplayStatus
from tests.fixtures.media import generate_talk


@pytest.fixture(scope="session")
def tiny_recordings(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twenty 160x120 recordings of 1 to 2 seconds, each a little different."""
    folder = tmp_path_factory.mktemp("tiny")
    paths = []
    for number in range(20):
        path = folder / f"tiny-{number:02d}.mp4"
        duration = 1 + (number % 3) / 2
        generate_talk(
            path, size="160x120", seconds=duration, frequency=200 + 20 * number, preset="ultrafast"
        )
        paths.append(path)
    return paths


@contextmanager
def worker_process(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A ``replay-archive worker`` whose JSON log goes to ``log``; stopped at the end."""
    stream: IO[bytes] = open(log, "wb")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "archive", "worker"],
        env={**os.environ, **env},
        stdout=stream,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        stream.close()


def enqueue(app: Flask, paths: list[Path]) -> list[tuple[str, str]]:
    """Import each recording for the workers; (replay id, public job id) of each."""
    import json

    queued = []
    for path in paths:
        result = app.test_cli_runner().invoke(
            args=["import", str(path), "--json", "--title", path.stem]
        )
        assert result.exit_code == 0, result.output
        outcome = json.loads(result.output.strip().splitlines()[-1])
        queued.append((outcome["id"], outcome["job"]))
    return queued


def job_states(app: Flask) -> dict[int, JobState]:
    """Every job's state, read from the rows."""
    with app.app_context():
        return dict(db.session.execute(db.select(Job.id, Job.state)).all())


def wait_all_final(app: Flask, timeout: float) -> dict[int, JobState]:
    """Wait until no job is queued or running; fail with the states after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            states = job_states(app)
        except Exception:  # the database may be restarting
            states = {}
        if states and all(s not in (JobState.QUEUED, JobState.RUNNING) for s in states.values()):
            return states
        if time.monotonic() > deadline:
            raise AssertionError(f"jobs still unfinished after {timeout} s: {states}")
        time.sleep(0.5)


def running_job_of(app: Flask, pid: int) -> int | None:
    """A job the worker process ``pid`` is running now, if any."""
    with app.app_context():
        return db.session.scalar(
            db.select(Job.id).where(Job.state == JobState.RUNNING, Job.worker.like(f"%:{pid}:%"))
        )


def wait_until(check: Callable[[], object], timeout: float, what: str) -> object:
    """Poll ``check`` until it returns something true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def assert_published_once_nothing_orphaned(app: Flask, queued: list[tuple[str, str]]) -> None:
    """Every replay published from exactly one version folder; only those and originals stored."""
    with app.app_context():
        storage = services.storage()
        allowed: list[str] = []
        for replay_id, _job in queued:
            replay = db.session.get(Replay, replay_id)
            assert replay is not None and replay.status == ReplayStatus.PUBLISHED, replay_id
            succeeded = [j for j in replay.jobs if j.state == JobState.SUCCEEDED]
            assert len(succeeded) == 1, f"{replay_id} published {len(succeeded)} times"
            assert replay.media_prefix and storage.exists(replay.media_key(replay.hls_key or ""))
            allowed.append(replay.media_prefix)
        keys = storage.list_keys("")
        orphans = [k for k in keys if not k.startswith(("originals/", *allowed))]
        assert orphans == [], f"orphaned objects: {orphans[:10]}"
        uploads = storage.client.list_multipart_uploads(Bucket=storage.bucket)  # type: ignore[attr-defined]
        assert uploads.get("Uploads", []) == []
