"""Per-segment tables kept between searches: facet keys, field lengths, who may see what,
moment times and passage windows, completions.

Whoosh never changes a segment once written (deletions aside, and deleted documents never
match), so what is read from a segment stays true until the segment is merged away. Reading
columns and postings into plain lists and sets once per segment keeps every search fast,
including the first one after a small commit, which only brings a small new segment.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import ne, or_
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from archive.search.engine.completion import CompletionTable, read_tables
from archive.search.engine.documents import replay_doc_id
from archive.search.engine.lru import BoundedLRU
from archive.search.engine.passages import window_bounds
from archive.search.engine.postings import PostingCache
from archive.search.engine.ranking import FieldLengths
from archive.search.engine.schema import (
    REPLAY_COLUMN,
    START_COLUMN,
    VISIBILITIES,
    Facet,
    facet_column,
)
from archive.search.engine.whoosh_internals import (
    field_length_codes,
    float_column_values,
    ref_column_values,
)

_KNOWN = frozenset(VISIBILITIES)
#: :meth:`MomentTimes.near` lists each window's documents for fewer documents than this
#: fraction of the segment, and adds up window edges along the segment for more.
_EXPAND_BELOW = 64
#: The columns whose values, together, make a document's facet key.
FACET_COLUMNS = (*(facet_column(facet) for facet in Facet), REPLAY_COLUMN)

#: What the score cache may hold, counted in documents (about 100 bytes each); one term may
#: take a quarter of it at most.
CACHE_SCORES = 600_000

#: How many documents' stored fields are kept (a cue's: its text and ids, under a kilobyte).
CACHE_DOCUMENTS = 20_000
#: What the phrase cache may hold, counted in documents (4 bytes each).
CACHE_PHRASE_DOCS = 2_000_000

#: One term's BM25 scores in one segment: segment, field, term and the BM25 factors they were
#: computed with (the idf and the average length change when other segments do), so an entry
#: is never stale.
ScoreKey = tuple[str, str, bytes, float, float, float]

#: A segment's facet table: for each of :data:`FACET_COLUMNS`, every document's value (equal
#: values share one object, so counting them hashes each value once).
FacetTable = tuple[list[bytes], ...]
_LANGUAGE = FACET_COLUMNS.index(facet_column(Facet.LANGUAGE))
_EVENT = FACET_COLUMNS.index(facet_column(Facet.EVENT))
_YEAR = FACET_COLUMNS.index(facet_column(Facet.YEAR))
_SPEAKER = FACET_COLUMNS.index(facet_column(Facet.SPEAKER))


@dataclass(frozen=True)
class Codes:
    """A column as small numbers: ``values[codes[i]]`` is row ``i``'s value (so matches are
    counted per value with ``numpy.bincount``, in C)."""

    codes: np.ndarray[Any, np.dtype[np.intp]]
    values: list[bytes]

    def code_of(self, value: bytes) -> int | None:
        """The number of ``value`` (None when no row holds it)."""
        numbers = self.__dict__.get("_numbers")
        if numbers is None:
            numbers = {known: code for code, known in enumerate(self.values)}
            object.__setattr__(self, "_numbers", numbers)  # made once, read by every search
        return numbers.get(value)

    @classmethod
    def of(cls, column: Iterable[bytes]) -> Codes:
        """Number each distinct value of ``column`` in order of first appearance."""
        numbers: dict[bytes, int] = {}
        codes = [numbers.setdefault(value, len(numbers)) for value in column]
        return cls(np.array(codes, dtype=np.intp), list(numbers))


@dataclass(frozen=True)
class Tracks:
    """One segment's transcript tracks: runs of consecutive documents of one replay in one
    language (a replay's own document belongs to the run it starts)."""

    #: each document's track number (they count up from 0 in document order)
    of_doc: array  # type: ignore[type-arg]
    #: each track's replay id and language, event and year facet values
    keys: list[tuple[bytes, bytes, bytes, bytes]]
    #: each track's first document
    firsts: list[int]
    #: ``of_doc`` as numpy reads it
    of_doc_codes: np.ndarray[Any, np.dtype[np.intp]]
    #: each document's speaker facet value
    speakers: Codes
    #: each track's replay id, language, event and year (the columns of ``keys``)
    columns: tuple[Codes, Codes, Codes, Codes]


@dataclass(frozen=True)
class MomentTimes:
    """One segment's moment start times, each document's passage window, each replay's documents."""

    starts: array  # type: ignore[type-arg]
    #: the first and the last document of the same track starting within the passage window
    lows: array  # type: ignore[type-arg]
    highs: array  # type: ignore[type-arg]
    #: each replay's documents (consecutive), by replay id
    replays: dict[bytes, range]
    #: each document's transcript track number (see :class:`Tracks`)
    tracks: array  # type: ignore[type-arg]

    #: each replay's number, and its documents' (first, end) by number, for :meth:`of_replays`
    #: (derived from ``replays`` with the table, before the workers fork)
    replay_numbers: dict[bytes, int] = field(init=False, repr=False, compare=False)
    replay_bounds: np.ndarray[Any, np.dtype[np.intp]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spans = [(found.start, found.stop) for found in self.replays.values()]
        numbers = {replay: number for number, replay in enumerate(self.replays)}
        object.__setattr__(self, "replay_numbers", numbers)
        object.__setattr__(self, "replay_bounds", np.array(spans, dtype=np.intp).reshape(-1, 2))

    def near(self, docs: np.ndarray[Any, np.dtype[np.intp]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """The documents within the passage window of any of ``docs``, marked."""
        lows = np.frombuffer(self.lows, dtype=np.uint32)[docs].astype(np.intp)
        highs = np.frombuffer(self.highs, dtype=np.uint32)[docs].astype(np.intp)
        return _spans_mask(lows, highs + 1, len(self.starts))

    def of_replays(self, replay_ids: Iterable[bytes]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """The documents of the replays ``replay_ids``, marked (the ids are matched against
        this segment's replays with a set intersection, in C: a word in every event's name
        makes the names of a thousand replays meet a query)."""
        numbers = self.replay_numbers
        bounds = self.replay_bounds[list(map(numbers.__getitem__, numbers.keys() & replay_ids))]
        return _spans_mask(bounds[:, 0], bounds[:, 1], len(self.starts))


def _spans_mask(
    firsts: np.ndarray[Any, np.dtype[np.intp]], ends: np.ndarray[Any, np.dtype[np.intp]], size: int
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """The documents of the spans ``firsts[i]`` to ``ends[i]`` (excluded), marked."""
    if len(firsts) * _EXPAND_BELOW < size:
        # Each span's documents listed (a few spans of a few documents).
        counts = ends - firsts
        before = np.cumsum(counts) - counts
        listed = np.repeat(firsts - before, counts) + np.arange(int(counts.sum()))
        mask = np.zeros(size, dtype=np.bool_)
        mask[listed] = True
        return mask
    # Many spans: +1 where each begins, -1 where each ends, added up along the segment.
    edges = np.bincount(firsts, minlength=size + 1) - np.bincount(ends, minlength=size + 1)
    marked: np.ndarray[Any, np.dtype[np.bool_]] = np.cumsum(edges[:size]) > 0
    return marked


class SegmentTables:
    """Lists and sets read from segments, shared by every searcher of one index."""

    def __init__(self) -> None:
        self._facets: dict[str, FacetTable] = {}
        self._lengths: dict[tuple[str, str], FieldLengths] = {}
        self._visible: dict[tuple[str, str], frozenset[int]] = {}
        self._hidden: dict[tuple[str, frozenset[str]], frozenset[int]] = {}
        self._hidden_masks: dict[tuple[str, frozenset[str]], np.ndarray[Any, Any]] = {}
        self._replays: dict[tuple[str, str], tuple[int, dict[str, Any]] | None] = {}
        self._times: dict[str, MomentTimes] = {}
        self._tracks: dict[str, Tracks] = {}
        self._completions: dict[str, dict[str, CompletionTable]] = {}
        self._spelling: dict[tuple[str, str], tuple[list[str], list[int]]] = {}
        self._accents: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        #: whole posting lists, most recently used first out last
        self.postings = PostingCache()
        #: the stored fields of the documents recent pages showed
        self.documents: BoundedLRU[tuple[str, int], dict[str, Any]] = BoundedLRU(CACHE_DOCUMENTS)
        #: the documents where a phrase's words follow each other (never changed: shared)
        self.phrases: BoundedLRU[tuple[str, str, tuple[str, ...]], array] = BoundedLRU(  # type: ignore[type-arg]
            CACHE_PHRASE_DOCS, weight=len
        )
        #: BM25 scores of whole posting lists of frequent terms (shared: callers copy them)
        self.scores: BoundedLRU[ScoreKey, dict[int, float]] = BoundedLRU(
            CACHE_SCORES, weight=len, max_weight=CACHE_SCORES // 4
        )

    def facets(self, reader: IndexReader) -> FacetTable:
        """The facet values of one segment's documents, column by column."""
        segment_id = segment_key(reader)
        found = self._facets.get(segment_id)
        if found is None:
            found = tuple(ref_column_values(reader, name) for name in FACET_COLUMNS)
            with self._lock:
                self._facets[segment_id] = found
        return found

    def tracks(self, reader: IndexReader) -> Tracks:
        """One segment's transcript tracks (facets count them, passages stay within one)."""
        segment_id = segment_key(reader)
        found = self._tracks.get(segment_id)
        if found is None:
            found = tracks_of(self.facets(reader))
            with self._lock:
                self._tracks[segment_id] = found
        return found

    def times(self, reader: IndexReader) -> MomentTimes:
        """When each of one segment's moments starts, its passage window, and the replays."""
        segment_id = segment_key(reader)
        found = self._times.get(segment_id)
        if found is None:
            tracks = self.tracks(reader)
            starts = float_column_values(reader, START_COLUMN)
            lows, highs = window_bounds(starts, tracks.of_doc)
            # A replay's tracks are consecutive: its documents run from its first track's
            # first document to the next replay's.
            ranges: dict[bytes, range] = {}
            ends = [*tracks.firsts[1:], len(starts)]
            for (replay, *_), first, end in zip(tracks.keys, tracks.firsts, ends, strict=True):
                known = ranges.get(replay)
                ranges[replay] = range(known.start if known else first, end)
            found = MomentTimes(starts, array("I", lows), array("I", highs), ranges, tracks.of_doc)
            with self._lock:
                self._times[segment_id] = found
        return found

    def stored(self, reader: IndexReader, docnum: int) -> dict[str, Any]:
        """A document's stored fields (shared: never change them)."""
        key = (segment_key(reader), docnum)
        found = self.documents.get(key)
        if found is None:
            found = self.documents.put(key, reader.stored_fields(docnum))
        return found

    def accent_words(self, reader: IndexReader) -> list[str]:
        """One segment's terms of the ``accents`` field (bare form, separator, written
        form), sorted: a word typed without accents finds its written forms by bisection."""
        key = segment_key(reader)
        found = self._accents.get(key)
        if found is None:
            found = []
            if "accents" in reader.indexed_field_names():
                found = [
                    term.decode("utf-8") if isinstance(term, bytes) else term
                    for term in reader.lexicon("accents")
                ]
            with self._lock:
                self._accents[key] = found
        return found

    def spelling_words(self, reader: IndexReader, fieldname: str) -> tuple[list[str], list[int]]:
        """One segment's words of a spelling field, sorted, and how many replays use each."""
        key = (segment_key(reader), fieldname)
        found = self._spelling.get(key)
        if found is None:
            words: list[str] = []
            frequencies: list[int] = []
            if fieldname in reader.indexed_field_names():
                for term, info in reader.iter_field(fieldname):
                    words.append(term.decode("utf-8") if isinstance(term, bytes) else term)
                    frequencies.append(info.doc_frequency())
            found = (words, frequencies)
            with self._lock:
                self._spelling[key] = found
        return found

    def completions(self, reader: IndexReader) -> dict[str, CompletionTable]:
        """The completion tables of one segment's replays, by visibility."""
        segment_id = segment_key(reader)
        found = self._completions.get(segment_id)
        if found is None:
            found = read_tables(reader)
            with self._lock:
                self._completions[segment_id] = found
        return found

    def lengths(self, reader: IndexReader, fieldname: str) -> FieldLengths:
        """The length of ``fieldname`` in each of one segment's documents."""
        key = (segment_key(reader), fieldname)
        found = self._lengths.get(key)
        if found is None:
            found = FieldLengths(field_length_codes(reader, fieldname))
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

    def hidden_mask(
        self, reader: IndexReader, visibilities: frozenset[str]
    ) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """:meth:`hidden` as a mask over the segment's document numbers (True: hidden)."""
        key = (segment_key(reader), visibilities & _KNOWN)
        found = self._hidden_masks.get(key)
        if found is None:
            found = np.zeros(reader.doc_count_all(), dtype=np.bool_)
            hidden = self.hidden(reader, visibilities)
            found[np.fromiter(hidden, dtype=np.intp, count=len(hidden))] = True
            found.flags.writeable = False  # shared by every search
            with self._lock:
                self._hidden_masks[key] = found
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

    def replay_fields(self, reader: IndexReader, replay_id: str) -> dict[str, Any] | None:
        """The stored fields of a replay's own document in one segment (None if not there)."""
        key = (segment_key(reader), replay_id)
        # One lookup, kept in a local: another thread may forget this segment's entries at
        # any moment (it opened a newer searcher), and this search must still finish.
        missing = object()
        found = self._replays.get(key, missing)
        if found is missing:
            term = ("doc_id", replay_doc_id(replay_id).encode("utf-8"))
            docnum = next(iter(reader.postings(*term).all_ids()), None) if term in reader else None
            found = None if docnum is None else (docnum, dict(reader.stored_fields(docnum)))
            with self._lock:
                self._replays[key] = found
        if found is None or reader.is_deleted(found[0]):
            return None
        return found[1]

    def forget_searched(self) -> None:
        """Drop the posting lists and scores searches read (the tables stay)."""
        self.postings.forget_all_but(())
        self.documents.forget(lambda _: True)
        self.phrases.forget(lambda _: True)
        self.scores.forget(lambda _: True)

    def forget_all_but(self, segment_ids: Iterable[str]) -> None:
        """Drop what was read from segments that no longer exist."""
        keep = set(segment_ids)
        self.postings.forget_all_but(keep)
        self.documents.forget(lambda key: key[0] not in keep)
        self.phrases.forget(lambda key: key[0] not in keep)
        self.scores.forget(lambda key: key[0] not in keep)
        with self._lock:
            self._facets = {k: v for k, v in self._facets.items() if k in keep}
            self._lengths = {k: v for k, v in self._lengths.items() if k[0] in keep}
            self._visible = {k: v for k, v in self._visible.items() if k[0] in keep}
            self._hidden = {k: v for k, v in self._hidden.items() if k[0] in keep}
            self._hidden_masks = {k: v for k, v in self._hidden_masks.items() if k[0] in keep}
            self._replays = {k: v for k, v in self._replays.items() if k[0] in keep}
            self._times = {k: v for k, v in self._times.items() if k in keep}
            self._tracks = {k: v for k, v in self._tracks.items() if k in keep}
            self._completions = {k: v for k, v in self._completions.items() if k in keep}
            self._spelling = {k: v for k, v in self._spelling.items() if k[0] in keep}
            self._accents = {k: v for k, v in self._accents.items() if k in keep}


def tracks_of(facets: FacetTable) -> Tracks:
    """The transcript tracks of a segment's documents, from its facet table."""
    replays, languages = facets[-1], facets[_LANGUAGE]
    if not replays:
        of_doc, firsts = array("I"), []
    else:
        # In C: a segment may hold a million documents.
        changes = list(
            map(or_, map(ne, replays[1:], replays[:-1]), map(ne, languages[1:], languages[:-1]))
        )
        of_doc = array("I", accumulate(changes, initial=0))
        firsts = [0, *compress(range(1, len(replays)), changes)]
    events, years = facets[_EVENT], facets[_YEAR]
    keys = [(replays[d], languages[d], events[d], years[d]) for d in firsts]
    columns = tuple(Codes.of(key[i] for key in keys) for i in range(4))
    return Tracks(
        of_doc,
        keys,
        firsts,
        np.array(of_doc, dtype=np.intp),
        Codes.of(facets[_SPEAKER]),
        columns,  # type: ignore[arg-type]
    )


def segment_key(reader: IndexReader) -> str:
    """What identifies a segment reader's segment ("" for the reader of an empty index)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""
