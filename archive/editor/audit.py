"""Writing the audit log: one entry per editor or admin action, committed with nothing else."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user

from archive.extensions import db
from archive.models import AuditEntry, Replay
from archive.models.audit import AuditAction

#: Long values (descriptions, cue text) are shortened in the log, which says what changed.
MAX_VALUE_CHARS = 300
#: Who did what a ``replay-archive`` command did.
COMMAND_LINE = "command line"


def record(
    action: AuditAction,
    summary: str,
    *,
    replay: Replay | None = None,
    replay_id: str | None = None,
    subject: str | None = None,
    job_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Log an action of the signed-in user (of the command line, outside requests); commit it."""
    if not has_request_context():
        user_id, actor = None, COMMAND_LINE
    elif current_user.is_authenticated:
        user_id, actor = current_user.id, current_user.email
    else:
        user_id, actor = None, "system"
    entry = AuditEntry(
        user_id=user_id,
        actor=actor,
        action=action,
        replay_id=replay.id if replay is not None else replay_id,
        subject=(subject if subject is not None else (replay.title if replay else ""))[:300],
        job_id=job_id,
        summary=summary,
        changes={key: [_short(a), _short(b)] for key, (a, b) in (changes or {}).items()},
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[: MAX_VALUE_CHARS - 1] + "…"
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value changed, as field → (before, after)."""
    return {
        key: (before.get(key), value) for key, value in after.items() if before.get(key) != value
    }
