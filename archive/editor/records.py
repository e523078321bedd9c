"""Events and speakers edited from the admin pages: saved with their audit entry."""

from __future__ import annotations

from typing import Any

from archive.editor.audit import diff, record
from archive.extensions import db
from archive.models import Event, Speaker
from archive.models.audit import AuditAction
from archive.sentences import N_
from archive.text import slugify

EVENT_FIELDS = ("name", "starts_on", "ends_on", "location", "description")
SPEAKER_FIELDS = ("name", "role_title", "organisation", "bio")


class RecordError(ValueError):
    """A change that cannot be saved; the message is one sentence for the user."""


def _values(thing: Event | Speaker, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(thing, name)) for name in fields}


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def save_event(event: Event | None, data: dict[str, Any]) -> tuple[Event, bool]:
    """Create or change an event; returns it and whether anything changed (logged if so)."""
    return _save(Event, event, data, EVENT_FIELDS, "event")


def save_speaker(speaker: Speaker | None, data: dict[str, Any]) -> tuple[Speaker, bool]:
    """Create or change a speaker; returns it and whether anything changed (logged if so)."""
    return _save(Speaker, speaker, data, SPEAKER_FIELDS, "speaker")


def _save(model: Any, thing: Any, data: dict[str, Any], fields: tuple[str, ...], kind: str) -> Any:
    name = data["name"].strip()
    slug = slugify(name)
    if thing is None:
        if db.session.scalar(db.select(model.id).where(model.slug == slug)) is not None:
            raise RecordError(
                N_("A %(kind)s named %(name)r already exists.") % {"kind": kind, "name": name}
            )
        thing = model(slug=slug, name=name)
        db.session.add(thing)
        before: dict[str, Any] = {}
    else:
        before = _values(thing, fields)
    for field in fields:
        value = data.get(field)
        if isinstance(value, str):
            value = value.strip()
        if field in ("description", "bio"):
            value = value or ""
        elif field not in ("name", "starts_on", "ends_on"):
            value = value or None
        setattr(thing, field, value)
    if isinstance(thing, Event) and thing.starts_on is not None:
        thing.year = thing.starts_on.year
    changes = diff(before, _values(thing, fields))
    if not changes:
        db.session.rollback()
        return thing, False
    db.session.flush()
    verb = "Created" if not before else "Changed"
    # The audit log's action list is a CHECK constraint; catalogue changes are edits.
    record(AuditAction.EDIT, f"{verb} the {kind} {name!r}.", subject=name, changes=changes)
    return thing, True
