"""Requests that are not a person watching: robots, link previews, prefetches, other sites."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from werkzeug.datastructures import Headers

# Crawlers, link unfurlers, uptime checks and HTTP libraries name themselves in their
# User-Agent. Headless Chromium is not on the list: it is how people's tools and our own
# tests play a video, and a report is only sent once a video really plays.
_AUTOMATED_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|facebookexternalhit|embedly|preview|lighthouse"
    r"|pagespeed|monitor|uptime|curl/|wget/|python|httpx|aiohttp|go-http|java/|okhttp"
    r"|libwww|httpclient|node-fetch|axios",
    re.IGNORECASE,
)


def is_automated(headers: Headers) -> bool:
    """Whether the request comes from a robot or is a prefetch (not counted, not refused)."""
    agent = headers.get("User-Agent", "")
    if not agent.strip() or _AUTOMATED_AGENT.search(agent):
        return True
    purposes = " ".join(
        headers.get(name, "") for name in ("Purpose", "Sec-Purpose", "X-Purpose", "X-Moz")
    ).lower()
    return "prefetch" in purposes or "preview" in purposes or "prerender" in purposes


def from_elsewhere(headers: Headers, host_url: str) -> bool:
    """Whether the browser says the report was sent by a page of another site."""
    site = headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return True
    origin = headers.get("Origin")
    if origin is None:
        return False
    if origin == "null":  # a sandboxed frame, a file, a redirect across sites
        return True
    own = urlsplit(host_url)
    theirs = urlsplit(origin)
    return (theirs.scheme, theirs.netloc) != (own.scheme, own.netloc)
