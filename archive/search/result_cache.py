"""Recent search results of one process, valid for exactly one version of the index.

A search is a pure function of the request (privacy filter included) and of the index
version it ran on, so an answer can be given again to the same request for as long as the
index has not changed. Every entry carries the version it was computed on; a commit, a
rebuild or an installed snapshot gives the index a new version, and from then on the old
entries are never returned (they age out of the bounded LRU).

Conference audiences search the same few words at once (the speaker just said them), which
is when a search engine needs it most; results for other words cost what they always did.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from archive.search.query import SearchRequest, SearchResults


class ResultCache:
    """The most recently asked searches and their results, for one index version each."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[Hashable, SearchRequest], SearchResults] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: Hashable, request: SearchRequest) -> SearchResults | None:
        """The results computed for ``request`` on index ``version``, if still kept."""
        key = (version, request)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, version: Hashable, request: SearchRequest, results: SearchResults) -> None:
        """Keep ``results``, dropping the least recently asked entries beyond capacity."""
        if self.capacity <= 0:
            return
        with self._lock:
            self._entries[(version, request)] = results
            self._entries.move_to_end((version, request))
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        """How many results are kept."""
        return len(self._entries)
