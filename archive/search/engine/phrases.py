"""Phrase matching that checks word positions directly.

Whoosh's ``Phrase`` goes through its general span machinery (``SpanNear2``), which spends
most of a phrase search building span objects. Our phrases are simpler: the words must sit
at consecutive positions, stop words having been left out of the count at indexing time
(see :mod:`archive.search.engine.analysis`), so one set intersection per document decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
