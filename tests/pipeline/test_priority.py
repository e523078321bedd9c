"""A short new upload is processed before a long backlog: job priorities, on both queues."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive.extensions import db
from archive.models import Job
from archive.uploads.operations import ImportRequest, enqueue, import_recording, priority_for_size
from tests.archive.support import wait_for_job, worker


def test_smaller_recordings_get_higher_priority() -> None:
    sizes = [10 * 2**20, 64 * 2**20, 200 * 2**20, 2**30, 8 * 2**30, 16 * 2**30, 64 * 2**30]
    priorities = [priority_for_size(size) for size in sizes]
    assert priorities == sorted(priorities, reverse=True)
    assert priorities[0] == 100 and priority_for_size(2**30) == 50 and priorities[-1] == 0


def _queue_backlog_then_short(app: Flask, talk: Path) -> tuple[list[str], str]:
    with app.app_context():
        backlog = []
        for _ in range(3):  # as if they were long recordings
            _replay, job = import_recording(ImportRequest(media=talk, priority=10))
            assert job is not None
            enqueue(job)
            backlog.append(job.public_id)
        _replay, short = import_recording(ImportRequest(media=talk))  # small: priority 100
        assert short is not None and short.priority == 100
        enqueue(short)
        return backlog, short.public_id


@pytest.mark.slow
@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_a_short_upload_overtakes_the_backlog(
    make_app: Callable[..., Flask],
    archive_env: dict[str, str],
    talk_mp4: Path,
    request: pytest.FixtureRequest,
    queue: str,
) -> None:
    overrides = {"workers": "1"}
    if queue == "redis":
        overrides["queue_url"] = request.getfixturevalue("redis_url")
    app = make_app(**overrides)
    backlog, short = _queue_backlog_then_short(app, talk_mp4)
    client = app.test_client()
    with worker({**archive_env, **{k: v for k, v in os.environ.items() if k.startswith("AWS_")}}):
        for job_id in [short, *backlog]:
            assert wait_for_job(client, job_id)["state"] == "succeeded"
    with app.app_context():
        started = {job.public_id: job.started_at for job in db.session.scalars(db.select(Job))}
    assert started[short] < min(started[j] for j in backlog)
