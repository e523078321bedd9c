"""Facet counts over a whole result set, fast enough to run on every search.

Whoosh segments never change once written, so each segment's facet columns are read into
plain lists once and kept until the segment is merged away; a search then counts its
matching document numbers with a :class:`~collections.Counter` per facet.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence

from whoosh.reading import IndexReader

from archive.search.schema import FACET_SEPARATOR, Facet, facet_column

#: A facet entry: the value to filter on, the label to show, and how many moments have it.
FacetValue = tuple[str, str, int]

MAX_FACET_VALUES = 20
_LANGUAGE_LABELS = {"fr": "Français", "en": "English"}
#: The columns read per segment: each facet's, and the replay id (moments per replay).
REPLAY_COLUMN = "replay_id"


class FacetTables:
    """Per-segment lists of column values, shared by every searcher of one index."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, list[bytes]]] = {}
        self._lock = threading.Lock()

    def for_segment(self, reader: IndexReader) -> dict[str, list[bytes]]:
        """The column lists of one segment reader (read on first use)."""
        segment_id = reader.segment().segment_id()
        tables = self._tables.get(segment_id)
        if tables is None:
            columns = [facet_column(facet) for facet in Facet] + [REPLAY_COLUMN]
            tables = {name: _read_column(reader, name) for name in columns}
            with self._lock:
                self._tables[segment_id] = tables
        return tables

    def forget_all_but(self, segment_ids: Iterable[str]) -> None:
        """Drop the lists of segments that are gone (merged or replaced by a rebuild)."""
        keep = set(segment_ids)
        with self._lock:
            for segment_id in list(self._tables):
                if segment_id not in keep:
                    del self._tables[segment_id]


def _read_column(reader: IndexReader, name: str) -> list[bytes]:
    if not reader.has_column(name):
        return [b""] * reader.doc_count_all()
    return list(reader.column_reader(name, translate=False))


class FacetCounter:
    """Accumulates facet and per-replay counts segment by segment."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[bytes]] = {name: Counter() for name in Facet}
        self.per_replay: Counter[bytes] = Counter()

    def add(self, tables: dict[str, list[bytes]], docnums: Sequence[int]) -> None:
        """Count the matching documents (segment-local numbers) of one segment."""
        for facet in Facet:
            column = tables[facet_column(facet)]
            self.counts[facet].update(map(column.__getitem__, docnums))
        self.per_replay.update(map(tables[REPLAY_COLUMN].__getitem__, docnums))

    def facets(self, limit: int = MAX_FACET_VALUES) -> dict[str, list[FacetValue]]:
        """Each facet's values, most frequent first, at most ``limit`` of them."""
        result: dict[str, list[FacetValue]] = {}
        for facet in Facet:
            values: list[FacetValue] = []
            for raw, count in self.counts[facet].items():
                if raw:
                    value, _, label = raw.decode("utf-8").partition(FACET_SEPARATOR)
                    if facet is Facet.LANGUAGE:
                        label = _LANGUAGE_LABELS.get(value, value)
                    values.append((value, label or value, count))
            values.sort(key=lambda v: (-v[2], v[1].casefold()))
            result[facet.value] = values[:limit]
        return result

    def moments_of(self, replay_id: str) -> int:
        """How many matching moments a replay has in the whole result set."""
        return self.per_replay[replay_id.encode("utf-8")]
