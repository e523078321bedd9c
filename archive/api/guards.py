"""What every API call that changes the archive checks first: an editor, a replay, a body."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from archive.accounts.access import is_editor, viewable_replay_or_404
from archive.api.errors import ApiError
from archive.models import Replay


def editor_id(action: str) -> int:
    """The calling editor's user id; 403 for anyone else (``action``: "create replays")."""
    if not is_editor():
        raise ApiError(f"Only editors may {action}.", 403)
    return int(current_user.id)


def editable_replay(replay_id: str, action: str) -> Replay:
    """The replay, if the caller may see it (404 otherwise) and edit it (403 otherwise)."""
    replay = viewable_replay_or_404(replay_id)
    editor_id(action)
    return replay


def json_object(what: str) -> dict[str, Any]:
    """The request's JSON object body; 415 when it is not JSON, 400 when not an object."""
    if not request.is_json:
        raise ApiError(f"Send {what} as a JSON object (Content-Type: application/json).", 415)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(f"The request body must be a JSON object: {what}.")
    return body
