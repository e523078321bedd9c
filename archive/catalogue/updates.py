"""Changing a replay's metadata: one validated path for the API and the editor forms."""

from __future__ import annotations

from typing import Any

from archive.catalogue.operations import get_or_create_event
from archive.extensions import db
from archive.models import Replay, SessionType, Visibility
from archive.playback.rotation import discard_media, is_public, withdraw_public_media
from archive.processing.reindex import replay_changed
from archive.sentences import N_
from archive.storage import StorageError
from archive.webhooks.outbox import Exposure, announce, exposure

EDITABLE = {"title", "description", "visibility", "language", "featured", "session_type", "event"}


class ReplayUpdateError(ValueError):
    """A change that cannot be applied; the message is one sentence."""


def _choice(field: str, value: Any, allowed: list[str]) -> str:
    if value not in allowed:
        raise ReplayUpdateError(
            N_("'%(field)s' must be one of: %(allowed)s.")
            % {"field": field, "allowed": ", ".join(allowed)}
        )
    return str(value)


def update_replay(
    replay: Replay, changes: dict[str, Any], *, before: Exposure | None = None
) -> None:
    """Apply validated changes, commit, and queue the search index update; ``before`` is the
    replay's exposure when the caller changed it already (webhooks announce the difference)."""
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ReplayUpdateError(
            N_("Unknown or read-only fields: %(unknown)s.") % {"unknown": ", ".join(unknown)}
        )
    was_public = is_public(replay)
    before = before or exposure(replay)
    if "title" in changes:
        title = changes["title"]
        if not isinstance(title, str) or not title.strip() or len(title) > 300:
            raise ReplayUpdateError(
                N_("'title' must be a non-empty text of at most 300 characters.")
            )
        replay.title = title.strip()
    if "description" in changes:
        if not isinstance(changes["description"], str):
            raise ReplayUpdateError(N_("'description' must be text."))
        replay.description = changes["description"]
    if "visibility" in changes:
        replay.visibility = Visibility(
            _choice("visibility", changes["visibility"], [v.value for v in Visibility])
        )
    if "language" in changes:
        replay.language = _choice("language", changes["language"], ["fr", "en"])
    if "session_type" in changes:
        replay.session_type = SessionType(
            _choice("session_type", changes["session_type"], [t.value for t in SessionType])
        )
    if "featured" in changes:
        if not isinstance(changes["featured"], bool):
            raise ReplayUpdateError(N_("'featured' must be true or false."))
        replay.featured = changes["featured"]
    if "event" in changes:
        name = changes["event"]
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ReplayUpdateError(N_("'event' must be an event name or null."))
        replay.event = get_or_create_event(name) if name else None
    left = _withdraw_media(replay) if was_public and not is_public(replay) else None
    announce(replay, before)
    db.session.commit()
    if left:
        discard_media(replay.id, left)
    replay_changed(replay.id)


def _withdraw_media(replay: Replay) -> str | None:
    try:
        return withdraw_public_media(replay)
    except StorageError:
        raise ReplayUpdateError(
            N_(
                "The media store could not move this replay's files, so nothing was changed; "
                "try again."
            )
        ) from None
