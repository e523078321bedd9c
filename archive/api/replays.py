"""``/api/v1/replays``: list, detail and editor changes."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue

from archive.accounts.access import is_editor, viewable_replay_or_404
from archive.api import bp
from archive.api.errors import ApiError
from archive.api.serializers import replay_json
from archive.catalogue.queries import listed_replays
from archive.catalogue.updates import ReplayUpdateError, update_replay
from archive.extensions import db
from archive.params import whole_arg

MAX_LIMIT = 100


@bp.get("/replays")
def list_replays() -> ResponseReturnValue:
    """Replays the caller may list, newest first; ``next`` is the URL of the following page."""
    limit = whole_arg("limit", 20, 1, MAX_LIMIT)
    offset = whole_arg("cursor", 0, 0, 10**9)
    rows = db.session.scalars(listed_replays().offset(offset).limit(limit + 1)).all()
    more = len(rows) > limit
    next_url = url_for("api.list_replays", limit=limit, cursor=offset + limit) if more else None
    return jsonify(items=[replay_json(r) for r in rows[:limit]], next=next_url)


@bp.get("/replays/<replay_id>")
def get_replay(replay_id: str) -> ResponseReturnValue:
    """One replay, in any status, if the caller may see it."""
    return jsonify(replay_json(viewable_replay_or_404(replay_id)))


@bp.patch("/replays/<replay_id>")
def patch_replay(replay_id: str) -> ResponseReturnValue:
    """Change a replay's metadata (editors; CSRF token in X-CSRFToken for browser sessions)."""
    replay = viewable_replay_or_404(replay_id)
    if not is_editor():
        raise ApiError("Only editors may change replays.", 403)
    changes: Any = request.get_json(silent=True)
    if not isinstance(changes, dict):
        raise ApiError("The request body must be a JSON object of the fields to change.")
    try:
        update_replay(replay, changes)
    except ReplayUpdateError as err:
        raise ApiError(str(err)) from None
    return jsonify(replay_json(replay))
