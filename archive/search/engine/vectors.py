"""A word's matches as arrays: scored, filtered, counted and cut in C (numpy).

On the general path (:mod:`archive.search.engine.evaluation`) a query's matches are a
dictionary; a word said in four hundred thousand cues (10,000 hours of talks) then costs a
dictionary of four hundred thousand entries to build, to drop what the visitor may not see
from, to count facets over and to take the best from: a third of a second. Here the same
BM25 scores (:meth:`~archive.search.engine.ranking.FieldLengths.bm25_array`: the same
floats) are computed over the posting list as arrays, hidden documents are dropped with a
mask and the best found with a partition, in a few milliseconds.

Only a word (a scorable term), with the words it excludes (AND NOT) and the filters it is
restricted to (Require), takes this path; any other query is a dictionary as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wq

from archive.search.engine.evaluation import SegmentEvaluation

#: Document numbers (segment-local, ascending) and their scores.
Matches = tuple[np.ndarray[Any, np.dtype[np.intp]], np.ndarray[Any, np.dtype[np.float64]]]


def term_matches(evaluation: SegmentEvaluation, q: wq.Query) -> Matches | None:
    """Every document matching ``q`` with its score, as :meth:`SegmentEvaluation.scores`
    gives them (deleted documents included), or None when ``q`` is not a word's query."""
    if isinstance(q, wq.Term):
        return _word(evaluation, q)
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


def _docs(evaluation: SegmentEvaluation, q: wq.Query) -> np.ndarray[Any, np.dtype[np.intp]]:
    """The documents matching ``q`` (filters: a year, an event, a language...)."""
    if isinstance(q, wq.Term):
        return np.array(evaluation.word_postings(q).ids, dtype=np.intp)
    if isinstance(q, wq.And) and q.subqueries:
        found = _docs(evaluation, q.subqueries[0])
        for sub in q.subqueries[1:]:
            found = np.intersect1d(found, _docs(evaluation, sub), assume_unique=True)
        return found
    docs = evaluation.docs(q)
    return np.fromiter(docs, dtype=np.intp, count=len(docs))


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
