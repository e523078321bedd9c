"""Fault 1: three workers, one SIGKILLed mid-job, another cut from its storage for 30 s.

Redis queue, PostgreSQL catalogue, S3 over HTTP (moto). The third worker reaches the bucket
through a TCP proxy on loopback, stopped for 30 s: its own endpoint goes down, the others'
stays up. Every recording is published exactly once, nothing is orphaned, no job is stuck.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from archive.models import JobState
from tests.faults.conftest import (
    assert_published_once_nothing_orphaned,
    enqueue,
    running_job_of,
    wait_all_final,
    wait_until,
    worker_process,
)
from tests.faults.proxy import TcpProxy

OUTAGE_S = 30


@pytest.mark.slow
@pytest.mark.faults
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.s3
def test_twenty_recordings_survive_a_killed_worker_and_a_storage_outage(
    scale_out: Callable[..., tuple[Flask, dict[str, str]]],
    s3_endpoint: str,
    tiny_recordings: list[Path],
    tmp_path: Path,
) -> None:
    app, env = scale_out(job_heartbeat_s="1", job_stale_s="4")
    target = urlsplit(s3_endpoint)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 80)
    proxy.start()
    queued = enqueue(app, tiny_recordings)
    logs = {name: tmp_path / f"worker-{name}.log" for name in ("killed", "steady", "cut")}
    try:
        with (
            worker_process(env, logs["killed"]) as killed,
            worker_process(env, logs["steady"]),
            worker_process({**env, "ARCHIVE_S3_ENDPOINT_URL": proxy.url}, logs["cut"]) as cut,
        ):
            wait_until(lambda: running_job_of(app, killed.pid), 60, "a job on the first worker")
            killed.send_signal(signal.SIGKILL)
            killed.wait()
            wait_until(lambda: running_job_of(app, cut.pid), 60, "a job on the third worker")
            proxy.stop()
            time.sleep(OUTAGE_S)
            proxy.start()
            states = wait_all_final(app, timeout=150)
    finally:
        proxy.stop()
    assert set(states.values()) == {JobState.SUCCEEDED}, states
    assert_published_once_nothing_orphaned(app, queued)
    # The third worker did meet the outage, retried, and said so on lines carrying the job id.
    lines = [
        json.loads(line) for line in logs["cut"].read_text().splitlines() if line.startswith("{")
    ]
    transient = [line for line in lines if "transient fault" in line["message"]]
    assert transient and all("job_id" in line for line in transient)
