"""The database side of jobs: claim, progress, heartbeat, finish, and recovery of stale jobs.

The job row is the only truth about a job: Huey may deliver a task twice or never, so every
transition is a conditional UPDATE that succeeds for one worker only.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import ColumnElement, exists, or_, true, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased

from archive.extensions import db
from archive.models import Job, JobState, ReplayStatus
from archive.models.enums import JobKind
from archive.models.jobs import ALLOWED_TRANSITIONS
from archive.times import utcnow

#: States of a job that will still run (or runs now).
UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


class JobCancelled(Exception):
    """An editor cancelled the job while it ran."""


def worker_name() -> str:
    """``host:pid:thread`` of the running worker, stored on the jobs it claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


def _parts_running() -> ColumnElement[bool]:
    """Whether a job has parts (chunk or assemble jobs) still to run: those carry it on."""
    part = aliased(Job)
    return exists().where(part.parent_id == Job.id, part.state.in_(UNFINISHED))


def claim(job_id: int, stale_after_s: float, kind: JobKind | None = None) -> Job | None:
    """Take a queued (or abandoned) job for this worker; None when another has it or it is done
    (or, with ``kind``, when the row is of another kind)."""
    stale = utcnow() - timedelta(seconds=stale_after_s)
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id)
        .where(Job.kind == kind if kind is not None else true())
        .where(
            or_(
                Job.state == JobState.QUEUED,
                (Job.state == JobState.RUNNING) & (Job.heartbeat_at < stale),
            )
        )
        .where(~_parts_running())
        .values(
            state=JobState.RUNNING,
            worker=worker_name(),
            heartbeat_at=utcnow(),
            started_at=utcnow(),
            attempts=Job.attempts + 1,
            error=None,
        )
    )
    db.session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.session.get(Job, job_id)


def set_progress(job_id: int, progress: int, step: str | None = None) -> None:
    """Save progress (0-100) and the current step; raises JobCancelled if an editor cancelled."""
    values: dict[str, object] = {"progress": max(0, min(100, progress)), "heartbeat_at": utcnow()}
    if step:
        values["step"] = step
    result = db.session.execute(
        update(Job).where(Job.id == job_id, Job.state == JobState.RUNNING).values(**values)
    )
    db.session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise JobCancelled(f"Job {job_id} is no longer running.")


def ensure_running(job_id: int) -> None:
    """Raise JobCancelled unless the job is still running (finished, cancelled or gone)."""
    state = db.session.scalar(db.select(Job.state).where(Job.id == job_id))
    db.session.commit()
    if state != JobState.RUNNING:
        raise JobCancelled(f"Job {job_id} is no longer running.")


@contextmanager
def heartbeat(job_id: int, every_s: float) -> Iterator[None]:
    """Touch the job row from a side thread while a long step runs."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every_s):
            with app.app_context():
                try:
                    db.session.execute(
                        update(Job)
                        .where(Job.id == job_id, Job.state == JobState.RUNNING)
                        .values(heartbeat_at=utcnow())
                    )
                    db.session.commit()
                except OperationalError:
                    # The database restarting must not stop the beat for good: a job whose
                    # heartbeat stops is handed to another worker while this one still runs it.
                    db.session.rollback()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every_s + 5)


def finish(
    job: Job, state: JobState, *, error: str | None = None, log_tail: str | None = None
) -> None:
    """Move a running job to a final state (the caller commits with its other changes)."""
    if state not in ALLOWED_TRANSITIONS[job.state]:
        raise ValueError(f"A {job.state} job cannot become {state}.")
    job.state = state
    job.error = error
    job.log_tail = log_tail
    job.finished_at = utcnow()
    if state == JobState.SUCCEEDED:
        job.progress = 100


def fail(job_id: int, error: str, log_tail: str | None = None) -> None:
    """Mark a job failed and its replay failed unless an earlier version is published."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is None or job.state != JobState.RUNNING:
        return
    finish(job, JobState.FAILED, error=error, log_tail=log_tail)
    if job.parent_id is not None:
        _fail_whole(job.parent_id, error, log_tail)
    if job.kind != JobKind.TRANSCRIBE:  # a missing transcript leaves the replay as it was
        replay = job.replay
        replay.error = error
        if replay.media_prefix is None:
            replay.status = ReplayStatus.FAILED
    db.session.commit()


def _fail_whole(parent_id: int, error: str, log_tail: str | None) -> None:
    """A part that failed fails its processing job, and its other parts stop."""
    parent = db.session.get(Job, parent_id)
    if parent is not None and parent.state == JobState.RUNNING:
        finish(parent, JobState.FAILED, error=error, log_tail=log_tail)
    db.session.execute(
        update(Job)
        .where(Job.parent_id == parent_id, Job.state.in_(UNFINISHED))
        .values(state=JobState.CANCELLED, error=error, finished_at=utcnow(), worker=None)
    )


def requeue(job_id: int, reason: str) -> bool:
    """Give a running job back to the queue (transient fault or dead worker)."""
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.RUNNING)
        .values(state=JobState.QUEUED, worker=None, error=reason)
    )
    db.session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def stale_jobs(stale_after_s: float) -> list[int]:
    """Running jobs whose worker stopped beating: its process or host died."""
    stale = utcnow() - timedelta(seconds=stale_after_s)
    rows = db.session.scalars(
        db.select(Job.id).where(
            Job.state == JobState.RUNNING, Job.heartbeat_at < stale, ~_parts_running()
        )
    )
    return list(rows)


def queue_facts(job_id: int) -> tuple[int, JobKind]:
    """The queue priority a job was given and its kind, which names its task."""
    row = db.session.execute(db.select(Job.priority, Job.kind).where(Job.id == job_id)).first()
    return (int(row.priority or 0), row.kind) if row else (0, JobKind.PROCESS)


def wait_for(job_id: int, timeout_s: float, poll_s: float = 0.5) -> Job:
    """Poll a job row until it reaches a final state (used by tests and the CLI)."""
    deadline = time.monotonic() + timeout_s
    while True:
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        assert job is not None
        if job.state in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED):
            return job
        if time.monotonic() > deadline:
            raise TimeoutError(f"Job {job_id} did not finish within {timeout_s:.0f} s.")
        time.sleep(poll_s)
