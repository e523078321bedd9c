"""Huey tasks: thin wrappers that run pipeline steps inside the worker's app context."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from archive.models.enums import JobKind

if TYPE_CHECKING:
    from flask import Flask
    from huey import Huey

log = logging.getLogger(__name__)
_app: Flask | None = None
#: The Huey task that runs each kind of job row.
JOB_TASKS = {
    JobKind.PROCESS: "process_job",
    JobKind.HIGHLIGHT: "cut_highlight",
    JobKind.TRANSCRIBE: "transcribe",
    JobKind.CHUNK: "encode_part",
    JobKind.ASSEMBLE: "assemble_parts",
}


class NoWorkerApp(RuntimeError):
    """A task ran in a process that did not bind an app (only the worker runs tasks)."""


def bind_app(app: Flask) -> None:
    """Use this app for tasks run in this process (the worker binds its own at start)."""
    global _app
    _app = app


def _worker_app() -> Flask:
    if _app is None:
        raise NoWorkerApp("Tasks run in `replay-archive worker`, which binds its app first.")
    return _app


def process_job(job_id: int) -> None:
    """Run the media pipeline for one job row; the row says whether there is work to do."""
    from archive.processing.pipeline import run_job

    with _worker_app().app_context():
        run_job(job_id, parts_here=False)  # a long recording's parts go to every free worker


def encode_part(job_id: int) -> None:
    """Encode one part of a long recording: a range of its video, or its audio."""
    from archive.processing.pipeline import run_part_job

    with _worker_app().app_context():
        run_part_job(job_id)


def assemble_parts(job_id: int) -> None:
    """Join a long recording's parts and publish its replay."""
    from archive.processing.pipeline import run_assemble_job

    with _worker_app().app_context():
        run_assemble_job(job_id)


def cut_highlight(job_id: int) -> None:
    """Cut a highlight job's range into its replay's original, then queue its processing."""
    from archive.processing.highlights import run_highlight_job

    with _worker_app().app_context():
        run_highlight_job(job_id)


def transcribe_task(job_id: int) -> None:
    """Speech to text for one job row: an automatic transcript track."""
    from archive.processing.transcription import run_transcription_job

    with _worker_app().app_context():
        run_transcription_job(job_id)


def index_replay_task(replay_id: str) -> None:
    """Bring one replay's search documents up to date (the worker is the single index writer)."""
    from archive.search.indexing import index_replay

    with _worker_app().app_context():
        index_replay(replay_id)


def register_tasks(huey: Huey) -> None:
    """Register the archive's tasks on a Huey instance."""
    # Huey delivers at most once and the job row is the truth, so Huey itself never retries.
    huey.tasks = {  # type: ignore[attr-defined]
        "process_job": huey.task(name="process_job")(process_job),
        "cut_highlight": huey.task(name="cut_highlight")(cut_highlight),
        "transcribe": huey.task(name="transcribe")(transcribe_task),
        "encode_part": huey.task(name="encode_part")(encode_part),
        "assemble_parts": huey.task(name="assemble_parts")(assemble_parts),
        "index_replay": huey.task(name="index_replay")(index_replay_task),
    }


def enqueue_job(
    huey: Huey, job_id: int, *, priority: int = 0, kind: JobKind = JobKind.PROCESS
) -> str:
    """Queue a job row for the task of its kind; returns Huey's task id."""
    task = huey.tasks[JOB_TASKS[kind]].s(job_id, priority=priority)  # type: ignore[attr-defined]
    huey.enqueue(task)
    return str(task.id)


def enqueue_index(huey: Huey, replay_id: str) -> None:
    """Queue a search index update for one replay."""
    # Index updates are quick and what editors wait for: ahead of every processing job.
    huey.enqueue(huey.tasks["index_replay"].s(replay_id, priority=1000))  # type: ignore[attr-defined]
