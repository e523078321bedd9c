"""A query's matches as arrays: scored, filtered, counted and cut in C (numpy).

On the general path (:mod:`archive.search.engine.evaluation`) a query's matches are a
dictionary; a word said in four hundred thousand cues (10,000 hours of talks) then costs a
dictionary of four hundred thousand entries to build, to drop what the visitor may not see
from, to count facets over and to take the best from: a third of a second. Here the same
BM25 scores (:meth:`~archive.search.engine.ranking.FieldLengths.bm25_array`: the same
floats) are computed over the posting list as arrays, hidden documents are dropped with a
mask and the best found with a partition, in a few milliseconds.

A word (a scorable term), a phrase and alternatives of those, with the words they exclude
(AND NOT) and the filters they are restricted to (Require), are evaluated here directly;
any other query is evaluated as a dictionary and then turned into arrays
(:func:`group_matches`). Matches of
several groups are combined here too (:func:`both`, :func:`merged`) for
:mod:`archive.search.engine.moments`. Arrays of matches always hold ascending document
numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wq

from archive.search.engine.evaluation import Scores, SegmentEvaluation
from archive.search.engine.phrases import AdjacentWords

#: Document numbers (segment-local, ascending) and their scores.
Matches = tuple[np.ndarray[Any, np.dtype[np.intp]], np.ndarray[Any, np.dtype[np.float64]]]
#: One flag per document of a segment.
Mask = np.ndarray[Any, np.dtype[np.bool_]]
DocArray = np.ndarray[Any, np.dtype[np.intp]]

#: :func:`both` looks documents up by bisection below this fraction of the segment, and in a
#: table as long as the segment above it.
_BISECT_BELOW = 1 / 32


def term_matches(evaluation: SegmentEvaluation, q: wq.Query) -> Matches | None:
    """Every document matching ``q`` with its score, as :meth:`SegmentEvaluation.scores`
    gives them (deleted documents included), or None when ``q`` is not a word's query."""
    if isinstance(q, wq.Term):
        return _word(evaluation, q)
    if isinstance(q, AdjacentWords):
        return _phrase(evaluation, q)
    if isinstance(q, wq.Or) and q.subqueries:
        parts = [term_matches(evaluation, sub) for sub in q.subqueries]
        if any(part is None for part in parts):
            return None
        found = parts[0]
        for part in parts[1:]:
            found = either(found, part)  # type: ignore[arg-type]
        return found
    if isinstance(q, wq.AndNot | wq.Require):
        found = term_matches(evaluation, q.a)
        if found is None:
            return None
        ids, scores = found
        marked = np.zeros(evaluation.reader.doc_count_all(), dtype=np.bool_)
        marked[_docs(evaluation, q.b)] = True
        keep = marked[ids]
        if isinstance(q, wq.AndNot):
            keep = ~keep
        return ids[keep], scores[keep]
    return None


def group_matches(
    evaluation: SegmentEvaluation, q: wq.Query, within: set[int] | None = None
) -> Matches:
    """Every document matching ``q`` with its score, as arrays; ``within`` (if given) bounds
    the documents evaluated when ``q`` is not a word's query (a word's are all there)."""
    found = term_matches(evaluation, q)
    return found if found is not None else as_matches(evaluation.scores(q, within))


def docs_matching(
    evaluation: SegmentEvaluation, q: wq.Query, within: Mask | None = None
) -> DocArray:
    """The documents matching ``q`` (a filter, an excluded word...), among those ``within``
    marks if given."""
    if _words_only(q):
        found = _docs(evaluation, q)
        return found if within is None else found[within[found]]
    wanted = None if within is None else set(np.flatnonzero(within).tolist())
    docs = evaluation.docs(q, wanted)
    return np.sort(np.fromiter(docs, dtype=np.intp, count=len(docs)))


def _words_only(q: wq.Query) -> bool:
    """Whether ``q`` is words, or ANDs and ORs of words (read from posting lists alone)."""
    if isinstance(q, wq.Term):
        return True
    return isinstance(q, wq.And | wq.Or) and all(map(_words_only, q.subqueries))


def _docs(evaluation: SegmentEvaluation, q: wq.Query) -> DocArray:
    if isinstance(q, wq.Term):
        return np.array(evaluation.word_postings(q).ids, dtype=np.intp)
    if isinstance(q, wq.And | wq.Or) and q.subqueries:
        found = _docs(evaluation, q.subqueries[0])
        for sub in q.subqueries[1:]:
            other = _docs(evaluation, sub)
            if isinstance(q, wq.And):
                found = np.intersect1d(found, other, assume_unique=True)
            else:
                found = np.union1d(found, other)
        return found
    docs = evaluation.docs(q)
    return np.sort(np.fromiter(docs, dtype=np.intp, count=len(docs)))


def _word(evaluation: SegmentEvaluation, q: wq.Term) -> Matches | None:
    reader = evaluation.reader
    if not reader.schema[q.fieldname].scorable:
        return None
    postings = evaluation.word_postings(q)
    ids = np.array(postings.ids, dtype=np.intp)
    if not len(ids):
        return ids, np.zeros(0, dtype=np.float64)
    weights = np.array(postings.weights, dtype=np.float64)
    lengths = evaluation.tables.lengths(reader, q.fieldname)
    factors = evaluation.bm25_factors(q.fieldname, q.text)
    return ids, lengths.bm25_array(ids, weights, factors)


def _phrase(evaluation: SegmentEvaluation, q: AdjacentWords) -> Matches | None:
    """A phrase's matches, scored as its words together (the same floats as
    :meth:`SegmentEvaluation.phrase_scores`: each word's BM25, added in order)."""
    reader = evaluation.reader
    if not reader.schema[q.fieldname].scorable:
        return None
    docs = np.array(evaluation.phrase_docs(q), dtype=np.intp)
    total = np.zeros(len(docs), dtype=np.float64)
    if not len(docs):
        return docs, total
    lengths = evaluation.tables.lengths(reader, q.fieldname)
    for number, word in enumerate(q.words):
        postings = evaluation.word_postings(wq.Term(q.fieldname, word))
        at = np.searchsorted(np.frombuffer(postings.ids, dtype=np.uint32), docs)
        weights = np.frombuffer(postings.weights, dtype=np.float32)[at].astype(np.float64)
        scores = lengths.bm25_array(docs, weights, evaluation.bm25_factors(q.fieldname, word))
        total = scores if number == 0 else total + scores
    return docs, total


def visible(matches: Matches, hidden: np.ndarray[Any, np.dtype[np.bool_]]) -> Matches:
    """The matches whose document ``hidden`` does not mark."""
    ids, scores = matches
    keep = ~hidden[ids]
    return ids[keep], scores[keep]


def best_matches(matches: Matches, count: int, offset: int) -> list[tuple[float, int]]:
    """The best ``count`` matches as (score, ``offset`` + document number), best first, ties
    in document order: what :func:`~archive.search.engine.collecting.best_scores` keeps of the
    same scores in a dictionary."""
    ids, scores = matches
    if count <= 0 or not len(ids):
        return []
    if len(scores) > count:
        cut = np.partition(scores, len(scores) - count)[len(scores) - count]
        chosen = np.flatnonzero(scores >= cut)  # ties at the cut included
        ids, scores = ids[chosen], scores[chosen]
    order = np.lexsort((ids, -scores))[:count]
    return list(zip(scores[order].tolist(), (ids[order] + offset).tolist(), strict=True))


def as_matches(scores: Scores) -> Matches:
    """A dictionary of matches as arrays, in document order."""
    ids = np.fromiter(scores.keys(), dtype=np.intp, count=len(scores))
    values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
    order = np.argsort(ids, kind="stable")
    return ids[order], values[order]


def mask_of(ids: DocArray, size: int) -> Mask:
    """``ids`` marked among ``size`` documents."""
    mask = np.zeros(size, dtype=np.bool_)
    mask[ids] = True
    return mask


def both(first: Matches, then: Matches, size: int) -> Matches:
    """The documents of ``first`` also in ``then``, each score ``first``'s plus ``then``'s
    (the AND of :meth:`SegmentEvaluation.all_scores`, the same floats)."""
    ids, scores = first
    other_ids, other_scores = then
    if not len(ids) or not len(other_ids):
        return ids[:0], scores[:0]
    if len(ids) < size * _BISECT_BELOW:
        at = np.searchsorted(other_ids, ids)
        at[at == len(other_ids)] = 0
        found = other_ids[at] == ids
        at = at[found]
    else:
        where = np.full(size, -1, dtype=np.intp)
        where[other_ids] = np.arange(len(other_ids))
        at = where[ids]
        found = at >= 0
        at = at[found]
    return ids[found], scores[found] + other_scores[at]


def either(first: Matches, then: Matches) -> Matches:
    """The documents of ``first`` or ``then``, scores added where both match (the OR of
    :meth:`SegmentEvaluation.any_scores`, the same floats: ``first``'s plus ``then``'s)."""
    ids = np.concatenate((first[0], then[0]))
    # A stable sort of two ascending runs: a document in both comes out twice, ``first``'s
    # entry before ``then``'s.
    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    scores = np.concatenate((first[1], then[1]))[order]
    again = ids[1:] == ids[:-1]
    if not again.any():
        return ids, scores
    pair = np.flatnonzero(again)
    scores[pair] = scores[pair] + scores[pair + 1]
    keep = np.ones(len(ids), dtype=np.bool_)
    keep[pair + 1] = False
    return ids[keep], scores[keep]


def merged(known: Matches, more: Matches) -> Matches:
    """Matches of the same query over two disjoint sets of documents, as one."""
    if not len(more[0]):
        return known
    ids = np.concatenate((known[0], more[0]))
    order = np.argsort(ids, kind="stable")
    return ids[order], np.concatenate((known[1], more[1]))[order]
