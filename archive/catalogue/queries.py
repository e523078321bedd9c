"""Which replays a visitor may list: the queries every page and the API share."""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from sqlalchemy import Select

from archive.accounts.access import (
    LISTED_STATUSES,
    exists_for_user,
    is_editor,
    listed_visibilities,
    released,
)
from archive.extensions import db
from archive.models import Event, Job, JobState, Replay, Speaker, Theme

Named = TypeVar("Named", Event, Speaker, Theme)


def listed_replays() -> Select[tuple[Replay]]:
    """Replays the current user sees in lists, newest first."""
    query = db.select(Replay).where(Replay.visibility.in_(listed_visibilities()))
    if not is_editor():
        query = query.where(Replay.status.in_(LISTED_STATUSES), released())
    return query.order_by(Replay.recorded_on.desc().nulls_last(), Replay.created_at.desc())


def named_or_404(model: type[Named], slug: str) -> Named:
    """The event, theme or speaker with this slug, or 404 when it does not exist for the
    current user: no replay they may see names it."""
    found = db.session.scalar(
        db.select(model).where(model.slug == slug, exists_for_user(model.replays))
    )
    if found is None:
        abort(404)
    return found


def active_job(replay: Replay) -> Job | None:
    """The replay's job being processed now, if any."""
    for job in reversed(replay.jobs):
        if job.state in (JobState.QUEUED, JobState.RUNNING):
            return job
    return None
