"""``/api/v1/replays/<id>/publish`` and ``/unpublish``: the editor's lifecycle moves.

They run ``archive.editor.lifecycle`` as the editor's buttons do, so the audit log, the
reindexing and the embargo of a scheduled publication (``publish_at``) apply alike.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import jsonify
from flask.typing import ResponseReturnValue

from archive.api import bp
from archive.api.errors import ApiError
from archive.api.guards import editable_replay
from archive.api.serializers import replay_json
from archive.editor.audit import record
from archive.editor.lifecycle import LifecycleError, publish, unpublish
from archive.models import Replay
from archive.models.audit import AuditAction


@bp.post("/replays/<replay_id>/publish")
def publish_replay(replay_id: str) -> ResponseReturnValue:
    """Publish a processed replay; 409 when it has no processed recording or is published."""
    replay = editable_replay(replay_id, "publish replays")
    return _move(replay, publish, AuditAction.PUBLISH, "Published the replay.")


@bp.post("/replays/<replay_id>/unpublish")
def unpublish_replay(replay_id: str) -> ResponseReturnValue:
    """Take a published replay down: a draft again, media kept; 409 when not published."""
    replay = editable_replay(replay_id, "unpublish replays")
    return _move(replay, unpublish, AuditAction.UNPUBLISH, "Unpublished the replay.")


def _move(
    replay: Replay, move: Callable[[Replay], None], action: AuditAction, summary: str
) -> ResponseReturnValue:
    try:
        move(replay)
    except LifecycleError as err:
        raise ApiError(str(err), 409) from None
    record(action, summary, replay=replay)
    return jsonify(replay_json(replay))
