"""Fault 2: PostgreSQL and Redis restarted while recordings are processed.

Workers and the production web server recover by themselves: jobs interrupted by the
database restart are retried, queue messages Redis lost (it runs without persistence) are
queued again from the job rows, and every recording, including those imported after the
restarts, is published once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive.models import JobState
from archive.processing.queue import job_queue
from tests.faults.conftest import (
    assert_published_once_nothing_orphaned,
    enqueue,
    job_states,
    wait_all_final,
    wait_until,
    worker_process,
)
from tests.faults.services import ensure_running, restart_postgres, restart_redis
from tests.ops.conftest import free_port, stopped_on_exit, wait_http


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0


def _web_recovered(base: str) -> bool:
    return _status(f"{base}/readyz") == 200 and _status(f"{base}/api/v1/replays") == 200


@pytest.mark.slow
@pytest.mark.faults
@pytest.mark.exclusive  # restarts the PostgreSQL and Redis every other test uses
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.s3
def test_workers_and_web_recover_from_database_and_queue_restarts(
    scale_out: Callable[..., tuple[Flask, dict[str, str]]],
    tiny_recordings: list[Path],
    tmp_path: Path,
) -> None:
    app, env = scale_out(job_heartbeat_s="1", job_stale_s="4")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "archive", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with (
            stopped_on_exit(server),
            worker_process(env, tmp_path / "worker-1.log"),
            worker_process(env, tmp_path / "worker-2.log"),
        ):
            wait_http(f"{base}/healthz", server)
            queued = enqueue(app, tiny_recordings[:10])
            wait_until(
                lambda: JobState.SUCCEEDED in job_states(app).values(), 60, "a first publication"
            )
            restart_postgres()
            time.sleep(2)
            with app.app_context():
                backlog = len(job_queue().pending())  # messages the restart will wipe
            restart_redis()
            wait_until(lambda: _web_recovered(base), 60, "the web server's recovery")
            queued += enqueue(app, tiny_recordings[10:12])  # uploads after the restarts
            states = wait_all_final(app, timeout=150)
            assert _web_recovered(base)
    finally:
        ensure_running()
    assert set(states.values()) == {JobState.SUCCEEDED}, states
    assert len(states) == 12
    assert_published_once_nothing_orphaned(app, queued)
    logs = "".join((tmp_path / f"worker-{n}.log").read_text() for n in (1, 2))
    if backlog:  # Redis keeps nothing on disk here: those messages were lost and found again
        assert "queue message was lost" in logs, "the reaper should have requeued lost messages"
