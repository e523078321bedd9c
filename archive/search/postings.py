"""Whole posting lists read at once, block by block, and kept while their segment lives.

Whoosh reads postings one document at a time through layers of matcher calls; counting and
facetting a whole result set that way costs several microseconds a document. Here a term's
document numbers and weights are read a block at a time into arrays, so that the query can
be evaluated with set operations (see :mod:`archive.search.evaluation`).

Block reading uses the internals of Whoosh's W3 codec (``W3LeafMatcher``), the only codec
whoosh-reloaded 2.7 writes. Any other matcher (inlined short lists, another codec) is read
through the public matcher interface instead: slower, same result.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pickle import loads

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Format, Positions
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.system import _INT_SIZE

from archive.search.lru import BoundedLRU

#: What the cache may hold, counted in postings (about 8 bytes each).
CACHE_POSTINGS = 4_000_000
#: A document's decoded positions cost about as much memory as this many postings.
POSITIONS_COST = 16

_EMPTY_IDS = array("I")
_EMPTY_WEIGHTS = array("f")


@dataclass(frozen=True)
class PostingList:
    """One term's postings in one segment, deleted documents included."""

    ids: array  # type: ignore[type-arg]  # ascending segment-local document numbers
    weights: array  # type: ignore[type-arg]
    #: word positions of the documents a phrase query has asked for so far
    positions: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        """Its weight in the cache."""
        return len(self.ids) + POSITIONS_COST * len(self.positions)


EMPTY = PostingList(_EMPTY_IDS, _EMPTY_WEIGHTS)


class PostingCache:
    """The most recently used posting lists, bounded by their total number of postings."""

    def __init__(self, capacity: int = CACHE_POSTINGS) -> None:
        self._lists: BoundedLRU[tuple[str, str, bytes], PostingList] = BoundedLRU(
            capacity, weight=len
        )

    def get(self, segment: str, reader: IndexReader, fieldname: str, term: bytes) -> PostingList:
        """The postings of ``term`` in ``segment``, read by ``reader``."""
        key = (segment, fieldname, term)
        found = self._lists.get(key)
        if found is None:
            found = self._lists.put(key, read_postings(reader, fieldname, term))
        return found

    def positions(
        self,
        segment: str,
        reader: IndexReader,
        fieldname: str,
        term: bytes,
        wanted: Collection[int],
    ) -> dict[int, tuple[int, ...]]:
        """Word positions of ``term`` (at least) for the documents of ``wanted`` holding it."""
        postings = self.get(segment, reader, fieldname, term)
        known = postings.positions
        missing = {docnum for docnum in wanted if docnum not in known}
        if missing:
            found = read_positions(reader, fieldname, term, missing)
            known.update(found)
            self._lists.grew((segment, fieldname, term), POSITIONS_COST * len(found))
        return known

    def forget_all_but(self, segments: Iterable[str]) -> None:
        """Drop the lists of segments that no longer exist."""
        keep = set(segments)
        self._lists.forget(lambda key: key[0] not in keep)


def _leaf(reader: IndexReader, fieldname: str, term: bytes) -> Matcher:
    matcher = reader.postings(fieldname, term)
    # Deletions are applied by the caller for the whole result at once.
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _w3_blocks(leaf: W3LeafMatcher) -> Iterator[W3LeafMatcher]:
    while leaf.is_active():
        yield leaf
        leaf._next_block()


def read_postings(reader: IndexReader, fieldname: str, term: bytes) -> PostingList:
    """Read a term's whole posting list (empty when the term is not in the segment)."""
    if (fieldname, term) not in reader:
        return EMPTY
    leaf = _leaf(reader, fieldname, term)
    ids = array("I")
    weights = array("f")
    if isinstance(leaf, W3LeafMatcher):
        for block in _w3_blocks(leaf):
            block._read_ids()
            block._read_weights()
            ids.extend(block._ids)
            weights.extend(block._weights)
    else:
        while leaf.is_active():
            ids.append(leaf.id())
            weights.append(leaf.weight())
            leaf.next()
    return PostingList(ids, weights)


def _decode_positions(value: bytes) -> tuple[int, ...]:
    # Positions.encode() writes a count, then the pickled position deltas (the pickle's
    # final STOP opcode may have been trimmed): the same steps as decode_positions().
    if not value.endswith(b"."):
        value += b"."
    # A tuple of ints, unlike a list, is left alone by the garbage collector: a cache of
    # thousands of these would otherwise make every full collection pause the process.
    return tuple(accumulate(loads(value[_INT_SIZE:])))


def _position_decoder(fmt: Format) -> Callable[[bytes], tuple[int, ...]]:
    if type(fmt) is Positions:
        return _decode_positions
    return lambda value: tuple(fmt.decode_positions(value))


def read_positions(
    reader: IndexReader, fieldname: str, term: bytes, wanted: Collection[int]
) -> dict[int, tuple[int, ...]]:
    """The positions of ``term`` in each document of ``wanted`` that contains it."""
    found: dict[int, tuple[int, ...]] = {}
    if not wanted or (fieldname, term) not in reader:
        return found
    decode = _position_decoder(reader.schema[fieldname].format)
    leaf = _leaf(reader, fieldname, term)
    if isinstance(leaf, W3LeafMatcher):
        pending = sorted(wanted)
        at = 0
        for block in _w3_blocks(leaf):
            last = block.block_max_id()
            if pending[at] > last:
                continue  # no wanted document in this block: its data is not even read
            block._read_ids()
            hits = [(i, d) for i, d in enumerate(block._ids) if d in wanted]
            if hits:
                block._read_values()
                for i, docnum in hits:
                    found[docnum] = decode(block._values[i])
            while at < len(pending) and pending[at] <= last:
                at += 1
            if at == len(pending):
                break
        return found
    while leaf.is_active():
        if leaf.id() in wanted:
            found[leaf.id()] = decode(leaf.value())
        leaf.next()
    return found
