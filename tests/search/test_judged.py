"""The judged query set (tests/data/search) passes in full through SearchIndex.search."""

from __future__ import annotations

import pytest

from archive.search.engine.index import SearchIndex
from tests.search.judged import JudgedQuery, load_queries, problems

QUERIES = load_queries()


def test_the_set_covers_what_it_should() -> None:
    assert len(QUERIES) >= 40
    assert len({q.id for q in QUERIES}) == len(QUERIES)
    assert any(q.checks_suggestion and q.suggestion for q in QUERIES)
    assert any(q.forbid for q in QUERIES)
    assert any(q.filters.get("speaker") for q in QUERIES)
    assert any(q.total == 0 for q in QUERIES)
    # Queries as people type them (issue 13): words spread over neighbouring cues, a speaker
    # and a topic, a title, chapter or session-type word and a word said, a first name alone.
    for kind in ("passage-", "speaker-topic-", "title-word-", "first-name-", "chapter-"):
        assert sum(q.id.startswith(kind) for q in QUERIES) >= 1, kind
    assert sum(q.id.startswith("passage-") for q in QUERIES) >= 5


@pytest.mark.parametrize("query", QUERIES, ids=[q.id for q in QUERIES])
def test_judged_query(judged_index: SearchIndex, query: JudgedQuery) -> None:
    results = judged_index.search(query.request())
    assert problems(query, results) == [], query.why
