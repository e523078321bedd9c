"""A short-lived cache of the pages anonymous visitors see, in each web process.

Most traffic is anonymous and reads the same few pages; rendering one costs milliseconds of
database and template work, serving it from memory a few microseconds. An entry is good for
``TTL_S`` seconds and only while the replays table is unchanged (its newest ``updated_at`` and
its row count): a replay made private or unpublished stops being served at once. Signed-in
visitors, and requests carrying flashed messages, always get a fresh page. The key holds
everything a page varies with: its path and query, its language, and the scheme and host its
absolute URLs are built with (the public URL; without one, the request's own scheme and host,
so a forged ``Host`` only ever gets back the page it forged).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, request, session
from flask_babel import get_locale
from sqlalchemy import func

from archive.extensions import db
from archive.models import Replay
from archive.public_urls import url_base

TTL_S = 30.0
SIZE = 256

View = TypeVar("View", bound=Callable[..., Any])
#: (scheme and host of absolute URLs, path and query, language)
Key = tuple[str, str, str]


class PageCache:
    """Rendered pages by (URL base, path and query, language), each with the catalogue stamp it
    was made at."""

    def __init__(self, ttl_s: float = TTL_S, size: int = SIZE) -> None:
        self._items: OrderedDict[Key, tuple[float, object, str]] = OrderedDict()
        self._ttl_s, self._size = ttl_s, size
        self._lock = threading.Lock()

    def get(self, key: Key, stamp: object) -> str | None:
        """The page stored under ``key`` if it is fresh and was made at this stamp."""
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            made_at, made_stamp, html = entry
            if made_stamp != stamp or time.monotonic() - made_at > self._ttl_s:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return html

    def put(self, key: Key, stamp: object, html: str) -> None:
        """Keep a page; the least recently used go first."""
        with self._lock:
            self._items[key] = (time.monotonic(), stamp, html)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._items.clear()


def pages() -> PageCache:
    """The current app's page cache (each app has its own: tests build many apps)."""
    cache: PageCache = current_app.extensions.setdefault("archive_pages", PageCache())
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
        stamp = catalogue_stamp()
        html = pages().get(key, stamp)
        if html is None:
            result = view(*args, **kwargs)
            if not isinstance(result, str):
                return result
            pages().put(key, stamp, result)
            html = result
        return html

    return cached  # type: ignore[return-value]
