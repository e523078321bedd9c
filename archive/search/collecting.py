"""One pass over the matching documents: privacy filter, count, best N, facet counts.

Whoosh's own collectors would need a second pass for the total and the facets once
``limit`` is set; this loop reads each match once, drops what the visitor may not see (the
privacy filter, applied here inside the index search, never in the user's query string),
keeps the best ``limit`` scores in a heap and hands each segment's matches to the facet
counter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from heapq import heappush, heapreplace

from whoosh import query as wq
from whoosh.searching import Searcher

from archive.search.facets import FacetCounter
from archive.search.segments import SegmentTables


@dataclass
class Collected:
    """What one pass found: how many, the best ones, and their facet counts."""

    total: int = 0
    #: (score, global document number), best first
    top: list[tuple[float, int]] = field(default_factory=list)
    counter: FacetCounter = field(default_factory=FacetCounter)


def collect(
    searcher: Searcher,
    q: wq.Query,
    visibilities: frozenset[str],
    tables: SegmentTables,
    limit: int,
    facets: bool = True,
) -> Collected:
    """Run ``q`` over every segment, keeping only documents with one of ``visibilities``."""
    collected = Collected()
    heap: list[tuple[float, int]] = []
    context = searcher.context()
    q = q.normalize()
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        hidden = tables.hidden(reader, visibilities)
        matcher = q.matcher(subsearcher, context)
        docnums: list[int] = []
        while matcher.is_active():
            docnum = matcher.id()
            if docnum not in hidden:
                docnums.append(docnum)
                score = matcher.score()
                if len(heap) < limit:
                    heappush(heap, (score, -(offset + docnum)))
                elif score > heap[0][0]:
                    heapreplace(heap, (score, -(offset + docnum)))
            matcher.next()
        collected.total += len(docnums)
        if facets and docnums:
            collected.counter.add(tables.columns(reader), docnums)
    collected.top = [(score, -negated) for score, negated in sorted(heap, reverse=True)]
    return collected


def any_visible(
    searcher: Searcher, q: wq.Query, visibilities: frozenset[str], tables: SegmentTables
) -> bool:
    """Whether ``q`` matches at least one document the visitor may see."""
    q = q.normalize()
    context = searcher.boolean_context()
    for subsearcher, _ in searcher.leaf_searchers():
        hidden = tables.hidden(subsearcher.reader(), visibilities)
        matcher = q.matcher(subsearcher, context)
        while matcher.is_active():
            if matcher.id() not in hidden:
                return True
            matcher.next()
    return False
