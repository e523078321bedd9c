"""A real worker process and a job's end, for tests that run the whole path across processes
(the backend pairings here, and the pipeline's recovery and priority tests)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient

from tests.ops.conftest import stopped_on_exit


@contextmanager
def worker(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A ``replay-archive worker`` child process, stopped at the end."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "archive", "worker"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with stopped_on_exit(process):
            yield process
    finally:
        if process.stderr:
            process.stderr.close()


def job_row_id(public_id: str) -> int:
    """The internal id (queue messages, ``run_job``) of the job a public id names; needs an
    app context."""
    from archive.extensions import db
    from archive.models import Job

    row_id = db.session.scalar(db.select(Job.id).where(Job.public_id == public_id))
    assert row_id is not None, f"no job {public_id}"
    return int(row_id)


def wait_for_job(client: FlaskClient, job_id: str, timeout: float = 180) -> dict:
    """Poll the job API as a dashboard would, until the job is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").get_json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} still {job['state']} after {timeout} s")
