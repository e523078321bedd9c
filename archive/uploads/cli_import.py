"""The outcome of ``replay-archive import`` as the contract's JSON object."""

from __future__ import annotations

from typing import Any

from archive.extensions import db
from archive.models import Job, JobState, Replay
from archive.uploads.operations import ImportRequest, InvalidImport, enqueue, import_recording


def run_import(request: ImportRequest, *, wait: bool) -> dict[str, Any]:
    """Import, then either process in the foreground (``wait``) or queue for the workers."""
    try:
        replay, job = import_recording(request)
    except InvalidImport as err:
        db.session.rollback()
        return {"id": None, "status": "failed", "error": str(err)}
    if job is None:
        return {"id": replay.id, "status": "failed", "error": replay.error}
    if not wait:
        enqueue(job)
        return {"id": replay.id, "status": "queued", "job": job.public_id}
    from archive.processing.pipeline import run_job
    from archive.processing.transcription import run_queued_transcriptions

    replay_id, job_id, public_id = replay.id, job.id, job.public_id
    run_job(job_id)
    db.session.expire_all()
    done = db.session.get(Job, job_id)
    replay = db.session.get(Replay, replay_id)
    assert done is not None and replay is not None
    if done.state != JobState.SUCCEEDED:
        # A replaced recording that failed leaves the replay published with its old one.
        error = done.error or replay.error or "The recording could not be processed."
        return {"id": replay.id, "status": "failed", "error": error, "job": public_id}
    # With no worker to hand it to, speech to text runs here too (a failure there leaves
    # the replay published without a transcript; the job row says why).
    run_queued_transcriptions(replay_id)
    return {"id": replay_id, "status": "published", "error": None, "job": public_id}
