"""The app's search index: one :class:`SearchIndex` per app, on the instance's index folder."""

from __future__ import annotations

from flask import current_app

from archive import services
from archive.search.engine.index import SearchIndex


def search_index() -> SearchIndex:
    """The Whoosh index in ARCHIVE_INDEX_DIR, built on first use and kept with the app."""
    cache = current_app.extensions["archive"]
    if "index" not in cache:
        settings = services.settings()
        cache["index"] = SearchIndex(settings.index_dir, cache_size=settings.search_cache_size)
    index: SearchIndex = cache["index"]
    return index
