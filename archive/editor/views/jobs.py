"""The processing dashboard: every job, live progress, errors, logs; retry and cancel."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from archive.editor import bp
from archive.editor.audit import record
from archive.editor.forms import ConfirmForm
from archive.editor.jobs import PER_PAGE, JobActionError, cancel_job, job_status, retry_job
from archive.extensions import db
from archive.models import Job, JobState
from archive.models.audit import AuditAction
from archive.sentences import translate

#: At most this many jobs are polled in one status request.
MAX_POLLED = 100
#: What a job's public id looks like (``secrets.token_urlsafe``).
_PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


@bp.get("/jobs")
def jobs() -> ResponseReturnValue:
    """Every job, newest first, optionally of one state or one replay."""
    # A long recording's chunk and assemble jobs show as their processing job's progress.
    query = (
        db.select(Job)
        .where(Job.parent_id.is_(None))
        .options(selectinload(Job.replay))
        .order_by(Job.id.desc())
    )
    state = request.args.get("state", "")
    if state in {s.value for s in JobState}:
        query = query.where(Job.state == JobState(state))
    replay_id = request.args.get("replay", "")[:32]
    if replay_id:
        query = query.where(Job.replay_id == replay_id)
    page = request.args.get("page", "1")
    pagination = db.paginate(
        query, page=int(page) if page.isdigit() else 1, per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "editor/jobs.html",
        pagination=pagination,
        jobs=pagination.items,
        states=list(JobState),
        state=state,
        replay_id=replay_id,
        form=ConfirmForm(),
        job_status=job_status,
    )


@bp.get("/jobs/status")
def jobs_status() -> ResponseReturnValue:
    """The state, progress, error and log of the listed jobs, for the dashboard's polling."""
    ids = [v for v in request.args.get("ids", "").split(",") if _PUBLIC_ID.fullmatch(v)]
    ids = ids[:MAX_POLLED]
    rows = db.session.scalars(db.select(Job).where(Job.public_id.in_(ids))).all() if ids else []
    return jsonify(jobs=[job_status(job) for job in rows])


@bp.post("/jobs/<job_id>/retry")
def retry(job_id: str) -> ResponseReturnValue:
    """Queue a failed or cancelled job again."""
    return _act(job_id, retry_job, AuditAction.JOB_RETRY, "Retried job {id}.", _("Queued again."))


@bp.post("/jobs/<job_id>/cancel")
def cancel(job_id: str) -> ResponseReturnValue:
    """Cancel a queued or running job; a running one stops at its next progress report."""
    return _act(job_id, cancel_job, AuditAction.JOB_CANCEL, "Cancelled job {id}.", _("Cancelled."))


def _act(
    job_id: str, move: Callable[[Job], None], action: AuditAction, summary: str, done: str
) -> ResponseReturnValue:
    job = db.session.scalar(db.select(Job).where(Job.public_id == job_id)) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            move(job)
        except JobActionError as err:
            flash(translate(err), "error")
        else:
            record(action, summary.format(id=job.public_id), replay=job.replay, job_id=job.id)
            flash(done, "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("editor.jobs"))


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)  # type: ignore[union-attr]
