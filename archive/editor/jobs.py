"""Retrying and cancelling processing jobs; every move is a conditional update on the row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from archive.extensions import db
from archive.models import Job, JobState, ReplayStatus
from archive.models.enums import JobKind
from archive.processing.queue import job_queue
from archive.processing.tasks import enqueue_job
from archive.sentences import N_, translate
from archive.times import utcnow

#: Jobs shown on one page of the dashboard.
PER_PAGE = 50
ACTIVE = (JobState.QUEUED, JobState.RUNNING)
#: What the dashboard says of a job's current step (``report.step`` names in processing).
STEP_LABELS = {
    "fetch": N_("Fetching the source"),
    "cut": N_("Cutting"),
    "probe": N_("Reading"),
    "plan": N_("Planning"),
    "transcode": N_("Transcoding"),
    "assemble": N_("Assembling"),
    "thumbnails": N_("Pictures"),
    "store": N_("Storing"),
    "publish": N_("Publishing"),
    "model": N_("Loading the model"),
    "audio": N_("Reading the sound"),
    "transcribe": N_("Transcribing"),
    "save": N_("Saving"),
}


class JobActionError(ValueError):
    """The job cannot make this move now; the message is one sentence."""


def cancel_job(job: Job, reason: str = N_("Cancelled by an editor.")) -> None:
    """Stop a queued or running job; a running one stops at its next progress report."""
    result = db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.state.in_(ACTIVE))
        .values(state=JobState.CANCELLED, error=reason, finished_at=utcnow(), worker=None)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise JobActionError(N_("Only a queued or running job can be cancelled."))
    replay = job.replay
    if replay.media_prefix is None:
        # Nothing was ever published: back to a draft editors see, not a failure visitors see.
        replay.status = ReplayStatus.DRAFT
        replay.error = N_("Processing was cancelled.")
    db.session.commit()
    db.session.refresh(job)


def retry_job(job: Job) -> None:
    """Queue a failed or cancelled job again and hand it to the workers.

    Whether the replay is shown does not change: one an editor unpublished stays a draft
    (``archive.processing.publish``)."""
    if not _has_input(job):
        raise JobActionError(N_("This job has no recording to process."))
    result = db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.state.in_((JobState.FAILED, JobState.CANCELLED)))
        .values(
            state=JobState.QUEUED,
            progress=0,
            step=None,
            error=None,
            log_tail=None,
            worker=None,
            started_at=None,
            finished_at=None,
            created_at=utcnow(),
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise JobActionError(N_("Only a failed or cancelled job can be retried."))
    replay = job.replay
    if replay.media_prefix is None:
        replay.status = ReplayStatus.PROCESSING
    replay.error = None
    db.session.commit()
    db.session.refresh(job)
    enqueue_job(job_queue(), job.id, priority=job.priority, kind=job.kind)


def _has_input(job: Job) -> bool:
    """Whether the job has what it works on: a recording, or a highlight's source and range."""
    return bool(job.recording_id) if job.kind == JobKind.PROCESS else bool(job.parameters)


def job_status(job: Job) -> dict[str, Any]:
    """What the dashboard shows of a job, refreshed while it runs."""
    return {
        "id": job.public_id,
        "kind": str(job.kind),
        "state": str(job.state),
        "progress": job.progress,
        "step": job.step,
        "step_label": translate(STEP_LABELS.get(job.step, job.step)) if job.step else None,
        "error": translate(job.error) if job.error else None,
        "log_tail": job.log_tail,
        "attempts": job.attempts,
        "worker": job.worker,
        "active": job.state in ACTIVE,
        "can_retry": job.state in (JobState.FAILED, JobState.CANCELLED) and _has_input(job),
        "can_cancel": job.state in ACTIVE,
    }
