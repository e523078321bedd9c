"""The search index: one writer at a time, many readers, atomic rebuilds.

``SearchIndex(directory)`` is what the app, the worker and the CLI share. Writers
(:meth:`~SearchIndex.replace_replay`, :meth:`~SearchIndex.delete_replay`,
:meth:`~SearchIndex.rebuild`) take the folder's single Whoosh write lock, waiting at most
``lock_timeout`` seconds before raising :class:`IndexBusy`. Readers keep one searcher per
thread and check on every search whether a commit or a rebuild happened (a directory listing
and a ``stat``), so a new commit is visible to the next search in any process.

A missing or unreadable index makes :meth:`~SearchIndex.search` raise
:class:`IndexUnavailable`; the caller answers by calling :meth:`~SearchIndex.rebuild`. Given
``rebuild_source`` (a callable returning every replay's documents), the index instead
rebuilds itself once and searches again.
"""

from __future__ import annotations

import pickle
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index, LockError
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from archive.search.engine.analysis import Language
from archive.search.engine.completion import DEFAULT_LIMIT, Completion, TableView, complete
from archive.search.engine.documents import ReplayDoc, whoosh_documents
from archive.search.engine.errors import IndexBusy, IndexUnavailable, SearchIndexError
from archive.search.engine.generations import IndexFolder, Stamp
from archive.search.engine.highlighting import query_terms
from archive.search.engine.lru import BoundedLRU
from archive.search.engine.query import SearchRequest, SearchResults
from archive.search.engine.ranking import CueBM25F
from archive.search.engine.schema import VISIBILITIES, build_schema, spelling_field
from archive.search.engine.searching import run_search
from archive.search.engine.segments import SegmentTables, segment_key
from archive.search.engine.whoosh_internals import ArrayBlockCodec, deleted_docs

__all__ = ["IndexBusy", "IndexUnavailable", "SearchIndex", "SearchIndexError"]

#: What a damaged or vanished index raises while it is opened or read.
READ_ERRORS: tuple[type[BaseException], ...] = (
    whoosh_index.IndexError,
    OSError,
    EOFError,
    struct.error,
    pickle.UnpicklingError,
    zlib.error,
)
_UNAVAILABLE = "The search index is missing or damaged; rebuild it with 'replay-archive reindex'."


_FIELDS = frozenset(build_schema().names())

#: One version of the index: its generation folder and Whoosh's commit number in it.
IndexVersion = tuple[str, int]

#: Postings of the most frequent words read by :meth:`SearchIndex.warm` (about 8 bytes each;
#: two million take about two seconds to read).
WARM_POSTINGS = 2_000_000


def _open(generation: Path) -> Index:
    """Open one generation; a damaged one, or one of another schema, is unavailable."""
    try:
        index = whoosh_index.open_dir(str(generation))
    except READ_ERRORS as err:
        raise IndexUnavailable(_UNAVAILABLE) from err
    if frozenset(index.schema.names()) != _FIELDS:
        raise IndexUnavailable(
            "The search index was built by another version of the archive; rebuild it with"
            " 'replay-archive reindex'."
        )
    return index


@dataclass
class _Reader:
    """One thread's open searcher and the pointer version it was opened from."""

    stamp: Stamp | None
    generation: Path
    index: Index
    searcher: Searcher


class SearchIndex:
    """Moment and replay search over a folder of Whoosh index generations."""

    def __init__(
        self,
        directory: Path,
        *,
        lock_timeout: float = 10.0,
        rebuild_source: Callable[[], Iterable[ReplayDoc]] | None = None,
        build_procs: int = 1,
        build_limitmb: int = 1024,
        cache_size: int = 0,
    ) -> None:
        self.folder = IndexFolder(Path(directory))
        self.lock_timeout = lock_timeout
        self.rebuild_source = rebuild_source
        self.build_procs = build_procs
        self.build_limitmb = build_limitmb
        self._tables = SegmentTables()
        self._weighting = CueBM25F(self._tables.lengths)
        self._local = threading.local()
        # A search is a pure function of the request (privacy filter included) and of the
        # index version it ran on, so its results are kept under both: a commit, a rebuild or
        # an installed snapshot makes a new version and the old entries unreachable. An
        # audience searches the same few words at once (the speaker just said them).
        self._results: BoundedLRU[tuple[IndexVersion, SearchRequest], SearchResults] = BoundedLRU(
            cache_size
        )
        self._completions: BoundedLRU[
            tuple[IndexVersion, str, frozenset[str], int], list[Completion]
        ]
        self._completions = BoundedLRU(cache_size)

    # Reading

    def search(self, request: SearchRequest) -> SearchResults:
        """Moments (and replays) matching the request, as the visitor may see them."""
        try:
            return self._search_once(request)
        except IndexUnavailable:
            if self.rebuild_source is None:
                raise
            self._rebuild_from_source()
            return self._search_once(request)

    def complete(
        self, typed: str, visibilities: frozenset[str], limit: int = DEFAULT_LIMIT
    ) -> list[Completion]:
        """Suggestions for what is being typed, from the replays the visitor may see."""
        try:
            return self._complete_once(typed, visibilities, limit)
        except IndexUnavailable:
            if self.rebuild_source is None:
                raise
            self._rebuild_from_source()
            return self._complete_once(typed, visibilities, limit)

    def query_terms(self, q: str) -> dict[Language, frozenset[str]]:
        """The index terms a query looks for in each language's transcripts (to mark them)."""
        try:
            return query_terms(self._searcher().reader(), q)
        except READ_ERRORS as err:
            self._drop_reader()
            raise IndexUnavailable(_UNAVAILABLE) from err

    def _rebuild_from_source(self) -> None:
        """Rebuild from ``rebuild_source`` after the index was found unavailable."""
        assert self.rebuild_source is not None
        try:
            self.rebuild(self.rebuild_source())
        except IndexBusy as err:
            # Someone else is writing (maybe rebuilding): the index may come back soon.
            raise IndexUnavailable(_UNAVAILABLE) from err

    def _complete_once(
        self, typed: str, visibilities: frozenset[str], limit: int
    ) -> list[Completion]:
        searcher = self._searcher()
        key = (self._version(), typed, visibilities, limit)
        found = self._completions.get(key)
        if found is not None:
            return found
        try:
            views: list[TableView] = []
            for leaf, _ in searcher.reader().leaf_readers():
                if leaf.doc_count_all():
                    tables = self._tables.completions(leaf)
                    deleted = deleted_docs(leaf)
                    views.extend(
                        (tables[v], deleted)
                        for v in VISIBILITIES
                        if v in visibilities and v in tables
                    )
            found = complete(views, typed, limit)
        except READ_ERRORS as err:
            self._drop_reader()
            raise IndexUnavailable(_UNAVAILABLE) from err
        return self._completions.put(key, found)

    def _search_once(self, request: SearchRequest) -> SearchResults:
        searcher = self._searcher()
        key = (self._version(), request)
        found = self._results.get(key)
        if found is not None:
            return found
        try:
            found = run_search(searcher, self._tables, request)
        except READ_ERRORS as err:
            self._drop_reader()
            raise IndexUnavailable(_UNAVAILABLE) from err
        return self._results.put(key, found)

    def _version(self) -> IndexVersion:
        """The index version this thread's open searcher reads: generation folder and commit."""
        reader: _Reader = self._local.reader
        return (reader.generation.name, reader.searcher.reader().generation())

    def warm(self, visibilities: Iterable[frozenset[str]], postings: int = WARM_POSTINGS) -> int:
        """Read what every search needs from each segment now, then close the files.

        ``replay-archive serve`` calls this before its workers fork: they start with the
        tables, and the posting lists of the most frequent words (up to ``postings``
        postings, the costliest to read), already in memory shared by all of them, instead
        of each paying for them on its first searches. Returns how many documents the index
        holds (0 when there is no index).
        """
        try:
            searcher = self._searcher()
        except IndexUnavailable:
            return 0
        try:
            frequent: list[tuple[int, IndexReader, str, bytes]] = []
            for leaf, _ in searcher.reader().leaf_readers():
                if not leaf.doc_count_all():
                    continue
                self._tables.facets(leaf)
                self._tables.times(leaf)
                self._tables.completions(leaf)
                for visibility in VISIBILITIES:
                    self._tables.spelling_words(leaf, spelling_field(visibility))
                self._tables.accent_words(leaf)
                for allowed in visibilities:
                    self._tables.hidden_mask(leaf, allowed)
                for fieldname in leaf.indexed_field_names():
                    if searcher.schema[fieldname].scorable:
                        self._tables.lengths(leaf, fieldname)
                        frequent.extend(
                            (leaf.doc_frequency(fieldname, term), leaf, fieldname, term)
                            for term in leaf.lexicon(fieldname)
                        )
            frequent.sort(key=lambda entry: -entry[0])
            for count, leaf, fieldname, term in frequent:
                postings -= count
                if postings < 0:
                    break
                self._tables.postings.get(segment_key(leaf), leaf, fieldname, term)
            return int(searcher.doc_count())
        except READ_ERRORS:
            return 0
        finally:
            self._drop_reader()

    def _searcher(self) -> Searcher:
        """This thread's searcher, reopened when a commit or a rebuild happened."""
        stamp = self.folder.pointer_stamp()
        reader: _Reader | None = getattr(self._local, "reader", None)
        if reader is not None and reader.stamp == stamp:
            try:
                if not reader.searcher.up_to_date():
                    # Not Searcher.refresh(): it reuses the reader of a segment whose
                    # deletions changed (and would keep showing deleted moments), and it
                    # fails on a searcher opened on an empty index.
                    reader.searcher.close()
                    reader.searcher = reader.index.searcher(weighting=self._weighting)
                    self._forget_old_segments(reader.searcher)
                return reader.searcher
            except READ_ERRORS as err:
                self._drop_reader()
                raise IndexUnavailable(_UNAVAILABLE) from err
        self._drop_reader()
        generation = self.folder.current()
        if generation is None:
            raise IndexUnavailable("The search index has not been built yet.")
        index = _open(generation)
        try:
            searcher = index.searcher(weighting=self._weighting)
        except READ_ERRORS as err:
            raise IndexUnavailable(_UNAVAILABLE) from err
        self._local.reader = _Reader(stamp, generation, index, searcher)
        self._forget_old_segments(searcher)
        return searcher

    def _forget_old_segments(self, searcher: Searcher) -> None:
        self._tables.forget_all_but(segment_key(r) for r, _ in searcher.reader().leaf_readers())

    def _drop_reader(self) -> None:
        reader: _Reader | None = getattr(self._local, "reader", None)
        self._local.reader = None
        if reader is not None:
            try:
                reader.searcher.close()
            except READ_ERRORS:
                pass

    def close(self) -> None:
        """Release this thread's open searcher."""
        self._drop_reader()

    def drop_caches(self) -> None:
        """Forget what searches keep (results, posting lists, scores), not the per-segment
        tables: the next search of any query runs as its first run after a publish would."""
        self._tables.forget_searched()
        self._results.forget(lambda _: True)
        self._completions.forget(lambda _: True)

    def is_healthy(self) -> bool:
        """Whether the live index opens and every segment reads back."""
        generation = self.folder.current()
        if generation is None:
            return False
        try:
            index = _open(generation)
            with index.searcher() as searcher:
                for leaf, _ in searcher.reader().leaf_readers():
                    list(islice(leaf.all_terms(), 1))
                    if leaf.doc_count_all():
                        leaf.stored_fields(0)
            return True
        except IndexUnavailable:
            return False
        except READ_ERRORS:
            return False

    def doc_count(self) -> int:
        """How many documents (moments and replays) the live index holds; 0 when unavailable."""
        try:
            return int(self._searcher().doc_count())
        except IndexUnavailable:
            return 0

    # Writing

    def replace_replay(self, doc: ReplayDoc) -> None:
        """Replace every document of one replay, in one commit."""
        with self._writing() as writer:
            writer.delete_by_term("replay_id", doc.replay_id)
            for fields in whoosh_documents(doc):
                writer.add_document(**fields)

    def delete_replay(self, replay_id: str) -> None:
        """Remove every document of one replay (nothing to do when there is no index yet)."""
        if self.folder.current() is None:
            return
        with self._writing() as writer:
            writer.delete_by_term("replay_id", replay_id)

    @contextmanager
    def _writing(self) -> Iterator[IndexWriter]:
        """A writer on the live index, committed at the end or cancelled on error."""
        with self.folder.writer_lock(self.lock_timeout):
            writer = self._writer(self._writable_index())
            try:
                yield writer
            except READ_ERRORS as err:
                writer.cancel()
                raise IndexUnavailable(_UNAVAILABLE) from err
            except BaseException:
                writer.cancel()
                raise
            try:
                writer.commit()
            except READ_ERRORS as err:
                raise IndexUnavailable(_UNAVAILABLE) from err

    def rebuild(self, docs: Iterable[ReplayDoc]) -> int:
        """Index every replay into a new generation, then swap it in; returns the replay count."""
        with self.folder.writer_lock(self.lock_timeout):
            generation = self.folder.new_generation()
            try:
                index = whoosh_index.create_in(str(generation), build_schema())
                count = self._fill(index, docs)
            except BaseException:
                self.folder.discard(generation)
                raise
            self.folder.switch_to(generation)
            self.folder.prune()
        return count

    def _fill(self, index: Index, docs: Iterable[ReplayDoc]) -> int:
        # Measured on 1000 hours (120,000 moments): one process with a 1 GB pool is fastest;
        # a 256 MB pool spills runs to disk and merges them (+30 %), and procs=2 (MpWriter)
        # was slower still, as every document is pickled over to the other process.
        options: dict[str, object] = {
            "limitmb": self.build_limitmb,
            "compound": False,
            "codec": ArrayBlockCodec(),
        }
        if self.build_procs > 1:
            options.update(procs=self.build_procs, multisegment=True)
        writer = index.writer(**options)
        count = 0
        try:
            for doc in docs:
                for fields in whoosh_documents(doc):
                    writer.add_document(**fields)
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def _writable_index(self) -> Index:
        """The live index, created empty when there is none yet (writer lock held)."""
        generation = self.folder.current()
        if generation is not None:
            return _open(generation)
        generation = self.folder.new_generation()
        index = whoosh_index.create_in(str(generation), build_schema())
        self.folder.switch_to(generation)
        return index

    def _writer(self, index: Index) -> IndexWriter:
        try:
            return index.writer(
                timeout=self.lock_timeout, delay=0.05, compound=False, codec=ArrayBlockCodec()
            )
        except LockError as err:
            raise IndexBusy(
                f"The search index is being written by another process; gave up after {self.lock_timeout:g} s."
            ) from err
