"""An event's cover picture and a speaker's photo, set from the admin pages, each change audited."""

from __future__ import annotations

from werkzeug.datastructures import FileStorage

from archive import services
from archive.editor.audit import record
from archive.editor.photos import store_photo
from archive.extensions import db
from archive.models import Event, Speaker
from archive.models.audit import AuditAction
from archive.storage import StorageError

#: Covers are shown across an event page: wider than a speaker's photo.
COVER_BOX = (1600, 900)


def change_picture(thing: Event | Speaker, upload: FileStorage | None, remove: bool) -> bool:
    """Store ``upload`` as the picture of ``thing``, or remove it; whether anything changed.

    Raises PhotoError when the upload is not a picture the site can use.
    """
    is_event = isinstance(thing, Event)
    attribute = "cover_key" if is_event else "photo_key"
    old: str | None = getattr(thing, attribute)
    if upload is not None and upload.filename:
        if is_event:
            new: str | None = store_photo(upload, thing.slug, folder="events", box=COVER_BOX)
        else:
            new = store_photo(upload, thing.slug)
    elif remove and old:
        new = None
    else:
        return False
    setattr(thing, attribute, new)
    what = "cover picture of the event" if is_event else "photo of the speaker"
    verb = "Removed" if new is None else "Changed"
    record(
        AuditAction.EDIT,
        f"{verb} the {what} {thing.name!r}.",
        subject=thing.name,
        changes={attribute: (old, new)},
    )
    if old:
        _forget(old)
    return True


def _forget(key: str) -> None:
    """Remove a replaced picture unless something still shows it."""
    still_shown = db.session.scalar(
        db.select(Speaker.id).where(Speaker.photo_key == key)
    ) or db.session.scalar(db.select(Event.id).where(Event.cover_key == key))
    if still_shown is None:
        try:
            services.storage().delete(key)
        except StorageError:
            pass  # an orphan picture costs a few kilobytes; the edit itself succeeded
