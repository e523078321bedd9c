"""Feeds, sitemap, oEmbed and robots.txt."""

from __future__ import annotations

from flask import Response, abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from archive.accounts.access import can_view, exists_for_visitors
from archive.branding import site_name
from archive.extensions import db
from archive.models import Event, Replay, ReplayStatus
from archive.params import optional_whole_arg
from archive.syndication import bp
from archive.syndication.oembed import NotEmbeddable, oembed_response, replay_id_of
from archive.syndication.published import SITEMAP_URLS, syndicated_replays
from archive.syndication.rss import build_feed
from archive.syndication.sitemap import build_sitemap

#: Feeds and sitemap change when a replay is published; readers poll, so let caches help.
CACHE = "public, max-age=300"
#: oEmbed's maxwidth and maxheight above this are refused (the frame never grows past 1000 px).
MAX_DIMENSION = 100_000


def _xml(body: bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = CACHE
    return response


@bp.route("/feed.xml")
def feed() -> ResponseReturnValue:
    """The newest public replays as an RSS podcast."""
    body = build_feed(
        site_name(),
        gettext(
            "Conference replays and masterclasses: watch the sessions, and search what was said to land on the moment it was said."
        ),
        url_for("catalogue.home", _external=True),
        url_for("syndication.feed", _external=True),
        syndicated_replays(),
    )
    return _xml(body, "application/rss+xml")


@bp.route("/events/<slug>/feed.xml")
def event_feed(slug: str) -> ResponseReturnValue:
    """One event's public replays as an RSS podcast; 404 for an event no listed replay names
    (whoever asks: the answer is kept by shared caches)."""
    event = db.session.scalar(
        db.select(Event).where(Event.slug == slug, exists_for_visitors(Event.replays))
    )
    if event is None:
        abort(404)
    body = build_feed(
        event.name,
        event.description or event.name,
        url_for("catalogue.event", slug=event.slug, _external=True),
        url_for("syndication.event_feed", slug=event.slug, _external=True),
        syndicated_replays(event),
    )
    return _xml(body, "application/rss+xml")


@bp.route("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    """The video sitemap of public replays."""
    return _xml(build_sitemap(syndicated_replays(limit=SITEMAP_URLS - 1000)), "application/xml")


@bp.route("/robots.txt")
def robots() -> ResponseReturnValue:
    """Where crawlers find the sitemap; embeds and media are not pages to index."""
    lines = [
        "User-agent: *",
        "Disallow: /embed/",
        "Disallow: /media/",
        "Disallow: /search",
        f"Sitemap: {url_for('syndication.sitemap', _external=True)}",
    ]
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.headers["Cache-Control"] = CACHE
    return response


@bp.route("/oembed")
def oembed() -> ResponseReturnValue:
    """oEmbed JSON for a replay URL; 404 for unknown, private or unpublished replays."""
    if request.args.get("format", "json") != "json":
        return jsonify(error="Only the json format is available."), 501
    url = request.args.get("url", "")
    if not url:
        return jsonify(error="The 'url' parameter is required."), 400
    try:
        replay_id, moment = replay_id_of(url)
    except NotEmbeddable:
        return jsonify(error="This URL is not a replay of this site."), 404
    replay = db.session.get(Replay, replay_id)
    if replay is None or not can_view(replay) or replay.status != ReplayStatus.PUBLISHED:
        return jsonify(error="Not found."), 404
    response = jsonify(
        oembed_response(
            replay,
            moment,
            optional_whole_arg("maxwidth", 1, MAX_DIMENSION),
            optional_whole_arg("maxheight", 1, MAX_DIMENSION),
        )
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = (
        "public, max-age=3600" if replay.visibility == "public" else "private, max-age=60"
    )
    return response
