"""``POST /api/v1/replays``: an editor's script creates a draft replay from its details.

The details go through the editor's own operation (``archive.editor.details.create_replay``),
so the API and the details form validate, save and index a replay in one way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from archive.api import bp
from archive.api.errors import ApiError
from archive.api.guards import editor_id, json_object
from archive.api.serializers import replay_json
from archive.editor.audit import record
from archive.editor.details import DetailsError, DetailsInput, create_replay
from archive.editor.speakers import SpeakerInput
from archive.extensions import db
from archive.models import Speaker
from archive.models.audit import AuditAction
from archive.text import slugify

#: Fields of a new replay; ``title`` is required.
FIELDS = frozenset(
    {
        "title",
        "description",
        "event",
        "session_type",
        "recorded_on",
        "language",
        "visibility",
        "featured",
        "publish_at",
        "themes",
        "speakers",
        "viewers",
    }
)
MAX_LIST = 50


@bp.post("/replays")
def create_draft() -> ResponseReturnValue:
    """Create a draft replay (editors); its recording and transcripts are attached afterwards."""
    editor_id("create replays")
    body = json_object("the new replay's details")
    details = read_details(body)
    try:
        replay = create_replay(details)
    except DetailsError as err:
        raise ApiError(str(err)) from None
    record(AuditAction.CREATE, f"Created the replay “{replay.title}”.", replay=replay)
    location = url_for("api.get_replay", replay_id=replay.id)
    return jsonify(replay_json(replay)), 201, {"Location": location}


def read_details(body: dict[str, Any]) -> DetailsInput:
    """The details of a new replay from a JSON object; ApiError naming the first problem."""
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise ApiError(f"Unknown or read-only fields: {', '.join(unknown)}.")
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ApiError("'title' is required: a non-empty text of at most 300 characters.")
    event = _optional_text(body, "event")
    return DetailsInput(
        title=title,
        description=_optional_text(body, "description") or "",
        event=event,
        session_type=_text(body, "session_type", "talk"),
        recorded_on=_date(body.get("recorded_on")),
        language=_text(body, "language", "fr"),
        visibility=_text(body, "visibility", "public"),
        featured=_flag(body.get("featured", False)),
        publish_at=_datetime(body.get("publish_at")),
        themes=_names(body, "themes"),
        speakers=[_speaker(value) for value in _list(body, "speakers")],
        viewers=_names(body, "viewers"),
    )


def _text(body: dict[str, Any], field: str, default: str) -> str:
    value = body.get(field, default)
    if not isinstance(value, str):
        raise ApiError(f"'{field}' must be text.")
    return value


def _optional_text(body: dict[str, Any], field: str) -> str | None:
    value = body.get(field)
    if value is not None and not isinstance(value, str):
        raise ApiError(f"'{field}' must be text or null.")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ApiError("'featured' must be true or false.")
    return value


def _date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ApiError("'recorded_on' must be a date written YYYY-MM-DD, or null.")


def _datetime(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ApiError(
        "'publish_at' must be an ISO 8601 date and time (UTC unless it says otherwise), or null."
    )


def _list(body: dict[str, Any], field: str) -> list[Any]:
    value = body.get(field, [])
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise ApiError(f"'{field}' must be a list of at most {MAX_LIST} items.")
    return value


def _names(body: dict[str, Any], field: str) -> list[str]:
    names = _list(body, field)
    if not all(isinstance(name, str) for name in names):
        raise ApiError(f"'{field}' must be a list of texts.")
    return names


def _speaker(value: object) -> SpeakerInput:
    """A speaker given by name (keeping the role and organisation they already have) or as
    ``{"name", "role", "organisation"}``."""
    if isinstance(value, str):
        known = db.session.scalar(db.select(Speaker).where(Speaker.slug == slugify(value)))
        if known is None:
            return SpeakerInput(name=value)
        return SpeakerInput(value, known.role_title or "", known.organisation or "")
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        role, organisation = value.get("role") or "", value.get("organisation") or ""
        if set(value) <= {"name", "role", "organisation"} and (
            isinstance(role, str) and isinstance(organisation, str)
        ):
            return SpeakerInput(value["name"], role, organisation)
    raise ApiError(
        "Each of 'speakers' must be a name, or an object with 'name', 'role' and 'organisation'."
    )
