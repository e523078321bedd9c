"""RSS 2.0 with podcast enclosures: the newest public replays, for podcast apps and readers.

Apple's podcast tags (``itunes:``) and the Podcast Index namespace's ``podcast:transcript``
let apps show durations, pictures and the transcript of each episode.
"""

from __future__ import annotations

from email.utils import format_datetime
from xml.etree import ElementTree as ET

from flask import url_for

from archive.catalogue.structured_data import aware, replay_description
from archive.models import MediaKind, Replay
from archive.playback.urls import replay_urls
from archive.syndication.published import media_size
from archive.times import utcnow

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM = "http://www.w3.org/2005/Atom"
PODCAST = "https://podcastindex.org/namespace/1.0"
for _prefix, _uri in (("itunes", ITUNES), ("atom", ATOM), ("podcast", PODCAST)):
    ET.register_namespace(_prefix, _uri)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _item(channel: ET.Element, replay: Replay) -> None:
    urls = replay_urls(replay, external=True)
    item = _sub(channel, "item")
    _sub(item, "title", replay.title)
    _sub(item, "link", urls["page"])
    _sub(item, "guid", urls["page"], isPermaLink="true")
    _sub(item, "description", replay_description(replay))
    published = replay.published_at or replay.created_at
    _sub(item, "pubDate", format_datetime(aware(published)))
    for theme in replay.themes:
        _sub(item, "category", theme.name)
    if "mp4" in urls and replay.mp4_key:
        kind = "audio/mp4" if replay.media_kind == MediaKind.AUDIO else "video/mp4"
        _sub(
            item,
            "enclosure",
            url=urls["mp4"],
            length=str(media_size(replay, replay.mp4_key)),
            type=kind,
        )
    if replay.duration:
        _sub(item, f"{{{ITUNES}}}duration", str(round(replay.duration)))
    if replay.speakers:
        _sub(item, f"{{{ITUNES}}}author", ", ".join(s.name for s in replay.speakers))
    if "poster" in urls:
        _sub(item, f"{{{ITUNES}}}image", href=urls["poster"])
    _sub(item, f"{{{ITUNES}}}explicit", "false")
    if "captions" in urls:
        _sub(
            item,
            f"{{{PODCAST}}}transcript",
            url=urls["captions"],
            type="text/vtt",
            language=replay.language,
        )


def build_feed(
    title: str, description: str, page_url: str, self_url: str, replays: list[Replay]
) -> bytes:
    """The RSS document of these replays."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", title)
    _sub(channel, "link", page_url)
    _sub(channel, "description", description)
    _sub(channel, "language", "fr")
    _sub(channel, "generator", "replay-archive")
    _sub(channel, "lastBuildDate", format_datetime(utcnow()))
    _sub(channel, f"{{{ATOM}}}link", href=self_url, rel="self", type="application/rss+xml")
    _sub(channel, f"{{{ITUNES}}}author", title)
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    _sub(channel, f"{{{ITUNES}}}category", text="Business")
    _sub(
        channel,
        f"{{{ITUNES}}}image",
        href=url_for("catalogue.asset", filename="img/podcast.png", _external=True),
    )
    for replay in replays:
        _item(channel, replay)
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
