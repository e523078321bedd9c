"""The search index's own errors, each one clear sentence."""

from __future__ import annotations


class SearchIndexError(Exception):
    """Base class of the search index's errors."""


class IndexBusy(SearchIndexError):
    """Another writer held the index longer than the lock timeout."""


class IndexUnavailable(SearchIndexError):
    """The index is missing or unreadable; rebuilding it from the catalogue fixes it."""
