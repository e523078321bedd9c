"""The sitemap, with Google's video extension for every public replay."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from flask import url_for

from archive.catalogue.structured_data import aware, replay_description
from archive.extensions import db
from archive.models import Event, Replay, Speaker, Theme
from archive.playback.urls import replay_urls

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
VIDEO = "http://www.google.com/schemas/sitemap-video/1.1"
ET.register_namespace("", SITEMAP)
ET.register_namespace("video", VIDEO)
#: Google's limits: descriptions of 2,048 characters, durations from 1 s to 8 h, 32 tags.
MAX_DESCRIPTION, MAX_DURATION, MAX_TAGS = 2048, 28_800, 32


def _sub(parent: ET.Element, namespace: str, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _page(urlset: ET.Element, loc: str) -> ET.Element:
    url = _sub(urlset, SITEMAP, "url")
    _sub(url, SITEMAP, "loc", loc)
    return url


def _video(urlset: ET.Element, replay: Replay) -> None:
    urls = replay_urls(replay, external=True)
    url = _page(urlset, urls["page"])
    _sub(url, SITEMAP, "lastmod", replay.updated_at.date().isoformat())
    if "poster" not in urls or "mp4" not in urls:
        return
    video = _sub(url, VIDEO, "video")
    _sub(video, VIDEO, "thumbnail_loc", urls["poster"])
    _sub(video, VIDEO, "title", replay.title[:100])
    _sub(video, VIDEO, "description", replay_description(replay)[:MAX_DESCRIPTION])
    _sub(video, VIDEO, "content_loc", urls["mp4"])
    _sub(video, VIDEO, "player_loc", url_for("playback.embed", replay_id=replay.id, _external=True))
    if replay.duration:
        _sub(video, VIDEO, "duration", str(min(MAX_DURATION, max(1, round(replay.duration)))))
    if replay.published_at:
        _sub(video, VIDEO, "publication_date", aware(replay.published_at).isoformat())
    _sub(video, VIDEO, "family_friendly", "yes")
    _sub(video, VIDEO, "live", "no")
    for theme in replay.themes[:MAX_TAGS]:
        _sub(video, VIDEO, "tag", theme.name)


def build_sitemap(replays: list[Replay]) -> bytes:
    """The sitemap: home, events, themes and speakers with public replays, and the replays."""
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    _page(urlset, url_for("catalogue.home", _external=True))
    shown = {replay.id for replay in replays}
    for model, endpoint in (
        (Event, "catalogue.event"),
        (Theme, "catalogue.theme"),
        (Speaker, "catalogue.speaker"),
    ):
        for item in db.session.scalars(db.select(model).order_by(model.slug)):
            if any(replay.id in shown for replay in item.replays):
                _page(urlset, url_for(endpoint, slug=item.slug, _external=True))
    for replay in replays:
        _video(urlset, replay)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
