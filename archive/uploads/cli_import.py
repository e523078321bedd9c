"""The outcome of ``replay-archive import`` as the contract's JSON object."""

from __future__ import annotations

from typing import Any

from archive.extensions import db
from archive.models import Replay
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

    replay_id, job_id, public_id = replay.id, job.id, job.public_id
    run_job(job_id)
    db.session.expire_all()
    replay = db.session.get(Replay, replay_id)
    assert replay is not None
    status = str(replay.status)
    return {
        "id": replay.id,
        "status": status if status in ("published", "failed") else "failed",
        "error": replay.error if status != "published" else None,
        "job": public_id,
    }
