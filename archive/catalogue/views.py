"""Catalogue pages."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue

from archive.accounts.access import viewable_replay_or_404
from archive.catalogue import bp
from archive.catalogue.queries import listed_replays
from archive.catalogue.timeparam import seconds_arg
from archive.extensions import db
from archive.models import Event, Replay, Speaker

PER_PAGE = 24


def _page() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 10_000 else 1


@bp.route("/")
def home() -> ResponseReturnValue:
    """Latest and featured replays, and the events."""
    pagination = db.paginate(listed_replays(), page=_page(), per_page=PER_PAGE, error_out=False)
    featured = [r for r in pagination.items if r.featured][:1]
    events = db.session.scalars(db.select(Event).order_by(Event.year.desc().nulls_last())).all()
    return render_template(
        "catalogue/home.html", pagination=pagination, replays=pagination.items, featured=featured, events=events
    )


@bp.route("/replays/<replay_id>")
def replay(replay_id: str) -> ResponseReturnValue:
    """The replay page: player, captions, transcript, chapters."""
    replay = viewable_replay_or_404(replay_id)
    return render_template("catalogue/replay.html", replay=replay, start=seconds_arg("t") or seconds_arg("start"), end=seconds_arg("end"))


@bp.route("/events/<slug>")
def event(slug: str) -> ResponseReturnValue:
    """An event's sessions."""
    event = db.session.scalar(db.select(Event).where(Event.slug == slug)) or abort(404)
    replays = db.session.scalars(listed_replays().where(Replay.event_id == event.id)).all()
    return render_template("catalogue/event.html", event=event, replays=replays)


@bp.route("/speakers/<slug>")
def speaker(slug: str) -> ResponseReturnValue:
    """A speaker's sessions."""
    speaker = db.session.scalar(db.select(Speaker).where(Speaker.slug == slug)) or abort(404)
    replays = db.session.scalars(
        listed_replays().where(Replay.speakers.any(Speaker.id == speaker.id))
    ).all()
    return render_template("catalogue/speaker.html", speaker=speaker, replays=replays)
