"""The set-based evaluation finds what Whoosh's own matchers find, with the same scores."""

from __future__ import annotations

import random
from heapq import nlargest
from operator import itemgetter

import numpy as np
import pytest
from whoosh import query as wq

from archive.search.engine.collecting import best_scores
from archive.search.engine.evaluation import SegmentEvaluation
from archive.search.engine.index import SearchIndex
from archive.search.engine.matching import QueryBuilder
from archive.search.engine.phrases import lined_up, phrase_starts
from archive.search.engine.schema import VISIBILITIES
from archive.search.engine.searching import filter_query, moment_specs, replay_specs
from archive.search.engine.syntax import parse
from archive.search.engine.vectors import best_matches, term_matches, visible
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


def assert_arrays_as_dictionaries(index: SearchIndex, query: JudgedQuery) -> None:
    """A word's, a phrase's or alternatives' matches as arrays (archive.search.engine.vectors):
    the same documents, the same floats and the same best ones as the dictionary path, for
    every visitor."""
    request = query.request()
    searcher = index._searcher()
    built = QueryBuilder(searcher.reader()).build(parse(request.q), moment_specs(request))
    if built is None:
        return
    filters = filter_query(request, True)
    for leaf, offset in searcher.leaf_searchers():
        evaluation = SegmentEvaluation(searcher, leaf, index._tables)
        for visibilities in (frozenset({"public"}), frozenset(VISIBILITIES)):
            mask = index._tables.hidden_mask(evaluation.reader, visibilities)
            hidden = index._tables.hidden(evaluation.reader, visibilities)
            for part in built.parts:
                q = (part if filters is None else wq.Require(part, filters)).normalize()
                matches = term_matches(evaluation, q)
                if matches is None:
                    continue
                ids, scores = visible(matches, mask)
                expected = {d: s for d, s in evaluation.scores(q).items() if d not in hidden}
                assert dict(zip(ids.tolist(), scores.tolist(), strict=True)) == expected
                for count in (1, 5, 50):
                    best = best_matches((ids, scores), count, offset)
                    kept = best_scores(expected, count)
                    assert best == sorted(((s, offset + d) for d, s in kept), key=_rank)


def _rank(pair: tuple[float, int]) -> tuple[float, int]:
    return -pair[0], pair[1]


@pytest.mark.parametrize("query", QUERIES, ids=[q.id for q in QUERIES])
def test_a_word_as_arrays_is_the_same_as_a_dictionary(
    judged_index: SearchIndex, query: JudgedQuery
) -> None:
    assert_arrays_as_dictionaries(judged_index, query)


def test_a_word_as_arrays_with_exclusions_filters_and_deletions(index: SearchIndex) -> None:
    index.rebuild(
        [
            replay(
                f"r{n}",
                f"L'usine {n} produit de l'énergie. Une usine. Usine usine.",
                "Usine.",
                year=2024 if n % 2 else 2025,
                visibility="private" if n == 4 else "public",
            )
            for n in range(6)
        ]
    )
    index.replace_replay(replay("r2", "L'usine deux consomme de l'énergie."))
    index.delete_replay("r3")
    for q in ["usine", "usine -produit", "usine -énergie", "énergie"]:
        assert_arrays_as_dictionaries(index, JudgedQuery(id=q, q=q))
        assert_arrays_as_dictionaries(index, JudgedQuery(id=q, q=q, filters={"year": 2024}))


def test_best_matches_keep_the_ties_in_document_order() -> None:
    rng = random.Random(3)
    ids = np.array(sorted(rng.sample(range(10**6), 40_000)), dtype=np.intp)
    scores = np.array([float(rng.randrange(60)) for _ in ids])
    as_dict = dict(zip(ids.tolist(), scores.tolist(), strict=True))
    for count in (1, 20, 50):
        expected = sorted(((s, 7 + d) for d, s in best_scores(as_dict, count)), key=_rank)
        assert best_matches((ids, scores), count, offset=7) == expected


def test_words_lined_up_as_phrase_starts_finds_them_document_by_document() -> None:
    rng = random.Random(11)
    for words in (2, 3):
        positions: list[dict[int, tuple[int, ...]]] = [{} for _ in range(words)]
        docs = list(range(3000))
        for doc in docs:
            for word in positions:
                # Mostly said once, sometimes more; often right after the word before.
                said = {rng.randrange(8) for _ in range(rng.choice((1, 1, 1, 2, 3)))}
                word[doc] = tuple(sorted(said))
        expected = {d for d in docs if phrase_starts([word[d] for word in positions])}
        found = lined_up(docs, positions)
        assert found == expected and 0 < len(found) < len(docs)
        # Iterated as a set comprehension over the documents would be (ties keep their order).
        assert list(found) == list({d for d in docs if d in expected})


def test_a_few_documents_asked_for_score_as_in_the_whole_list(index: SearchIndex) -> None:
    """Scores and phrases asked for a few documents (the phrase bonus of the best matches)
    look them up in the posting lists: the same matches and floats as the whole lists give."""
    sentences = [
        "L'usine produit de l'énergie.",
        "Une usine usine encore, usine produit.",
        "Le produit de l'usine.",
        "Rien à voir.",
    ]
    index.rebuild([replay(f"r{n}", *(sentences[(n + i) % 4] for i in range(40))) for n in range(3)])
    searcher = index._searcher()
    rng = random.Random(7)
    for text in ["usine", '"usine produit"', '"usine usine"', "usine OR énergie"]:
        built = QueryBuilder(searcher.reader()).build(
            parse(text), moment_specs(JudgedQuery(id=text, q=text).request())
        )
        assert built is not None
        for leaf, _ in searcher.leaf_searchers():
            evaluation = SegmentEvaluation(searcher, leaf, index._tables)
            q = built.query.normalize()
            whole = evaluation.scores(q)
            assert len(whole) > 16, text  # enough for the lookup path to be taken
            for size in (1, 2, 5):
                within = set(rng.sample(range(evaluation.reader.doc_count_all()), size))
                expected = {d: s for d, s in whole.items() if d in within}
                assert evaluation.scores(q, within) == expected, (text, within)


def test_a_phrase_searched_again_follows_the_index(index: SearchIndex) -> None:
    """A phrase's documents are kept per segment: searched again it finds the same, and a
    replay changed or removed since is not found from what was kept."""
    index.rebuild(
        [
            replay("r1", "La mobilité interne des équipes.", "Autre chose."),
            replay("r2", "Parlons de mobilité interne.", "La mobilité interne encore."),
        ]
    )
    phrase = JudgedQuery(id="p", q='"mobilité interne"').request()
    first = index.search(phrase)
    assert first.total == 3
    assert index.search(phrase) == first
    index.replace_replay(replay("r2", "Plus rien de tel."))
    assert {hit.replay_id for hit in index.search(phrase).hits} == {"r1"}
    index.delete_replay("r1")
    assert index.search(phrase).total == 0
