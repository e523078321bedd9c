"""Every match at once: privacy filter, count, best N, facet counts.

Each segment's matches come from :mod:`archive.search.engine.evaluation` with their scores; what
the visitor may not see is dropped here (the privacy filter, applied inside the index
search, never in the user's query string), then the matches are counted, handed to the
facet counter, and the best ones kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from heapq import nlargest
from itertools import compress
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from archive.search.engine.evaluation import SegmentEvaluation
from archive.search.engine.facets import FacetCounter
from archive.search.engine.segments import SegmentTables
from archive.search.engine.vectors import best_matches, term_matches, visible
from archive.search.engine.whoosh_internals import deleted_docs

#: How many of the best matches get the phrase bonus computed.
RESCORE_DEPTH = 50
#: :func:`best_scores` looks at one score in this many (at least) for a first cut.
_SAMPLE_RATIO = 16


def best_scores(scores: dict[int, float], count: int) -> list[tuple[int, float]]:
    """``heapq.nlargest(count, scores.items(), key=itemgetter(1))``, the same list (ties
    keep their order in ``scores``), without a Python step for every score.

    ``nlargest`` runs Python code per item; a common word matches a hundred thousand cues.
    The ``count``-th best score of an evenly spread sample can only be lower than the
    ``count``-th best of all, so every score that can make the list (ties at the cut
    included) is at least that; the items below it are dropped in C first.
    """
    if count <= 0 or len(scores) <= _SAMPLE_RATIO * 2 * count:
        return nlargest(count, scores.items(), key=itemgetter(1))
    values = list(scores.values())
    sample = values[:: len(values) // (_SAMPLE_RATIO * count)]
    cut = nlargest(count, sample)[-1]
    kept = compress(scores.items(), map(cut.__le__, values))
    return nlargest(count, kept, key=itemgetter(1))


@dataclass
class Collected:
    """What one pass found: how many, the best ones, and their facet counts."""

    total: int = 0
    #: (score, global document number), best first
    top: list[tuple[float, int]] = field(default_factory=list)
    counter: FacetCounter = field(default_factory=FacetCounter)
    #: the cues holding query words of each passage in ``top``, by its first cue
    passages: dict[int, tuple[int, ...]] = field(default_factory=dict)


def collect(
    searcher: Searcher,
    parts: Sequence[wq.Query],
    visibilities: frozenset[str],
    tables: SegmentTables,
    limit: int,
    facets: bool = True,
    bonus: wq.Query | None = None,
) -> Collected:
    """Run queries matching disjoint documents, keeping only those with ``visibilities``.

    ``bonus`` adds its score to the best :data:`RESCORE_DEPTH` matches that it matches too.
    """
    collected = Collected()
    kept = max(limit, RESCORE_DEPTH) if bonus is not None else limit
    best: list[tuple[float, int]] = []
    for subsearcher, offset in searcher.leaf_searchers():
        if not subsearcher.reader().doc_count_all():
            continue
        evaluation = SegmentEvaluation(searcher, subsearcher, tables)
        reader = evaluation.reader
        deleted = deleted_docs(reader)
        # What the visitor may not see (or is deleted), made once a segment and only in the
        # form a part needs: a mask for the array path, a set for the dictionary path.
        blocked: np.ndarray[Any, np.dtype[np.bool_]] | None = None
        hidden: frozenset[int] | None = None
        for part in parts:
            q = part.normalize()
            matches = term_matches(evaluation, q)
            if matches is not None:
                # Words, phrases and their alternatives as arrays (archive.search.engine.vectors):
                # the same count, facets and best ones, without a dictionary of every match.
                if blocked is None:
                    blocked = blocked_mask(tables, reader, visibilities, deleted)
                ids, found = visible(matches, blocked)
                collected.total += len(ids)
                if facets and len(ids):
                    collected.counter.add(tables.tracks(reader), ids)
                best.extend(best_matches((ids, found), kept, offset))
                continue
            scores = evaluation.scores(q)
            if hidden is None:
                hidden = tables.hidden(reader, visibilities)
                if deleted:
                    hidden = hidden | deleted
            for docnum in hidden.intersection(scores):
                del scores[docnum]
            if not scores:
                continue
            collected.total += len(scores)
            if facets:
                collected.counter.add(tables.tracks(reader), list(scores))
            segment_best = best_scores(scores, kept)
            best.extend((score, offset + docnum) for docnum, score in segment_best)
    top = sorted(best, key=lambda pair: (-pair[0], pair[1]))[:kept]
    if bonus is not None:
        top = rescored(searcher, tables, bonus, top)
    collected.top = top[:limit]
    return collected


def blocked_mask(
    tables: SegmentTables,
    reader: IndexReader,
    visibilities: frozenset[str],
    deleted: frozenset[int] | None = None,
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """The segment's documents the visitor may not see, or that are deleted, as a mask
    (``deleted``: the segment's deleted documents, when the caller has them already)."""
    mask = tables.hidden_mask(reader, visibilities)
    if deleted is None:
        deleted = deleted_docs(reader)
    if deleted:
        mask = mask.copy()
        mask[np.fromiter(deleted, dtype=np.intp, count=len(deleted))] = True
    return mask


def rescored(
    searcher: Searcher, tables: SegmentTables, bonus: wq.Query, top: list[tuple[float, int]]
) -> list[tuple[float, int]]:
    """``top`` with the bonus query's score added where it matches, best first again."""
    bonus = bonus.normalize()
    extra: dict[int, float] = {}
    for subsearcher, offset in searcher.leaf_searchers():
        end = offset + subsearcher.reader().doc_count_all()
        local = {d - offset for _, d in top if offset <= d < end}
        if local:
            scores = SegmentEvaluation(searcher, subsearcher, tables).scores(bonus, local)
            extra.update((offset + docnum, score) for docnum, score in scores.items())
    return sorted(((s + extra.get(d, 0.0), d) for s, d in top), key=lambda p: (-p[0], p[1]))


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
