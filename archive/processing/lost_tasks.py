"""Queued jobs whose queue message is gone: a broker restarted without persistence, or a
message dropped in transit. The job row says queued, the broker holds nothing for it, so
nobody would ever run it; the reaper queues it again.
"""

from __future__ import annotations

from datetime import timedelta

from huey import Huey

from archive.extensions import db
from archive.models import Job, JobState
from archive.processing.tasks import JOB_TASKS
from archive.times import utcnow


def lost_queued_jobs(huey: Huey, grace_s: float) -> list[int]:
    """Ids of jobs queued for over ``grace_s`` seconds that no pending message names."""
    # The grace covers a job row committed just before its message is enqueued, and a
    # message a worker has taken but not yet claimed.
    before = utcnow() - timedelta(seconds=grace_s)
    queued = set(
        db.session.scalars(
            db.select(Job.id).where(Job.state == JobState.QUEUED, Job.created_at < before)
        )
    )
    db.session.rollback()
    if not queued:
        return []
    names = set(JOB_TASKS.values())
    pending = {task.args[0] for task in huey.pending() if task.name in names and task.args}
    return sorted(queued - pending)
