"""Phrase matching that checks word positions directly.

Whoosh's ``Phrase`` goes through its general span machinery (``SpanNear2``), which spends
most of a phrase search building span objects. Our phrases are simpler: the words must sit
at consecutive positions, stop words having been left out of the count at indexing time
(see :mod:`archive.search.engine.analysis`), so one set intersection per document decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, repeat
from operator import and_, eq, itemgetter, not_, sub
from typing import Any

from whoosh.matching import IntersectionMatcher, Matcher, NullMatcher
from whoosh.query import Phrase, Term
from whoosh.query.spans import Span

from archive.search.engine.whoosh_internals import SpanFilterMatcher, make_binary_tree


def phrase_starts(positions: Sequence[Iterable[int]]) -> set[int]:
    """Where the words whose positions are given follow each other, in order."""
    starts = set(positions[0])
    for offset, word_positions in enumerate(positions[1:], start=1):
        starts.intersection_update(p - offset for p in word_positions)
        if not starts:
            break
    return starts


def lined_up(docs: Iterable[int], positions: Sequence[Mapping[int, tuple[int, ...]]]) -> set[int]:
    """Those of ``docs`` where the words follow each other (``positions[i][doc]``: where word
    ``i`` is said in ``doc``, ascending): :func:`phrase_starts` for each document, decided in
    C for the documents that say each word once (most cues: a phrase of common words may
    line up in tens of thousands)."""
    docs = list(docs)
    if len(positions) < 2:
        return set(docs)
    columns = [list(map(word.__getitem__, docs)) for word in positions]
    firsts = [list(map(itemgetter(0), column)) for column in columns]
    said_once = [
        list(map(eq, first, map(itemgetter(-1), column)))
        for first, column in zip(firsts, columns, strict=True)
    ]
    simple = list(map(all, zip(*said_once, strict=True)))
    follows = [
        list(map(eq, map(sub, first, firsts[0]), repeat(offset)))
        for offset, first in enumerate(firsts[1:], start=1)
    ]
    lined = list(map(and_, simple, map(all, zip(*follows, strict=True))))
    for at in compress(range(len(docs)), map(not_, simple)):
        lined[at] = bool(phrase_starts([column[at] for column in columns]))
    # In the order of ``docs``, as a set comprehension over them would be.
    return set(compress(docs, lined))


class AdjacentWords(Phrase):  # type: ignore[misc]
    """Words at consecutive positions of one field, in order."""

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        """Intersect the words' postings, then keep documents where they line up."""
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return NullMatcher()
        field = searcher.schema[fieldname]
        reader = searcher.reader()
        if any((fieldname, field.to_bytes(word)) not in reader for word in self.words):
            return NullMatcher()
        leaves = [Term(fieldname, word).matcher(searcher, context) for word in self.words]
        return _AdjacentMatcher(leaves, field.format.decode_positions)


class _AdjacentMatcher(SpanFilterMatcher):
    def __init__(self, leaves: Sequence[Matcher], decode: Callable[[bytes], list[int]]) -> None:
        self._leaves = list(leaves)
        self._decode = decode
        super().__init__(make_binary_tree(IntersectionMatcher, self._leaves))

    def document_spans(self) -> list[Span]:
        """One span per place where the words line up in the current document."""
        starts = phrase_starts([self._decode(leaf.value()) for leaf in self._leaves])
        last = len(self._leaves) - 1
        return [Span(start, start + last) for start in sorted(starts)]

    def copy(self) -> _AdjacentMatcher:
        """An independent matcher at the same document."""
        return _AdjacentMatcher([leaf.copy() for leaf in self._leaves], self._decode)

    def replace(self, minquality: float = 0) -> Matcher:
        """Itself while active (its leaves must stay the intersection's children)."""
        return self if self.is_active() else NullMatcher()
