"""oEmbed (https://oembed.com): a replay page or embed URL in, a ``video`` object out."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import url_for
from markupsafe import escape

from archive.branding import site_name
from archive.models import Replay
from archive.public_urls import url_base
from archive.syndication.published import poster_dimensions

_REPLAY_PATH = re.compile(r"^/(?:replays|embed)/(?P<id>[A-Za-z0-9_-]{1,32})/?$")
#: Parameters of a replay link the embedded player honours too.
PASSED_ON = ("t", "start", "end", "transcript")
DEFAULT_SIZE = (640, 360)
#: The interactive transcript sits beside the player: the frame is wider than the video.
TRANSCRIPT_EXTRA_WIDTH = 360


class NotEmbeddable(LookupError):
    """The URL does not name a replay of this site."""


def replay_id_of(url: str) -> tuple[str, dict[str, str]]:
    """The replay id named by a page or embed URL of this site, and the link's moment arguments."""
    parts = urlsplit(url.strip())
    # This site's URLs are those its pages hand out (ARCHIVE_PUBLIC_URL when set).
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(url_base()).netloc:
        raise NotEmbeddable(url)
    match = _REPLAY_PATH.match(parts.path)
    if match is None:
        raise NotEmbeddable(url)
    query = parse_qs(parts.query)
    moment = {name: query[name][0] for name in PASSED_ON if query.get(name)}
    return match.group("id"), moment


def _size(max_width: int | None, max_height: int | None, extra_width: int) -> tuple[int, int]:
    width, height = DEFAULT_SIZE[0] + extra_width, DEFAULT_SIZE[1]
    scale = min(1.0, (max_width or width) / width, (max_height or height) / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def oembed_response(
    replay: Replay, moment: dict[str, str], max_width: int | None, max_height: int | None
) -> dict[str, Any]:
    """The oEmbed ``video`` object of a replay."""
    extra = TRANSCRIPT_EXTRA_WIDTH if moment.get("transcript") in ("1", "true") else 0
    width, height = _size(max_width, max_height, extra)
    src = url_for("playback.embed", replay_id=replay.id, _external=True)
    if moment:
        src += "?" + urlencode(moment)
    html = (
        f'<iframe src="{escape(src)}" width="{width}" height="{height}" title="{escape(replay.title)}" '
        'frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>'
    )
    data: dict[str, Any] = {
        "version": "1.0",
        "type": "video",
        "title": replay.title,
        "provider_name": site_name(),
        "provider_url": url_for("catalogue.home", _external=True),
        "cache_age": 3600,
        "html": html,
        "width": width,
        "height": height,
    }
    if replay.speakers:
        data["author_name"] = ", ".join(s.name for s in replay.speakers)
        data["author_url"] = url_for(
            "catalogue.speaker", slug=replay.speakers[0].slug, _external=True
        )
    dimensions = poster_dimensions(replay)
    if dimensions:
        from archive.playback.urls import replay_urls

        data["thumbnail_url"] = replay_urls(replay, external=True)["poster"]
        data["thumbnail_width"], data["thumbnail_height"] = dimensions
    return data
