"""``/api/v1/jobs/<id>``: a processing job's state and progress."""

from __future__ import annotations

from flask import abort, jsonify
from flask.typing import ResponseReturnValue

from archive.accounts.access import can_view
from archive.api import bp
from archive.api.serializers import job_json
from archive.extensions import db
from archive.models import Job


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> ResponseReturnValue:
    """A job, by its public id, of a replay the caller may see."""
    job = db.session.scalar(db.select(Job).where(Job.public_id == job_id))
    if job is None or not can_view(job.replay):
        abort(404)
    return jsonify(job_json(job))
