"""The audit log's account of a programme import: one entry per replay it created or changed."""

from __future__ import annotations

from archive.editor.audit import record
from archive.extensions import db
from archive.models import Replay
from archive.models.audit import AuditAction
from archive.programme.apply import ProgrammeOutcome


def record_programme(name: str, outcome: ProgrammeOutcome) -> None:
    """Log each replay the programme ``name`` created or updated."""
    for action, replay_ids, verb in (
        (AuditAction.CREATE, outcome.created, "Created the draft"),
        (AuditAction.EDIT, outcome.updated, "Updated"),
    ):
        for replay_id in replay_ids:
            replay = db.session.get(Replay, replay_id)
            key = replay.external_key if replay is not None else ""
            record(
                action,
                f"{verb} {key!r} from the programme {name!r}.",
                replay=replay,
                replay_id=replay_id,
            )
