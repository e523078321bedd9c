"""The audit log: who did what to which replay or account, and when."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.extensions import db
from archive.models.enums import enum_column
from archive.times import utcnow


class AuditAction(enum.StrEnum):
    """What an editor or admin did."""

    CREATE = "create"  #: created a replay
    EDIT = "edit"  #: changed a replay's details
    TRANSCRIPT = "transcript"  #: uploaded or replaced a transcript
    CUES = "cues"  #: edited transcript lines
    CHAPTERS = "chapters"  #: edited chapters
    POSTER = "poster"  #: chose a poster frame
    HIGHLIGHT = "highlight"  #: cut a highlight into a new replay
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    DELETE = "delete"  #: deleted a replay, its media and its index entries
    JOB_RETRY = "job_retry"
    JOB_CANCEL = "job_cancel"
    ROLE = "role"  #: changed a user's role
    ACCOUNT = "account"  #: activated or deactivated a user
    TOKEN = "token"  #: created or revoked an API token
    PAGE = "page"  #: wrote, changed or emptied a site page (legal notice, privacy...)
    WEBHOOK = "webhook"  #: added, removed or retried a webhook endpoint's deliveries


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """One action, kept after the replay or the user it names is gone."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the actor's email at the time, so the entry still says who after the account goes
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    #: the replay acted on; no foreign key, so the entry outlives a deleted replay
    replay_id: Mapped[str | None] = mapped_column(String(32), index=True)
    job_id: Mapped[int | None] = mapped_column(Integer)
    #: what was acted on, in words: the replay's title or the account's email at the time
    subject: Mapped[str] = mapped_column(String(300), default="")
    #: one sentence for the admin reading the log
    summary: Mapped[str] = mapped_column(Text, default="")
    #: field → [before, after] for changes
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
