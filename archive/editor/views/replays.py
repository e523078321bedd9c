"""Editor pages for replays: the list, creating, editing, publishing, unpublishing, deleting."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import or_
from werkzeug.datastructures import FileStorage

from archive.editor import bp
from archive.editor.audit import diff, record
from archive.editor.details import (
    DetailsError,
    DetailsInput,
    create_replay,
    save_details,
    snapshot,
    viewer_emails,
)
from archive.editor.forms import BLANK_SPEAKER_ROWS, ConfirmForm, DetailsForm
from archive.editor.lifecycle import LifecycleError, delete_replay, publish, unpublish
from archive.editor.speakers import SpeakerInput
from archive.editor.views.common import replay_or_404
from archive.extensions import db
from archive.models import Event, Replay, ReplayStatus, Visibility
from archive.models.audit import AuditAction
from archive.sentences import translate

PER_PAGE = 50


@bp.get("/")
def replays() -> ResponseReturnValue:
    """Every replay, newest first, with its status, visibility and running job."""
    query = db.select(Replay).order_by(Replay.created_at.desc())
    words = request.args.get("q", "").strip()[:200]
    if words:
        query = query.where(or_(Replay.title.icontains(words, autoescape=True), Replay.id == words))
    status = request.args.get("status", "")
    if status in {s.value for s in ReplayStatus}:
        query = query.where(Replay.status == ReplayStatus(status))
    visibility = request.args.get("visibility", "")
    if visibility in {v.value for v in Visibility}:
        query = query.where(Replay.visibility == Visibility(visibility))
    page = request.args.get("page", "1")
    pagination = db.paginate(
        query, page=int(page) if page.isdigit() else 1, per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "editor/replays.html",
        pagination=pagination,
        replays=pagination.items,
        statuses=list(ReplayStatus),
        visibilities=list(Visibility),
        words=words,
        status=status,
        visibility=visibility,
    )


@bp.route("/replays/new", methods=["GET", "POST"])
def new_replay() -> ResponseReturnValue:
    """Create a draft replay from its details; the recording is uploaded afterwards."""
    form = DetailsForm()
    if request.method == "GET":
        _add_blank_speakers(form)
    if form.validate_on_submit():
        try:
            replay = create_replay(_details(form))
        except DetailsError as err:
            form.title.errors.append(translate(err))
        else:
            record(AuditAction.CREATE, f"Created the replay “{replay.title}”.", replay=replay)
            flash(_("Replay created as a draft."), "success")
            return redirect(url_for("editor.edit_replay", replay_id=replay.id))
    return _details_page(form, None), 400 if request.method == "POST" else 200


@bp.route("/replays/<replay_id>", methods=["GET", "POST"])
def edit_replay(replay_id: str) -> ResponseReturnValue:
    """Change a replay's details: title, event, type, date, speakers, themes, visibility."""
    replay = replay_or_404(replay_id)
    form = DetailsForm() if request.method == "POST" else _filled_form(replay)
    if form.validate_on_submit():
        before = snapshot(replay)
        try:
            save_details(replay, _details(form))
        except DetailsError as err:
            form.title.errors.append(translate(err))
        else:
            changes = diff(before, snapshot(replay))
            if changes:
                fields = ", ".join(changes)
                record(AuditAction.EDIT, f"Changed {fields}.", replay=replay, changes=changes)
            flash(_("Details saved."), "success")
            return redirect(url_for("editor.edit_replay", replay_id=replay.id))
    status = 400 if request.method == "POST" else 200
    return _details_page(form, replay), status


@bp.post("/replays/<replay_id>/publish")
def publish_replay(replay_id: str) -> ResponseReturnValue:
    """Publish a processed replay."""
    replay = replay_or_404(replay_id)
    return _lifecycle(
        replay, publish, AuditAction.PUBLISH, "Published the replay.", _("Published.")
    )


@bp.post("/replays/<replay_id>/unpublish")
def unpublish_replay(replay_id: str) -> ResponseReturnValue:
    """Take a published replay down (kept as a draft, media kept)."""
    replay = replay_or_404(replay_id)
    return _lifecycle(
        replay,
        unpublish,
        AuditAction.UNPUBLISH,
        "Unpublished the replay.",
        _("Unpublished: only editors see it now."),
    )


@bp.route("/replays/<replay_id>/delete", methods=["GET", "POST"])
def delete(replay_id: str) -> ResponseReturnValue:
    """Ask for confirmation, then delete the replay, its media and its index entries."""
    replay = replay_or_404(replay_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = replay.title
        problems = delete_replay(replay)
        record(
            AuditAction.DELETE,
            f"Deleted the replay “{title}” and its media.",
            replay_id=replay_id,
            subject=title,
        )
        flash(_("“%(title)s” was deleted.", title=title), "success")
        for problem in problems:
            flash(_("Some media could not be removed: %(problem)s", problem=problem), "error")
        return redirect(url_for("editor.replays"))
    return render_template("editor/delete.html", replay=replay, form=form)


def _lifecycle(
    replay: Replay,
    move: Callable[[Replay], None],
    action: AuditAction,
    summary: str,
    done: str,
) -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        try:
            move(replay)
        except LifecycleError as err:
            flash(translate(err), "error")
        else:
            record(action, summary, replay=replay)
            flash(done, "success")
    return redirect(url_for("editor.edit_replay", replay_id=replay.id))


def _filled_form(replay: Replay) -> DetailsForm:
    form = DetailsForm(
        data={
            "title": replay.title,
            "description": replay.description,
            "event": replay.event.name if replay.event else "",
            "session_type": replay.session_type.value,
            "recorded_on": replay.recorded_on,
            "language": replay.language,
            "visibility": replay.visibility.value,
            "featured": replay.featured,
            "publish_at": replay.publish_at.replace(tzinfo=None) if replay.publish_at else None,
            "themes": ", ".join(t.name for t in replay.themes),
            "speakers": [
                {
                    "name": s.name,
                    "role_title": s.role_title or "",
                    "organisation": s.organisation or "",
                }
                for s in replay.speakers
            ],
            "viewers": "\n".join(viewer_emails(replay)),
        }
    )
    _add_blank_speakers(form)
    return form


def _add_blank_speakers(form: DetailsForm) -> None:
    for _blank in range(BLANK_SPEAKER_ROWS):
        form.speakers.append_entry()


def _details(form: DetailsForm) -> DetailsInput:
    speakers = [
        SpeakerInput(
            name=row.form.name.data or "",
            role_title=row.form.role_title.data or "",
            organisation=row.form.organisation.data or "",
            photo=row.form.photo.data if isinstance(row.form.photo.data, FileStorage) else None,
            remove_photo=bool(row.form.remove_photo.data),
        )
        for row in form.speakers
    ]
    return DetailsInput(
        title=form.title.data or "",
        description=form.description.data or "",
        event=form.event.data or None,
        session_type=form.session_type.data,
        recorded_on=form.recorded_on.data,
        language=form.language.data,
        visibility=form.visibility.data,
        featured=bool(form.featured.data),
        publish_at=form.publish_at.data,
        themes=[t for t in (form.themes.data or "").split(",") if t.strip()],
        speakers=speakers,
        viewers=[e for e in re.split(r"[\s,;]+", form.viewers.data or "") if e],
    )


def _details_page(form: DetailsForm, replay: Replay | None) -> str:
    events = db.session.scalars(db.select(Event.name).order_by(Event.name)).all()
    photos = {
        s.name: url_for("catalogue.speaker_photo", slug=s.slug)
        for s in (replay.speakers if replay else [])
        if s.photo_key
    }
    return render_template(
        "editor/details.html",
        form=form,
        replay=replay,
        events=events,
        photos=photos,
        confirm=ConfirmForm(),
    )
