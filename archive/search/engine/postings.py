"""Whole posting lists read at once, block by block, and kept while their segment lives.

Whoosh reads postings one document at a time through layers of matcher calls; counting and
facetting a whole result set that way costs several microseconds a document. Here a term's
document numbers and weights are read a block at a time into arrays, so that the query can
be evaluated with set operations (see :mod:`archive.search.engine.evaluation`).

Block reading uses the internals of Whoosh's W3 codec, the only codec whoosh-reloaded 2.7
writes (see :mod:`archive.search.engine.whoosh_internals`). Any other matcher (inlined short
lists, another codec) is read through the public matcher interface instead: slower, same
result.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from whoosh.reading import IndexReader

from archive.search.engine.lru import BoundedLRU
from archive.search.engine.whoosh_internals import (
    block_ids,
    block_last_id,
    block_values,
    block_weights,
    is_w3_leaf,
    position_decoder,
    unfiltered_postings,
    w3_blocks,
)

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
        missing = (wanted if isinstance(wanted, set | frozenset) else set(wanted)) - known.keys()
        if missing:
            found = read_positions(reader, fieldname, term, missing)
            known.update(found)
            self._lists.grew((segment, fieldname, term), POSITIONS_COST * len(found))
        return known

    def forget_all_but(self, segments: Iterable[str]) -> None:
        """Drop the lists of segments that no longer exist."""
        keep = set(segments)
        self._lists.forget(lambda key: key[0] not in keep)


def read_postings(reader: IndexReader, fieldname: str, term: bytes) -> PostingList:
    """Read a term's whole posting list (empty when the term is not in the segment)."""
    if (fieldname, term) not in reader:
        return EMPTY
    # Deletions are applied by the caller for the whole result at once.
    leaf = unfiltered_postings(reader, fieldname, term)
    ids = array("I")
    weights = array("f")
    if is_w3_leaf(leaf):
        for block in w3_blocks(leaf):
            ids.extend(block_ids(block))
            weights.extend(block_weights(block))
    else:
        while leaf.is_active():
            ids.append(leaf.id())
            weights.append(leaf.weight())
            leaf.next()
    return PostingList(ids, weights)


def read_positions(
    reader: IndexReader, fieldname: str, term: bytes, wanted: Collection[int]
) -> dict[int, tuple[int, ...]]:
    """The positions of ``term`` in each document of ``wanted`` that contains it."""
    found: dict[int, tuple[int, ...]] = {}
    if not wanted or (fieldname, term) not in reader:
        return found
    decode = position_decoder(reader.schema[fieldname].format)
    leaf = unfiltered_postings(reader, fieldname, term)
    if is_w3_leaf(leaf):
        pending = sorted(wanted)
        at = 0
        for block in w3_blocks(leaf):
            last = block_last_id(block)
            if pending[at] > last:
                continue  # no wanted document in this block: its data is not even read
            hits = [(i, d) for i, d in enumerate(block_ids(block)) if d in wanted]
            if hits:
                values = block_values(block)
                for i, docnum in hits:
                    found[docnum] = decode(values[i])
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
