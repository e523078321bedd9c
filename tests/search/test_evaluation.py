"""The set-based evaluation finds what Whoosh's own matchers find, with the same scores."""

from __future__ import annotations

import random
from heapq import nlargest
from operator import itemgetter

import pytest
from whoosh import query as wq

from archive.search.engine.collecting import best_scores
from archive.search.engine.evaluation import SegmentEvaluation
from archive.search.engine.index import SearchIndex
from archive.search.engine.matching import QueryBuilder
from archive.search.engine.searching import filter_query, moment_specs, replay_specs
from archive.search.engine.syntax import parse
from archive.search.engine.whoosh_internals import deleted_docs
from tests.search.builders import replay
from tests.search.judged import JudgedQuery, load_queries

QUERIES = [q for q in load_queries() if not parse(q.q).is_empty]


def assert_same_as_whoosh(index: SearchIndex, query: JudgedQuery) -> None:
    request = query.request()
    searcher = index._searcher()
    for specs, moments in ((moment_specs(request), True), (replay_specs(request), False)):
        built = QueryBuilder(searcher.reader()).build(parse(request.q), specs)
        if built is None:
            continue
        filters = filter_query(request, moments)
        for leaf, _ in searcher.leaf_searchers():
            evaluation = SegmentEvaluation(searcher, leaf, index._tables)
            for part in built.parts:
                q = (part if filters is None else wq.Require(part, filters)).normalize()
                deleted = deleted_docs(evaluation.reader)
                fast = {d: s for d, s in evaluation.scores(q).items() if d not in deleted}
                slow = evaluation.matcher_scores(q, None)
                assert fast.keys() == slow.keys()
                for docnum, score in slow.items():
                    assert fast[docnum] == pytest.approx(score, rel=1e-6)


@pytest.mark.parametrize("query", QUERIES, ids=[q.id for q in QUERIES])
def test_same_matches_and_scores_as_whoosh(judged_index: SearchIndex, query: JudgedQuery) -> None:
    assert_same_as_whoosh(judged_index, query)


def test_same_across_segments_with_deletions(index: SearchIndex) -> None:
    index.rebuild(
        [replay(f"r{n}", f"L'usine {n} produit de l'énergie.", "Une usine.") for n in range(5)]
    )
    index.replace_replay(replay("r2", "L'usine deux consomme de l'énergie."))
    index.delete_replay("r3")
    for q in ["usine", "usine énergie", '"usine deux"', "usine -produit", "usine OR consomme"]:
        assert_same_as_whoosh(index, JudgedQuery(id=q, q=q))
    assert index.search(JudgedQuery(id="x", q="usine").request()).total == 7


@pytest.mark.parametrize("count", [1, 20, 50])
def test_best_scores_are_those_heapq_keeps_ties_included(count: int) -> None:
    """The best scores of a large result come out as ``nlargest`` gives them, in the same order
    among equal scores (which decides what a page shows)."""
    rng = random.Random(count)
    for size in (10, 3000, 40_000):
        # Few distinct values: many ties, at the cut too.
        scores = {docnum: float(rng.randrange(60)) for docnum in rng.sample(range(10**6), size)}
        expected = nlargest(count, scores.items(), key=itemgetter(1))
        assert best_scores(scores, count) == expected
