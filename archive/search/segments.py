"""Per-segment tables kept between searches: facet columns and who may see each document.

Whoosh never changes a segment once written (deletions aside, and deleted documents never
match), so what is read from a segment stays true until the segment is merged away. Reading
columns into lists and visibility postings into sets once per segment keeps every search
fast, including the first one after a small commit, which only brings a small new segment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from whoosh.reading import IndexReader

from archive.search.schema import REPLAY_COLUMN, VISIBILITIES, Facet, facet_column

_COLUMNS = (*(facet_column(facet) for facet in Facet), REPLAY_COLUMN)
_KNOWN = frozenset(VISIBILITIES)


class SegmentTables:
    """Lists and sets read from segments, shared by every searcher of one index."""

    def __init__(self) -> None:
        self._columns: dict[str, dict[str, list[bytes]]] = {}
        self._visible: dict[tuple[str, str], frozenset[int]] = {}
        self._hidden: dict[tuple[str, frozenset[str]], frozenset[int]] = {}
        self._lock = threading.Lock()

    def columns(self, reader: IndexReader) -> dict[str, list[bytes]]:
        """The facet and replay-id columns of one segment, document by document."""
        segment_id = reader.segment().segment_id()
        found = self._columns.get(segment_id)
        if found is None:
            found = {name: _read_column(reader, name) for name in _COLUMNS}
            with self._lock:
                self._columns[segment_id] = found
        return found

    def hidden(self, reader: IndexReader, visibilities: frozenset[str]) -> frozenset[int]:
        """Segment-local numbers of the documents a visitor allowed ``visibilities`` may not see."""
        segment_id = reader.segment().segment_id()
        key = (segment_id, visibilities & _KNOWN)
        found = self._hidden.get(key)
        if found is None:
            hidden: set[int] = set()
            for visibility in VISIBILITIES:
                if visibility not in visibilities:
                    hidden.update(self._with_visibility(reader, segment_id, visibility))
            found = frozenset(hidden)
            with self._lock:
                self._hidden[key] = found
        return found

    def _with_visibility(self, reader: IndexReader, segment_id: str, value: str) -> frozenset[int]:
        key = (segment_id, value)
        found = self._visible.get(key)
        if found is None:
            found = frozenset()
            if ("visibility", value.encode()) in reader:
                found = frozenset(reader.postings("visibility", value).all_ids())
            with self._lock:
                self._visible[key] = found
        return found

    def forget_all_but(self, segment_ids: Iterable[str]) -> None:
        """Drop what was read from segments that no longer exist."""
        keep = set(segment_ids)
        with self._lock:
            for segment_id in [s for s in self._columns if s not in keep]:
                del self._columns[segment_id]
            for key in [k for k in self._visible if k[0] not in keep]:
                del self._visible[key]
            for hidden_key in [k for k in self._hidden if k[0] not in keep]:
                del self._hidden[hidden_key]


def _read_column(reader: IndexReader, name: str) -> list[bytes]:
    if not reader.has_column(name):
        return [b""] * reader.doc_count_all()
    return list(reader.column_reader(name, translate=False))
