"""Evaluating a query over one segment with whole posting lists and set operations.

The queries built by :mod:`archive.search.engine.matching` (terms, OR, AND, AND NOT, Require and
:class:`~archive.search.engine.phrases.AdjacentWords`) are evaluated here to a dictionary
``{document number: BM25 score}`` holding every match, the same scores Whoosh's matchers
would give. AND evaluates its smallest part first and only scores the others' documents
that can still match; phrases check positions only for documents holding all their words.
Any other query type goes through Whoosh's matchers. Deleted documents may be among the
matches: the caller drops them with the ones the visitor may not see.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import compress, repeat
from operator import add

from whoosh import query as wq
from whoosh.searching import Searcher

from archive.search.engine.phrases import AdjacentWords
from archive.search.engine.phrases import lined_up as words_lined_up
from archive.search.engine.postings import PostingList
from archive.search.engine.ranking import bm25_factors
from archive.search.engine.segments import SegmentTables, segment_key
from archive.search.engine.whoosh_internals import bm25_b

Scores = dict[int, float]

#: A term's scores are computed (and kept) for all its documents when the documents asked
#: for are at least this fraction of them; for fewer, only theirs, and nothing is kept.
SCORE_ALL_RATIO = 8


def _holding_all(
    lists: dict[bytes, PostingList],
    repeats: Counter[bytes],
    boost: float,
    within: Collection[int] | None = None,
) -> set[int]:
    """Documents (among ``within`` if given) holding every term, as many times as the phrase
    repeats it."""
    if within is not None and len(within) * SCORE_ALL_RATIO < min(
        len(p.ids) for p in lists.values()
    ):
        # A few documents asked for (the phrase bonus of the best matches): each is looked up
        # in each list, rather than each list read whole.
        found_in = [
            (positions_of(postings.ids, within), postings, repeats[term])
            for term, postings in lists.items()
        ]
        return {
            d
            for d in within
            if all(
                d in at and (count == 1 or postings.weights[at[d]] >= count * boost)
                for at, postings, count in found_in
            )
        }
    found: set[int] | None = None
    for term, postings in sorted(lists.items(), key=lambda item: len(item[1].ids)):
        count = repeats[term]
        if count > 1:
            # A weight is the term's frequency times the field's boost.
            pairs = zip(postings.ids, postings.weights, strict=True)
            docs = {d for d, w in pairs if w >= count * boost}
            found = docs if found is None else found & docs
        else:
            found = set(postings.ids) if found is None else found.intersection(postings.ids)
        if not found:
            return set()
    if found is not None and within is not None:
        found.intersection_update(within)
    return found or set()


def positions_of(ids: Sequence[int], docs: Iterable[int]) -> dict[int, int]:
    """Where each of ``docs`` held in the ascending ``ids`` is (bisection, in C)."""
    wanted = sorted(docs)
    at = map(bisect_left, repeat(ids), wanted)
    return {d: i for d, i in zip(wanted, at, strict=True) if i < len(ids) and ids[i] == d}


class SegmentEvaluation:
    """Evaluates queries over one segment (``leaf``) of the ``top`` searcher."""

    def __init__(self, top: Searcher, leaf: Searcher, tables: SegmentTables) -> None:
        self.top = top
        self.leaf = leaf
        self.reader = leaf.reader()
        self.segment = segment_key(self.reader)
        self.tables = tables

    def scores(self, q: wq.Query, within: Collection[int] | None = None) -> Scores:
        """Every document matching ``q`` (among ``within`` if given) with its score."""
        if q is wq.NullQuery:  # what normalize() leaves of a query that cannot match
            return {}
        if isinstance(q, wq.Term):
            return self.term_scores(q.fieldname, q.text, within)
        if isinstance(q, AdjacentWords):
            return self.phrase_scores(q, within)
        if isinstance(q, wq.Or):
            return self.any_scores(q.subqueries, within)
        if isinstance(q, wq.And):
            return self.all_scores(q.subqueries, within)
        if isinstance(q, wq.AndNot):
            found = self.scores(q.a, within)
            for docnum in self.docs(q.b, found.keys()):
                del found[docnum]
            return found
        if isinstance(q, wq.Require):
            return self.scores(q.a, self.docs(q.b, within))
        return self.matcher_scores(q, within)

    def docs(self, q: wq.Query, within: Collection[int] | None = None) -> set[int]:
        """The documents matching ``q`` (among ``within`` if given), without scores."""
        if isinstance(q, wq.Term):
            ids = self.word_postings(q).ids
            return set(ids) if within is None else set(within).intersection(ids)
        if isinstance(q, wq.And):
            found: Collection[int] | None = within
            for sub in q.subqueries:
                found = self.docs(sub, found)
                if not found:
                    return set()
            return set(found or ())
        return set(self.scores(q, within))

    def word_postings(self, q: wq.Term) -> PostingList:
        """The segment's postings of one word (deleted documents included)."""
        term = self.reader.schema[q.fieldname].to_bytes(q.text)
        return self.tables.postings.get(self.segment, self.reader, q.fieldname, term)

    def word_scores(self, q: wq.Term) -> Mapping[int, float]:
        """Every document holding a word, with its score, to look documents up in.

        Shared with the score cache (no copy is made): never change it.
        """
        return self.term_scores(q.fieldname, q.text, None, shared=True)

    def term_scores(
        self, fieldname: str, text: str, within: Collection[int] | None, shared: bool = False
    ) -> Scores:
        """BM25 of one term in each document holding it (``shared``: see :meth:`word_scores`)."""
        field = self.reader.schema[fieldname]
        postings_key = field.to_bytes(text)
        postings = self.tables.postings.get(self.segment, self.reader, fieldname, postings_key)
        if not postings.ids:
            return {}
        pairs = zip(postings.ids, postings.weights, strict=True)
        if not field.scorable:
            return {d: 0.0 for d, _ in pairs if within is None or d in within}
        a, b, c = self.bm25_factors(fieldname, text)
        key = (self.segment, fieldname, postings_key, a, b, c)
        full = self.tables.scores.get(key)
        if full is None:
            lengths = self.tables.lengths(self.reader, fieldname)
            # A list too long to be kept is never scored whole for a few of its documents.
            most = self.tables.scores.max_weight
            too_long = most is not None and len(postings.ids) > most
            if within is not None and len(within) * SCORE_ALL_RATIO < len(postings.ids):
                # A few documents: looked up in the list, not the list read whole.
                at = positions_of(postings.ids, within)
                weights = [postings.weights[i] for i in at.values()]
                return lengths.bm25(list(at), weights, (a, b, c))
            if within is not None and too_long:
                wanted = list(map(within.__contains__, postings.ids))
                ids = compress(postings.ids, wanted)
                return lengths.bm25(ids, compress(postings.weights, wanted), (a, b, c))
            full = lengths.bm25(postings.ids, postings.weights, (a, b, c))
            self.tables.scores.put(key, full)
        if within is None:
            return full if shared else dict(full)
        # In posting order, as computed: ties keep the same order from one search to the next.
        # (Document numbers ascend in a posting list: a few sorted numbers are that order.)
        if len(within) * SCORE_ALL_RATIO < len(full):
            kept = sorted(filter(full.__contains__, within))
        else:
            kept = list(filter(within.__contains__, full))
        return dict(zip(kept, map(full.__getitem__, kept), strict=True))

    def bm25_factors(self, fieldname: str, text: str) -> tuple[float, float, float]:
        """A term's BM25 factors (see :func:`~archive.search.engine.ranking.bm25_factors`)."""
        weighting = self.top.weighting
        return bm25_factors(
            self.top.idf(fieldname, text),
            self.top.avg_field_length(fieldname) or 1,
            bm25_b(weighting, fieldname),
            weighting.K1,
        )

    def any_scores(self, subqueries: list[wq.Query], within: Collection[int] | None) -> Scores:
        """OR: every document matching one of the parts, scores added up."""
        found: Scores = {}
        for sub in subqueries:
            scores = self.scores(sub, within)
            if not found:
                found = scores
                continue
            for docnum, score in scores.items():
                found[docnum] = found.get(docnum, 0.0) + score
        return found

    def all_scores(self, subqueries: list[wq.Query], within: Collection[int] | None) -> Scores:
        """AND: the rarest part first, then each other part only where it can still match."""
        ordered = sorted(subqueries, key=lambda sub: sub.estimate_size(self.reader))
        found = self.scores(ordered[0], within)
        for sub in ordered[1:]:
            if not found:
                break
            scores = self.scores(sub, found.keys())
            found = {docnum: found[docnum] + score for docnum, score in scores.items()}
        return found

    def phrase_scores(self, q: AdjacentWords, within: Collection[int] | None) -> Scores:
        """Documents where the words follow each other, scored as the words together."""
        docs = self.phrase_docs(q, within)
        lined_up = set(docs)
        per_word = [self.term_scores(q.fieldname, word, lined_up) for word in q.words]
        # The words' scores added in order, as sum() would, in C (a phrase of common words
        # lines up in tens of thousands of cues).
        totals = map(per_word[0].__getitem__, docs)
        for scores in per_word[1:]:
            totals = map(add, totals, map(scores.__getitem__, docs))
        return dict(zip(docs, totals, strict=True))

    def phrase_docs(self, q: AdjacentWords, within: Collection[int] | None = None) -> Sequence[int]:
        """The documents (among ``within`` if given) where the words follow each other,
        ascending. A phrase's documents in the whole segment are kept (see
        :attr:`SegmentTables.phrases`): the same phrase searched again, or its next page,
        only scores them."""
        key = (self.segment, q.fieldname, tuple(q.words))
        if within is None:
            known = self.tables.phrases.get(key)
            if known is not None:
                return known
        field = self.reader.schema[q.fieldname]
        terms = [field.to_bytes(word) for word in q.words]
        cache = self.tables.postings
        lists = {t: cache.get(self.segment, self.reader, q.fieldname, t) for t in set(terms)}
        candidates = _holding_all(lists, Counter(terms), field.format.field_boost, within)
        found = array("I")
        if candidates:
            positions = [
                cache.positions(self.segment, self.reader, q.fieldname, t, candidates)
                for t in terms
            ]
            found = array("I", sorted(words_lined_up(candidates, positions)))
        if within is None:
            self.tables.phrases.put(key, found)
        return found

    def matcher_scores(self, q: wq.Query, within: Collection[int] | None) -> Scores:
        """Any other query, through Whoosh's matchers."""
        found: Scores = {}
        matcher = q.matcher(self.leaf, self.top.context())
        while matcher.is_active():
            docnum = matcher.id()
            if within is None or docnum in within:
                found[docnum] = matcher.score()
            matcher.next()
        return found
