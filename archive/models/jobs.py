"""Processing jobs: the database row is the truth about a job, never the broker."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.extensions import db
from archive.models.enums import JobKind, JobState, enum_column
from archive.times import utcnow

if TYPE_CHECKING:
    from archive.models.catalogue import Replay
    from archive.models.media import Recording


def new_job_public_id() -> str:
    """An unguessable id for URLs: counting job ids must not list the replays behind them."""
    return secrets.token_urlsafe(12)


class Job(db.Model):  # type: ignore[name-defined,misc]
    """One run of media work for a replay, with its progress for the UI, CLI and API."""

    __tablename__ = "jobs"
    #: internal only (queue messages, foreign keys, logs); never shown outside
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the id every URL, page and JSON answer uses (96 random bits)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_job_public_id)
    kind: Mapped[JobKind] = mapped_column(enum_column(JobKind), default=JobKind.PROCESS)
    #: what the kind needs beyond the rows, e.g. a highlight's source replay and range
    parameters: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    replay_id: Mapped[str] = mapped_column(ForeignKey("replays.id", ondelete="CASCADE"))
    #: the processing job a chunk or assemble job is part of (a long recording's)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), index=True
    )
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE")
    )
    state: Mapped[JobState] = mapped_column(enum_column(JobState), default=JobState.QUEUED)
    #: 0-100
    progress: Mapped[int] = mapped_column(Integer, default=0)
    #: the pipeline step running now: "probe", "transcode", ...
    step: Mapped[str | None] = mapped_column(String(30))
    #: one sentence for editors and the API
    error: Mapped[str | None] = mapped_column(Text)
    #: the end of ffmpeg's log, for editors
    log_tail: Mapped[str | None] = mapped_column(Text)
    #: smaller runs first
    priority: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: "host:pid" of the worker running it
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    replay: Mapped[Replay] = relationship(back_populates="jobs")
    recording: Mapped[Recording | None] = relationship()
    parent: Mapped[Job | None] = relationship(remote_side=[id])


#: The job state machine: from each state, where it may go.
ALLOWED_TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.CANCELLED}),
    # back to QUEUED when a transient fault or a dead worker hands the job to another
    JobState.RUNNING: frozenset(
        {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED, JobState.QUEUED}
    ),
    JobState.SUCCEEDED: frozenset(),
    # an editor's retry
    JobState.FAILED: frozenset({JobState.QUEUED}),
    JobState.CANCELLED: frozenset({JobState.QUEUED}),
}
