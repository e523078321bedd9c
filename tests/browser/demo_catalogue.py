"""The published demo catalogue, seen from a browser test: which replay to open, and helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

#: Media streaming is the video itself: not part of what a page weighs "before the video starts".
VIDEO_DATA = ("/hls/", "download.mp4")


@dataclass(frozen=True)
class DemoReplay:
    """A published demo replay as the API describes it."""

    id: str
    title: str
    page: str
    heights: list[int]


def french_replay(replays: list[DemoReplay]) -> DemoReplay:
    """The French keynote on reindustrialisation (several renditions, chapters, one speaker)."""
    return next(r for r in replays if "réindustrialisation" in r.title and len(r.heights) > 1)


@contextmanager
def fresh_page(browser: Any, language: str = "fr", width: int = 1280) -> Iterator[Any]:
    """A page in a new browser context (empty cache), recording errors and responses."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale={"fr": "fr-FR", "en": "en-GB"}[language]
    )
    page = context.new_page()
    page.console_errors = []
    page.finished = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    page.on("requestfinished", lambda request: page.finished.append(request))
    try:
        yield page
    finally:
        context.close()


def transferred_bytes(page: Any) -> int:
    """Bytes received for the page so far (headers and encoded bodies), video data left out."""
    total = 0
    for request in page.finished:
        if any(part in request.url for part in VIDEO_DATA):
            continue
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total
