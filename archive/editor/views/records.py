"""Admin pages of the catalogue: events (name, dates, place, description, cover picture) and
speakers (name, role, organisation, biography, photo)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from archive.editor import bp
from archive.editor.forms import EventForm, SpeakerForm
from archive.editor.photos import PhotoError
from archive.editor.record_pictures import change_picture
from archive.editor.records import RecordError, save_event, save_speaker
from archive.extensions import db
from archive.models import Event, Speaker
from archive.sentences import translate


@bp.get("/events")
def events() -> ResponseReturnValue:
    """Every event, to create or edit one."""
    rows = db.session.scalars(db.select(Event).order_by(Event.starts_on.desc(), Event.name)).all()
    return render_template("editor/events.html", events=rows)


@bp.route("/events/new", methods=["GET", "POST"], defaults={"event_id": None})
@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
def edit_event(event_id: int | None) -> ResponseReturnValue:
    """Create an event, or change its name, dates, place, description and cover picture."""
    event = db.session.get(Event, event_id) if event_id is not None else None
    if event_id is not None and event is None:
        abort(404)
    form = EventForm(obj=event)
    if form.validate_on_submit():
        outcome = _saved(save_event, event, form.data, form.cover.data, form.remove_cover.data)
        if outcome is not None:
            return redirect(url_for("editor.edit_event", event_id=outcome.id))
    cover = url_for("catalogue.event_cover", slug=event.slug) if event and event.cover_key else None
    return render_template(
        "editor/record.html", form=form, thing=event, kind="event", picture=cover
    )


@bp.get("/speakers")
def speakers() -> ResponseReturnValue:
    """Every speaker, to create or edit one."""
    rows = db.session.scalars(db.select(Speaker).order_by(Speaker.name)).all()
    return render_template("editor/speakers.html", speakers=rows)


@bp.route("/speakers/new", methods=["GET", "POST"], defaults={"speaker_id": None})
@bp.route("/speakers/<int:speaker_id>", methods=["GET", "POST"])
def edit_speaker(speaker_id: int | None) -> ResponseReturnValue:
    """Create a speaker, or change their name, role, organisation, biography and photo."""
    speaker = db.session.get(Speaker, speaker_id) if speaker_id is not None else None
    if speaker_id is not None and speaker is None:
        abort(404)
    form = SpeakerForm(obj=speaker)
    if form.validate_on_submit():
        outcome = _saved(save_speaker, speaker, form.data, form.photo.data, form.remove_photo.data)
        if outcome is not None:
            return redirect(url_for("editor.edit_speaker", speaker_id=outcome.id))
    photo = (
        url_for("catalogue.speaker_photo", slug=speaker.slug)
        if speaker and speaker.photo_key
        else None
    )
    return render_template(
        "editor/record.html", form=form, thing=speaker, kind="speaker", picture=photo
    )


def _saved(save: Any, thing: Any, data: dict[str, Any], picture: Any, remove: Any) -> Any:
    try:
        saved, changed = save(thing, data)
    except RecordError:
        db.session.rollback()
        flash(_("Another one already has this name; choose another name."), "error")
        return None
    upload = picture if isinstance(picture, FileStorage) else None
    try:
        changed = change_picture(saved, upload, bool(remove)) or changed
    except PhotoError as err:
        db.session.rollback()
        flash(translate(err), "error")
        return saved
    flash(_("Saved.") if changed else _("Nothing changed."), "success")
    return saved
