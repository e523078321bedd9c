"""Per-segment tables kept between searches: facet keys, field lengths, who may see what.

Whoosh never changes a segment once written (deletions aside, and deleted documents never
match), so what is read from a segment stays true until the segment is merged away. Reading
columns and postings into plain lists and sets once per segment keeps every search fast,
including the first one after a small commit, which only brings a small new segment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from whoosh.reading import IndexReader

from archive.search.postings import PostingCache
from archive.search.schema import REPLAY_COLUMN, VISIBILITIES, Facet, facet_column

_KNOWN = frozenset(VISIBILITIES)
#: The columns whose values, together, make a document's facet key.
FACET_COLUMNS = (*(facet_column(facet) for facet in Facet), REPLAY_COLUMN)

#: A segment's facet table: per document the index of its combination of column values,
#: and the combinations themselves (a replay and a speaker settle all of them).
FacetTable = tuple[list[int], list[tuple[bytes, ...]]]


class SegmentTables:
    """Lists and sets read from segments, shared by every searcher of one index."""

    def __init__(self) -> None:
        self._facets: dict[str, FacetTable] = {}
        self._lengths: dict[tuple[str, str], list[int]] = {}
        self._visible: dict[tuple[str, str], frozenset[int]] = {}
        self._hidden: dict[tuple[str, frozenset[str]], frozenset[int]] = {}
        self._lock = threading.Lock()
        #: whole posting lists, most recently used first out last
        self.postings = PostingCache()

    def facets(self, reader: IndexReader) -> FacetTable:
        """The facet keys of one segment's documents."""
        segment_id = segment_key(reader)
        found = self._facets.get(segment_id)
        if found is None:
            columns = [_read_column(reader, name) for name in FACET_COLUMNS]
            combos: dict[tuple[bytes, ...], int] = {}
            keys = [combos.setdefault(values, len(combos)) for values in zip(*columns, strict=True)]
            found = (keys, list(combos))
            with self._lock:
                self._facets[segment_id] = found
        return found

    def lengths(self, reader: IndexReader, fieldname: str) -> list[int]:
        """The length of ``fieldname`` in each of one segment's documents."""
        key = (segment_key(reader), fieldname)
        found = self._lengths.get(key)
        if found is None:
            length = reader.doc_field_length
            found = [length(docnum, fieldname, 1) for docnum in range(reader.doc_count_all())]
            with self._lock:
                self._lengths[key] = found
        return found

    def hidden(self, reader: IndexReader, visibilities: frozenset[str]) -> frozenset[int]:
        """Segment-local numbers of the documents a visitor allowed ``visibilities`` may not see."""
        segment_id = segment_key(reader)
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
        self.postings.forget_all_but(keep)
        with self._lock:
            self._facets = {k: v for k, v in self._facets.items() if k in keep}
            self._lengths = {k: v for k, v in self._lengths.items() if k[0] in keep}
            self._visible = {k: v for k, v in self._visible.items() if k[0] in keep}
            self._hidden = {k: v for k, v in self._hidden.items() if k[0] in keep}


def segment_key(reader: IndexReader) -> str:
    """What identifies a segment reader's segment ("" for the reader of an empty index)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""


def deleted_docs(reader: IndexReader) -> frozenset[int]:
    """The deleted documents of a segment (their postings stay until the segment is merged)."""
    if not reader.has_deletions():
        return frozenset()
    return frozenset(reader.deleted_docs_set)


def _read_column(reader: IndexReader, name: str) -> list[bytes]:
    if not reader.has_column(name):
        return [b""] * reader.doc_count_all()
    return list(reader.column_reader(name, translate=False))
