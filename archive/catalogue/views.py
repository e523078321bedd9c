"""Catalogue pages: home, replay, event, speaker and theme pages, frames and static assets."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, abort, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import BadRequest, HTTPException, SecurityError

from archive import services
from archive.accounts.access import (
    exists_for_user,
    exists_for_visitors,
    listed_visibilities,
    released_for_user,
    viewable_replay_or_404,
)
from archive.catalogue import bp
from archive.catalogue.assets import send_asset
from archive.catalogue.filters import media_version
from archive.catalogue.listing import SORT_LABELS, Listing, replays_for_cards
from archive.catalogue.page_cache import anonymous_page_cache
from archive.catalogue.pictures import PICTURES, THUMB_WIDTHS
from archive.catalogue.queries import named_or_404
from archive.catalogue.related import related_replays, speaker_moments
from archive.catalogue.storyboard import tile_at
from archive.catalogue.structured_data import open_graph, video_object
from archive.catalogue.timeparam import seconds_arg
from archive.extensions import db
from archive.models import (
    Cue,
    Event,
    Replay,
    ReplayStatus,
    SessionType,
    Speaker,
    Theme,
    Transcript,
    Visibility,
)
from archive.params import BadParameter, whole_arg
from archive.playback.urls import replay_urls
from archive.search.marks import transcript_marks
from archive.sentences import translate
from archive.storage import ObjectNotFound
from archive.storage.content_types import content_type_for
from archive.text import fold

PER_PAGE = 24
MAX_PAGE = 9999
#: What the replay page shows, loaded up front rather than one lazy query at a time.
REPLAY_PAGE_LOADS = [
    joinedload(Replay.event),
    selectinload(Replay.speakers),
    selectinload(Replay.themes),
    selectinload(Replay.chapters),
    selectinload(Replay.renditions),
    selectinload(Replay.transcripts).selectinload(Transcript.cues).joinedload(Cue.speaker),
]
#: The event page shows sessions in this order of types.
TYPE_ORDER = list(SessionType)


def _page() -> int:
    return whole_arg("page", 1, 1, MAX_PAGE)


def _filter_choices() -> dict[str, object]:
    """What the list filters offer: the events and themes the visitor may see, session types
    and sorts."""
    return {
        "all_events": db.session.scalars(
            db.select(Event)
            .where(exists_for_user(Event.replays))
            .order_by(Event.year.desc().nulls_last(), Event.name)
        ).all(),
        "all_themes": sorted(
            db.session.scalars(db.select(Theme).where(exists_for_user(Theme.replays))).all(),
            key=lambda t: fold(t.name),
        ),
        "session_types": TYPE_ORDER,
        "sort_labels": SORT_LABELS,
    }


@bp.route("/")
@anonymous_page_cache
def home() -> ResponseReturnValue:
    """Featured and latest replays, events and themes; sorting, filters and pages."""
    listing = Listing.from_args(request.args)
    pagination = db.paginate(
        listing.apply(replays_for_cards()), page=_page(), per_page=PER_PAGE, error_out=False
    )
    featured = None
    if not listing.filtered and pagination.page == 1:
        featured = db.session.scalar(
            replays_for_cards()
            .where(Replay.featured, Replay.status == ReplayStatus.PUBLISHED)
            .limit(1)
        )
    counts = dict(
        db.session.execute(
            db.select(Replay.event_id, func.count())
            .where(
                Replay.visibility.in_(listed_visibilities()),
                Replay.status == ReplayStatus.PUBLISHED,
                released_for_user(),
            )
            .group_by(Replay.event_id)
        ).all()
    )
    return render_template(
        "catalogue/home.html",
        pagination=pagination,
        replays=pagination.items,
        featured=featured,
        listing=listing,
        event_counts=counts,
        **_filter_choices(),
    )


@bp.route("/replays/<replay_id>")
@anonymous_page_cache
def replay(replay_id: str) -> ResponseReturnValue:
    """The replay page: player, transcript, chapters, sharing and related replays."""
    db.session.get(Replay, replay_id, options=REPLAY_PAGE_LOADS)  # one query per relation
    replay = viewable_replay_or_404(replay_id)
    start = seconds_arg("t")
    if start is None:
        start = seconds_arg("start")
    published = replay.status == ReplayStatus.PUBLISHED
    query = request.args.get("q", "").strip()
    return render_template(
        "catalogue/replay.html",
        replay=replay,
        urls=replay_urls(replay),
        start=start,
        query=query,
        marks=transcript_marks(query, replay.tracks) if published and query else {},
        end=seconds_arg("end"),
        related=related_replays(replay) if published else [],
        structured_data=video_object(replay) if published else None,
        open_graph=open_graph(replay, str(get_locale())),
        indexable=replay.visibility == Visibility.PUBLIC and published,
    )


@bp.route("/events/<slug>")
@anonymous_page_cache
def event(slug: str) -> ResponseReturnValue:
    """An event's sessions, grouped by type: keynotes, masterclasses, round tables..."""
    event = named_or_404(Event, slug)
    replays = db.session.scalars(replays_for_cards().where(Replay.event_id == event.id)).all()
    groups = [(kind, [r for r in replays if r.session_type == kind]) for kind in TYPE_ORDER]
    return render_template(
        "catalogue/event.html", event=event, groups=[g for g in groups if g[1]], count=len(replays)
    )


@bp.route("/speakers/<slug>")
@anonymous_page_cache
def speaker(slug: str) -> ResponseReturnValue:
    """A speaker: who they are, their sessions, and lines they said."""
    speaker = named_or_404(Speaker, slug)
    replays = db.session.scalars(
        replays_for_cards().where(Replay.speakers.any(Speaker.id == speaker.id))
    ).all()
    return render_template(
        "catalogue/speaker.html",
        speaker=speaker,
        replays=replays,
        moments=speaker_moments(speaker, list(replays)),
    )


@bp.route("/speakers/<slug>/photo")
def speaker_photo(slug: str) -> ResponseReturnValue:
    """A speaker's photo, from the media store."""
    speaker = named_or_404(Speaker, slug)
    # Shared caches may keep it only when every visitor may see it.
    for_anyone = db.session.scalar(
        db.select(exists_for_visitors(Speaker.replays)).where(Speaker.id == speaker.id)
    )
    return _stored_picture(speaker.photo_key, bool(for_anyone))


@bp.route("/events/<slug>/cover")
def event_cover(slug: str) -> ResponseReturnValue:
    """An event's cover picture, from the media store."""
    event = named_or_404(Event, slug)
    for_anyone = db.session.scalar(
        db.select(exists_for_visitors(Event.replays)).where(Event.id == event.id)
    )
    return _stored_picture(event.cover_key, bool(for_anyone))


def _stored_picture(key: str | None, for_anyone: bool) -> Response:
    if not key:
        abort(404)
    try:
        with services.storage().open_stream(key) as stream:
            body = stream.read()
    except (ObjectNotFound, FileNotFoundError):
        abort(404)
    response = Response(body, mimetype=content_type_for(key))
    response.headers["Cache-Control"] = (
        "public, max-age=86400" if for_anyone else "private, max-age=60"
    )
    return response


@bp.route("/themes/<slug>")
@anonymous_page_cache
def theme(slug: str) -> ResponseReturnValue:
    """The replays of one theme, across events, sorted and filtered as asked."""
    theme = named_or_404(Theme, slug)
    listing = Listing.from_args(request.args)
    query = listing.apply(replays_for_cards().where(Replay.themes.any(Theme.id == theme.id)))
    pagination = db.paginate(query, page=_page(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "catalogue/theme.html",
        theme=theme,
        pagination=pagination,
        replays=pagination.items,
        listing=listing,
        **_filter_choices(),
    )


def _published_or_404(replay_id: str) -> Replay:
    replay = viewable_replay_or_404(replay_id)
    if replay.status != ReplayStatus.PUBLISHED or not replay.media_prefix:
        abort(404)
    return replay


def _picture(replay: Replay, make: Callable[[], bytes]) -> Response:
    """A picture made from a published file; 404 when the file is missing."""
    try:
        body = make()
    except (ObjectNotFound, FileNotFoundError):
        abort(404)
    response = Response(body, mimetype="image/jpeg")
    public = replay.visibility == Visibility.PUBLIC
    # The URL carries the media version (v=), so a new version gets a new URL.
    versioned = request.args.get("v") == media_version(replay)
    response.headers["Cache-Control"] = (
        ("public, max-age=31536000, immutable" if versioned else "public, max-age=3600")
        if public
        else "private, max-age=60"
    )
    return response


@bp.route("/replays/<replay_id>/frame.jpg")
def frame(replay_id: str) -> ResponseReturnValue:
    """The storyboard picture at ``?t=`` (the poster when there is no storyboard)."""
    replay = _published_or_404(replay_id)
    if not replay.storyboard_key:
        return thumbnail(replay_id)
    storage = services.storage()
    vtt_key = replay.media_key(replay.storyboard_key)

    def make() -> bytes:
        tile = tile_at(PICTURES.tiles(storage, vtt_key), seconds_arg("t") or 0.0)
        if tile is None or "/" in tile.image or tile.image.startswith("."):
            abort(404)
        return PICTURES.frame(storage, vtt_key.rsplit("/", 1)[0] + "/" + tile.image, tile.box)

    return _picture(replay, make)


@bp.route("/replays/<replay_id>/thumb.jpg")
def thumbnail(replay_id: str) -> ResponseReturnValue:
    """The poster scaled down to ``?w=`` (320 or 640) pixels wide, for lists."""
    replay = _published_or_404(replay_id)
    if not replay.poster_key:
        abort(404)
    width = whole_arg("w", THUMB_WIDTHS[0], 1, 10_000)
    if width not in THUMB_WIDTHS:
        width = THUMB_WIDTHS[0]
    key = replay.media_key(replay.poster_key)
    return _picture(replay, lambda: PICTURES.thumbnail(services.storage(), key, width))


@bp.app_errorhandler(404)
def not_found(error: HTTPException) -> ResponseReturnValue:
    """A page saying what to do next; machines (API, media, oEmbed) get a bare answer."""
    if request.path.startswith(("/api/", "/media/", "/oembed", "/assets/")):
        return error
    return render_template("errors/404.html"), 404


@bp.app_errorhandler(BadParameter)
@bp.app_errorhandler(SecurityError)
def bad_parameter(error: BadRequest) -> ResponseReturnValue:
    """The sentence naming what is wrong with the request, on the error page; JSON for oEmbed."""
    if isinstance(error, SecurityError) or request.path.startswith(("/media/", "/assets/")):
        return error  # a refused host has no URL adapter to build a page with
    if request.path.startswith("/oembed"):
        return jsonify(error=error.description), 400
    sentence = translate(error.description or "")
    return render_template("errors/error.html", code=400, sentence=sentence), 400


@bp.route("/assets/<path:filename>")
def asset(filename: str) -> ResponseReturnValue:
    """A static file, compressed, cacheable for a year when its URL carries its version."""
    return send_asset(filename)
