"""Every use of Whoosh's non-public API, in one place.

Checked against whoosh-reloaded 2.7.5, the exact version pinned in ``pyproject.toml``. The
rest of the engine uses Whoosh's public API only (``whoosh.index``, ``fields``, ``query``,
``analysis``, ``reading``, ``searching``, ``scoring``, ``matching``, ``spelling``...). Each
name below says what it relies on and what breaks if Whoosh changes it; before moving the
pin, read each one against the new Whoosh and run ``tests/search`` (``test_postings.py``
compares the block-reading fast path with Whoosh's public matcher interface).

Each piece exists either for speed (reading a whole posting list a block at a time instead
of a document at a time) or to plug into a Whoosh extension hook whose name starts with an
underscore.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher  # see is_w3_leaf() and the block_* helpers
from whoosh.filedb.filestore import FileStorage  # see acquire_folder_lock()
from whoosh.formats import Format, Positions
from whoosh.matching import FilterMatcher, Matcher
from whoosh.query.spans import Span, SpanWrappingMatcher
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.spelling import Corrector

#: ``whoosh.support.levenshtein.damerau_levenshtein(a, b)``, re-exported for suggest.py: the
#: edit distance counting a transposition as one edit, the distance Whoosh's ``terms_within``
#: automaton allows. A plain function: if it went away, a local copy would do.
from whoosh.support.levenshtein import damerau_levenshtein
from whoosh.system import _INT_SIZE  # see _decode_positions()

#: ``whoosh.util.make_binary_tree(cls, items)``, re-exported for phrases.py: a balanced tree
#: of two-argument constructors (``IntersectionMatcher(a, IntersectionMatcher(b, c))``), a
#: helper of Whoosh's own query classes. If it went away, a local copy of its ten lines would do.
from whoosh.util import make_binary_tree
from whoosh.util.filelock import try_for  # see acquire_folder_lock()

__all__ = [
    "CandidateCorrector",
    "SpanFilterMatcher",
    "acquire_folder_lock",
    "block_ids",
    "block_last_id",
    "block_values",
    "block_weights",
    "bm25_b",
    "damerau_levenshtein",
    "deleted_docs",
    "is_w3_leaf",
    "make_binary_tree",
    "position_decoder",
    "unfiltered_postings",
    "w3_blocks",
]


# Posting lists (used by postings.py) -----------------------------------------------------


def unfiltered_postings(reader: IndexReader, fieldname: str, term: bytes) -> Matcher:
    """The codec's own matcher for a term of a segment, deleted documents included.

    Relies on ``SegmentReader.postings()`` wrapping the codec's matcher in a
    ``FilterMatcher(matcher, deleted_docs_set, exclude=True)`` when the segment has deletions,
    the codec's matcher being that wrapper's ``child``. If Whoosh applied deletions another
    way, the wrapper would stay (slower reading, deleted documents already left out: the
    callers drop them again anyway).
    """
    matcher = reader.postings(fieldname, term)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def is_w3_leaf(matcher: Matcher) -> bool:
    """Whether ``matcher`` is the W3 codec's block reader, which the ``block_*`` helpers read.

    ``whoosh.codec.whoosh3.W3LeafMatcher`` is what ``W3Codec`` (the only codec whoosh-reloaded
    2.7 writes) returns for a posting list that is not inlined in its term info (``W3Codec``'s
    ``inlinelimit``, 1 by default, so never). Anything else (a ``ListMatcher`` for inlined
    postings, another codec) must be read through the public matcher interface: if Whoosh
    renames or moves this class, every posting list takes that slower path, with the same
    result.
    """
    return isinstance(matcher, W3LeafMatcher)


def w3_blocks(leaf: Matcher) -> Iterator[Matcher]:
    """The blocks of a W3 posting list, in order: ``leaf`` itself, advanced block by block.

    Relies on ``W3LeafMatcher._next_block()`` (moves to the next block, or past the end
    after the last one, where ``is_active()`` turns false) and on the matcher starting on
    its first block. Only call the ``block_*`` helpers on a yielded block.
    """
    while leaf.is_active():
        yield leaf
        leaf._next_block()


def block_ids(block: Matcher) -> Sequence[int]:
    """The current block's document numbers, ascending.

    Relies on ``W3LeafMatcher._read_ids()`` decoding (delta-decoding) the block's ids into
    ``_ids`` (a tuple of ints; ``None`` before the call).
    """
    block._read_ids()
    return block._ids


def block_weights(block: Matcher) -> Sequence[float]:
    """The current block's weights, one per document of :func:`block_ids`.

    Relies on ``W3LeafMatcher._read_weights()`` expanding the block's weights (stored as
    ``None`` for all 1.0, one float for all equal, or an array) into ``_weights``, an
    ``array("f")`` as long as the block.
    """
    block._read_weights()
    return block._weights


def block_values(block: Matcher) -> Sequence[bytes]:
    """The current block's encoded values (positions for our text fields), one per document.

    Relies on ``W3LeafMatcher._read_values()`` filling ``_values``, one encoded value per
    posting, in the format's encoding (see :func:`position_decoder`).
    """
    block._read_values()
    return block._values


def block_last_id(block: Matcher) -> int:
    """The highest document number of the current block, read without decoding the block.

    ``block_max_id()`` is a method of Whoosh's leaf matchers that the ``Matcher`` interface
    does not declare; W3 reads it from the block header.
    """
    return block.block_max_id()


def _decode_positions(value: bytes) -> tuple[int, ...]:
    # Positions.encode() writes the position count as a 4-byte unsigned int (``_INT_SIZE``,
    # whoosh.system), then the pickled list of position deltas, whose final STOP opcode
    # ("." ) the W3 codec may have trimmed: the same steps as Positions.decode_positions().
    # If Whoosh changed that encoding, phrase searches would fail to unpickle or find the
    # wrong positions (tests/search/test_postings.py compares with decode_positions()).
    if not value.endswith(b"."):
        value += b"."
    # A tuple of ints, unlike a list, is left alone by the garbage collector: a cache of
    # thousands of these would otherwise make every full collection pause the process.
    return tuple(accumulate(loads(value[_INT_SIZE:])))


def position_decoder(fmt: Format) -> Callable[[bytes], tuple[int, ...]]:
    """Decodes a posting value of ``fmt`` into its word positions.

    For exactly ``whoosh.formats.Positions`` (our text fields), a faster copy of its
    ``decode_positions()`` that relies on the encoding described in ``_decode_positions``;
    any other format (``Characters``...) goes through its public ``decode_positions()``.
    """
    if type(fmt) is Positions:
        return _decode_positions
    return lambda value: tuple(fmt.decode_positions(value))


def deleted_docs(reader: IndexReader) -> frozenset[int]:
    """The deleted documents of one segment (their postings stay until the segment is merged).

    Relies on ``SegmentReader.deleted_docs_set``, a cached frozenset that is not part of the
    ``IndexReader`` interface (which only has ``is_deleted(docnum)``, one call a document).
    ``reader`` must be a segment's reader (a leaf of ``leaf_readers()``).
    """
    if not reader.has_deletions():
        return frozenset()
    return frozenset(reader.deleted_docs_set)


# Scoring (used by ranking.py and evaluation.py) -----------------------------------------


def bm25_b(weighting: BM25F, fieldname: str) -> float:
    """The BM25 ``B`` a ``BM25F`` weighting uses for ``fieldname``.

    Relies on ``BM25F._field_B``, the dict of per-field ``B`` values that ``BM25F.__init__``
    builds from ``<fieldname>_B`` keyword arguments, ``BM25F.B`` applying to the other
    fields (the lookup ``BM25F.scorer()`` does). If it went away, per-field ``B`` values
    would be ignored here (we set none today, so scores would not change).
    """
    field_b: dict[str, float] = getattr(weighting, "_field_B", {})
    return field_b.get(fieldname, weighting.B)


# Phrases (used by phrases.py) --------------------------------------------------------------


class SpanFilterMatcher(SpanWrappingMatcher):
    """Keeps the documents of its child where :meth:`document_spans` finds something.

    Relies on the extension hook of ``whoosh.query.spans.SpanWrappingMatcher``: subclasses
    implement ``_get_spans()`` (the spans of the child's current document), which
    ``_find_next()`` calls from ``__init__``, ``next()`` and ``skip_to()`` to skip documents
    without spans. ``SpanWrappingMatcher.copy()`` and ``_replacement()`` rebuild the matcher
    as ``self.__class__(child)``: a subclass whose constructor takes other arguments must
    override ``copy()`` and ``replace()``. Set the subclass's own attributes before calling
    ``super().__init__``, which already calls the hook.
    """

    def _get_spans(self) -> list[Span]:
        return self.document_spans()

    def document_spans(self) -> list[Span]:
        """The spans of the child's current document (empty: the document does not match)."""
        raise NotImplementedError


# Spelling suggestions (used by suggest.py) ------------------------------------------------


class CandidateCorrector(Corrector):
    """A ``Corrector`` whose ranked candidates come from :meth:`candidates`.

    Relies on ``whoosh.spelling.Corrector.suggest()`` calling the subclass hook
    ``_suggestions(text, maxdist, prefix)`` and keeping the ``limit`` highest-scored
    ``(score, word)`` pairs it yields (higher is better).
    """

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        return self.candidates(text, maxdist, prefix)

    def candidates(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        """``(score, word)`` pairs for words within ``maxdist`` edits of ``text``."""
        raise NotImplementedError


# The writer lock (used by generations.py) -------------------------------------------------


def acquire_folder_lock(root: Path, name: str, timeout: float, delay: float = 0.05) -> Any:
    """Whoosh's file lock ``name`` in ``root``, acquired; None if still held after ``timeout``.

    Relies on ``whoosh.filedb.filestore.FileStorage(path).lock(name)`` returning a
    ``whoosh.util.filelock`` lock (``fcntl``/``msvcrt``, held by this process until
    ``release()``; not reentrant within a process) and on ``whoosh.util.filelock.try_for``
    polling ``acquire`` every ``delay`` seconds. The caller releases it with ``release()``.
    """
    lock = FileStorage(str(root)).lock(name)
    if not try_for(lock.acquire, timeout=timeout, delay=delay):
        return None
    return lock
