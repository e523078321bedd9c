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

import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from pickle import HIGHEST_PROTOCOL, dumps, loads
from typing import Any

from whoosh.codec.base import Automata
from whoosh.codec.whoosh3 import (  # see ArrayBlockCodec, the block_* helpers, field_length_codes()
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.columns import NumericColumn, RefBytesColumn  # see ref_column_values()
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
from whoosh.util.numeric import byte_to_length, length_to_byte  # see field_length_codes()

__all__ = [
    "LENGTH_OF_CODE",
    "ArrayBlockCodec",
    "CandidateCorrector",
    "SpanFilterMatcher",
    "acquire_folder_lock",
    "levenshtein_dfa",
    "block_ids",
    "block_last_id",
    "block_values",
    "block_weights",
    "bm25_b",
    "damerau_levenshtein",
    "deleted_docs",
    "field_length_codes",
    "float_column_values",
    "ref_column_values",
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

    A block of :class:`ArrayBlockCodec` decodes them itself (``_read_ids()``, an array). For
    a block of W3's own format this relies on ``W3LeafMatcher._read_data()`` loading the
    block's pickled tuple into ``_data`` (``None`` before), whose first item is the ids,
    delta-encoded from 0 unless ``_byteids`` (vector postings), and on ``_ids`` caching the
    decoded ids (what ``_read_ids()`` does, with a Python generator: ``accumulate`` decodes
    them in C, the same numbers).
    """
    if block._ids is None:
        if isinstance(block, _ArrayBlockMatcher):
            block._read_ids()
        else:
            if block._data is None:
                block._read_data()
            ids = block._data[0]
            block._ids = ids if block._byteids else tuple(accumulate(ids))
    return block._ids  # type: ignore[no-any-return]


def block_weights(block: Matcher) -> Sequence[float]:
    """The current block's weights, one per document of :func:`block_ids`.

    A block of :class:`ArrayBlockCodec` decodes them itself (``_read_weights()``). For W3's
    own format this relies on the second item of ``W3LeafMatcher._data`` (see
    :func:`block_ids`): ``None`` when every weight is 1.0, one float when all are equal, else
    a sequence; and on ``_blocklength``, the block's posting count. ``_read_weights()``
    expands the first two forms with a Python generator; this repeats a one-item array
    instead, the same values.
    """
    if isinstance(block, _ArrayBlockMatcher):
        if block._weights is None:
            block._read_weights()
        return block._weights  # type: ignore[no-any-return]
    if block._data is None:
        block._read_data()
    return _expanded_weights(block._data[1], block._blocklength)


def _expanded_weights(weights: Any, count: int) -> Sequence[float]:
    if weights is None:
        weights = 1.0
    if isinstance(weights, float):
        return array("f", (weights,)) * count
    return weights  # type: ignore[no-any-return]


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


# The posting format the index is written in (used by index.py) ---------------------------


def _little_endian(values: array) -> bytes:  # type: ignore[type-arg]
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_little_endian(typecode: str, data: bytes) -> array:  # type: ignore[type-arg]
    values = array(typecode)
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


class _ArrayPostingsWriter(W3PostingsWriter):
    """Writes W3 posting blocks whose data is three byte strings, not ~400 small objects.

    W3 pickles each block's data (protocol 2) as a tuple of delta-encoded ids, a tuple of
    weights and a tuple of one ``bytes`` per posting (its positions), then compresses it:
    reading it back makes a Python call per posting (protocol 2 rebuilds each ``bytes``
    through ``_codecs.encode``), which made reading a common word's posting list the largest
    part of a search. Here the ids and weights are little-endian arrays (``"I"``, ``"f"``)
    and the positions one compressed byte string with an array of their lengths, pickled
    with the highest protocol: reading a block's ids costs one ``loads`` and one
    ``frombytes``, and the positions are only decompressed for a phrase.

    Relies on ``W3PostingsWriter``'s block buffer (``_ids``, an ``array("I")`` for document
    postings; ``_weights``, an ``array("f")``; ``_values``, one ``bytes`` per posting;
    ``_format``, ``_maxweight``, ``_minlength``, ``_maxlength``, ``_terminfo``,
    ``_blockcount``, ``_new_block()``) and repeats ``_write_block()``'s layout: the block
    length as an int (negative for the last block), the pickled info tuple, the data.
    """

    def _write_block(self, last: bool = False) -> None:
        if self._byteids:  # vector postings (not in our schema): W3's own format
            super()._write_block(last)
            return
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (_little_endian(self._ids), self._packed_weights(), self._packed_values())
        databytes = dumps(data, HIGHEST_PROTOCOL)
        ids = self._ids
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            0,  # the block is not compressed as a whole
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _packed_weights(self) -> float | bytes | None:
        weights = self._weights
        if all(w == 1.0 for w in weights):
            return None
        if all(w == weights[0] for w in weights):
            return float(weights[0])
        return _little_endian(weights)

    def _packed_values(self) -> Any:
        fixedsize = self._format.fixed_value_size()
        if fixedsize is not None and fixedsize >= 0:
            return self._mini_values()
        values = self._values
        lengths = _little_endian(array("I", map(len, values)))
        return zlib.compress(b"".join(values), 1), lengths


class _ArrayBlockMatcher(W3LeafMatcher):
    """Reads the blocks :class:`_ArrayPostingsWriter` writes (``W3LeafMatcher`` does the rest).

    Relies on ``W3LeafMatcher`` calling ``_read_ids()``, ``_read_weights()`` and
    ``_read_values()`` to fill ``_ids``, ``_weights`` and ``_values`` from ``_data`` (the
    unpickled block data, loaded by ``_read_data()``), ``_blocklength`` and ``_fixedsize``.
    """

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = _from_little_endian("I", self._data[0])

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(weights, bytes):
            self._weights = _from_little_endian("f", weights)
        else:
            self._weights = _expanded_weights(weights, self._blocklength)

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        if self._fixedsize is not None and self._fixedsize >= 0:
            super()._read_values()
            return
        packed, lengths = self._data[2]
        joined = zlib.decompress(packed)
        ends = list(accumulate(_from_little_endian("I", lengths)))
        self._values = tuple(map(joined.__getitem__, map(slice, [0, *ends[:-1]], ends)))


class ArrayBlockCodec(W3Codec):
    """Whoosh's W3 codec with posting blocks that read fast (see ``_ArrayPostingsWriter``).

    The index is written with it (``index.writer(codec=ArrayBlockCodec())``); each segment
    keeps the codec that wrote it (Whoosh pickles it in the table of contents, so this class
    must keep its name and module), so a segment written in W3's own format stays readable
    and is rewritten in this one when merged. Relies on ``W3Codec.postings_writer()`` and
    ``postings_reader()`` being where the codec makes its block writer and reader, with
    ``W3Codec``'s ``_blocklimit`` and ``_inlinelimit`` and W3's term info.
    """

    def __init__(self, blocklimit: int = 128, compression: int = 0, inlinelimit: int = 1) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        """A block writer for one posting file."""
        return _ArrayPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=0,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Format, term: Any = None, scorer: Any = None
    ) -> Matcher:
        """The matcher of one term's postings."""
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return _ArrayBlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


# Field lengths (used by segments.py) -------------------------------------------------------

#: The field length each one-byte code stands for (``whoosh.util.numeric.byte_to_length``:
#: W3 stores a document's field length as one byte, exact for short fields, logarithmic beyond).
LENGTH_OF_CODE: tuple[int, ...] = tuple(byte_to_length(code) for code in range(256))


def field_length_codes(reader: IndexReader, fieldname: str) -> bytes:
    """One byte per document of a segment: its length in ``fieldname``, as W3 encodes it.

    0 means no words; :data:`LENGTH_OF_CODE` gives the length Whoosh's BM25 uses for the
    others. W3 keeps these bytes in a column of their own per field (``_<field>_len``, a
    ``NumericColumn("B")`` that stops after the last document with words), read here in one
    call instead of one ``doc_field_length()`` a document: relies on
    ``W3PerDocReader._cached_reader(name, column)`` and on the column reader's ``_dbfile``,
    ``_basepos`` and ``_count``. With another codec, the public per-document call is used.
    """
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        lengths = (reader.doc_field_length(docnum, fieldname, 0) for docnum in range(count))
        return bytes(length_to_byte(length or 0) for length in lengths)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(count)
    stored = min(column._count, count)
    raw = bytes(column._dbfile.get(column._basepos, stored)) if stored else b""
    return raw + bytes(count - len(raw))


# Columns (used by segments.py) ------------------------------------------------------------


def ref_column_values(reader: IndexReader, fieldname: str) -> list[bytes]:
    """Each document's value of a ``RefBytesColumn`` field, documents in order.

    Equal values are one object (the column's table of unique values), so counting them
    hashes each once. Relies on ``RefBytesColumn.Reader`` keeping one big-endian reference
    a document (``_typecode`` "B" or "H", ``_itemsize``) from ``_basepos`` in ``_dbfile``,
    ``_doccount`` of them, and the unique values in ``_uniques``: the very steps of its
    ``__iter__``, which makes two Python calls a document. Any other column reader is
    iterated.
    """
    if not reader.has_column(fieldname):
        return [b""] * reader.doc_count_all()
    creader = reader.column_reader(fieldname, translate=False)
    if type(creader) is not RefBytesColumn.Reader:
        return list(creader)
    refs = array(creader._typecode)
    size = creader._itemsize * creader._doccount
    refs.frombytes(bytes(creader._dbfile.get(creader._basepos, size)))
    if sys.byteorder == "little":
        refs.byteswap()
    return list(map(creader._uniques.__getitem__, refs))


def float_column_values(reader: IndexReader, fieldname: str) -> array:  # type: ignore[type-arg]
    """Each document's value of a ``NumericColumn("f")`` field, as an ``array("f")``.

    Relies on ``NumericColumn.Reader`` keeping ``_count`` big-endian floats from ``_basepos``
    in ``_dbfile`` (the documents after them have ``_default``), ``_doccount`` documents in
    all: the steps of its ``__getitem__``, one Python call a document. Any other column
    reader is iterated.
    """
    count = reader.doc_count_all()
    if not reader.has_column(fieldname):
        return array("f", bytes(4 * count))
    creader = reader.column_reader(fieldname, translate=False)
    if type(creader) is not NumericColumn.Reader or creader._typecode != "f":
        return array("f", creader)
    values = array("f")
    stored = min(creader._count, creader._doccount)
    values.frombytes(bytes(creader._dbfile.get(creader._basepos, 4 * stored)))
    if sys.byteorder == "little":
        values.byteswap()
    values.extend(array("f", (creader._default,)) * (creader._doccount - stored))
    return values


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


@lru_cache(maxsize=1024)
def levenshtein_dfa(text: str, maxdist: int, prefix: int) -> Any:
    """The automaton of the words within ``maxdist`` edits of ``text`` (transpositions
    counting one) that share its first ``prefix`` letters: what ``terms_within`` walks the
    term file with. Kept for the words asked again: building one costs milliseconds.

    Relies on ``whoosh.codec.base.Automata.levenshtein_dfa(text, maxdist, prefix)`` and on
    the returned DFA's ``next_valid_string(string)``: the smallest accepted string at or
    after ``string`` (None when there is none). Walking it only fills the DFA's own cache of
    sorted edge labels, so one DFA may serve several threads.
    """
    return Automata.levenshtein_dfa(text, maxdist, prefix)


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
