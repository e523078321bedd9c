"""Which replays a visitor may list: the queries every page and the API share."""

from __future__ import annotations

from sqlalchemy import Select

from archive.accounts.access import is_editor, listed_visibilities
from archive.extensions import db
from archive.models import Job, JobState, Replay, ReplayStatus

#: What visitors see in lists: published replays, and those being processed (with progress).
LISTED_STATUSES = (ReplayStatus.PUBLISHED, ReplayStatus.PROCESSING)


def listed_replays() -> Select[tuple[Replay]]:
    """Replays the current user sees in lists, newest first."""
    query = db.select(Replay).where(Replay.visibility.in_(listed_visibilities()))
    if not is_editor():
        query = query.where(Replay.status.in_(LISTED_STATUSES))
    return query.order_by(Replay.recorded_on.desc().nulls_last(), Replay.created_at.desc())


def active_job(replay: Replay) -> Job | None:
    """The replay's job being processed now, if any."""
    for job in reversed(replay.jobs):
        if job.state in (JobState.QUEUED, JobState.RUNNING):
            return job
    return None
