"""A short-lived cache of the pages anonymous visitors see, in each web process.

Most traffic is anonymous and reads the same few pages; rendering one costs milliseconds of
database and template work, serving it from memory a few microseconds. An entry is good for
about ``TTL_S`` seconds and only while the replays table is unchanged (its newest
``updated_at`` and its row count): a replay made private or unpublished stops being served at
once. Signed-in visitors, and requests carrying flashed messages, always get a fresh page. The
key holds everything a page varies with: its path and query, its language, and the scheme and
host its absolute URLs are built with (the public URL; without one, the request's own scheme
and host, so a forged ``Host`` only ever gets back the page it forged).

Under load, every request for a page would find its entry expired at the same moment, in every
web process (they filled their caches together, when the server started), and render it all at
once: a burst of identical renders on a busy CPU, and a stall for the visitors waiting behind
them (issue 15). So an entry lives a random part of ``TTL_S`` (the last ``JITTER``), and once
it has expired one request renders the page again while the others keep getting the expired
one; a page missing from the cache, or made at another catalogue stamp, is rendered by one
request while the others asking for it wait for that page. Only a page made at the current
stamp is ever served expired.
"""

from __future__ import annotations

import functools
import os
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app, request, session
from flask_babel import get_locale
from sqlalchemy import func

from archive.extensions import db
from archive.models import Replay
from archive.public_urls import url_base

TTL_S = 30.0
#: An entry expires between (1 - JITTER) × TTL_S and TTL_S after it was made.
JITTER = 0.25
SIZE = 256
#: A request waiting for another one's rendering of the same page renders it itself after this.
WAIT_S = 10.0

View = TypeVar("View", bound=Callable[..., Any])
#: (scheme and host of absolute URLs, path and query, language)
Key = tuple[str, str, str]
_making = threading.Lock()


@dataclass(frozen=True)
class Entry:
    """A rendered page, the catalogue stamp it was made at and when it expires."""

    html: str
    stamp: object
    expires_at: float


class PageCache:
    """Rendered pages by (URL base, path and query, language), each with the catalogue stamp it
    was made at; one rendering at a time per page."""

    def __init__(
        self,
        ttl_s: float = TTL_S,
        size: int = SIZE,
        *,
        jitter: float = JITTER,
        clock: Callable[[], float] = time.monotonic,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self._items: OrderedDict[Key, Entry] = OrderedDict()
        self._rendering: dict[Key, threading.Event] = {}
        self._ttl_s, self._size, self._jitter = ttl_s, size, jitter
        self._clock, self._draw = clock, draw
        self._lock = threading.Lock()
        #: The process this cache belongs to (see pages()).
        self.pid = os.getpid()

    def put(self, key: Key, stamp: object, html: str) -> None:
        """Keep a page; the least recently used go first."""
        lifetime = self._ttl_s * (1 - self._jitter * self._draw())
        with self._lock:
            self._items[key] = Entry(html, stamp, self._clock() + lifetime)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._items.clear()

    def page(self, key: Key, stamp: object, render: Callable[[], object]) -> object:
        """The page for ``key`` at ``stamp``: from the cache, else from ``render()`` (kept when
        it is a string). An expired page is served while one caller renders the new one."""
        waited = False
        while True:
            with self._lock:
                entry = self._items.get(key)
                if entry is not None and entry.stamp == stamp:
                    self._items.move_to_end(key)
                    if self._clock() < entry.expires_at or key in self._rendering:
                        return entry.html
                claim = self._rendering.get(key)
                if claim is None:
                    claim = self._rendering[key] = threading.Event()
                    break
                if waited:  # still rendering after WAIT_S, or for another stamp
                    claim = None
                    break
            # Another request is rendering this page: its result is as good as ours.
            claim.wait(WAIT_S)
            waited = True
        try:
            result = render()
            if isinstance(result, str):
                self.put(key, stamp, result)
            return result
        finally:
            if claim is not None:
                with self._lock:
                    del self._rendering[key]
                claim.set()


def pages() -> PageCache:
    """The current app's page cache in this process. Each app has its own (tests build many
    apps), and so does each process: a worker forked from the gunicorn master, which rendered
    pages to warm up, starts with none, so that the workers' pages do not all expire together."""
    cache: PageCache | None = current_app.extensions.get("archive_pages")
    if cache is None or cache.pid != os.getpid():
        with _making:
            cache = current_app.extensions.get("archive_pages")
            if cache is None or cache.pid != os.getpid():
                cache = current_app.extensions["archive_pages"] = PageCache()
    return cache


def catalogue_stamp() -> tuple[object, int]:
    """What changes whenever a replay is added, removed or changed."""
    newest, count = db.session.execute(
        db.select(func.max(Replay.updated_at), func.count(Replay.id))
    ).one()
    return newest, count


def anonymous_page_cache(view: View) -> View:
    """Serve this view's page from the cache for visitors without a session."""

    @functools.wraps(view)
    def cached(*args: Any, **kwargs: Any) -> Any:
        # An empty session means no signed-in user and no flashed message in the page; a
        # "remember me" cookie signs a user in again without one.
        remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        if request.method != "GET" or session or remembered in request.cookies:
            return view(*args, **kwargs)
        key = (url_base(), request.full_path, str(get_locale()))
        return pages().page(key, catalogue_stamp(), lambda: view(*args, **kwargs))

    return cached  # type: ignore[return-value]
