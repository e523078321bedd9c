"""Spelling candidates read from each segment's sorted word list: exactly the words Whoosh's
own ``terms_within`` finds by walking the term file with the same automaton."""

from __future__ import annotations

import pytest

from archive.search.engine.index import SearchIndex
from archive.search.engine.schema import VISIBILITIES, spelling_field
from archive.search.engine.suggest import accepted
from archive.search.engine.whoosh_internals import levenshtein_dfa

TYPED = [
    "indsutrie",
    "soudre",
    "energie",
    "apprentisage",
    "usnie",
    "x",
    "zzzzzz",
    "reindustrialisaton",
]


@pytest.mark.parametrize("maxdist", [1, 2])
def test_the_words_within_reach_are_those_whoosh_finds(
    judged_index: SearchIndex, maxdist: int
) -> None:
    reader = judged_index._searcher().reader()
    found_any = False
    for leaf, _ in reader.leaf_readers():
        for fieldname in (spelling_field(v) for v in VISIBILITIES):
            words, frequencies = judged_index._tables.spelling_words(leaf, fieldname)
            assert words == sorted(words)
            for typed in TYPED:
                ours = [words[at] for at in accepted(levenshtein_dfa(typed, maxdist, 1), words)]
                theirs = list(leaf.terms_within(fieldname, typed, maxdist, prefix=1))
                assert ours == theirs, (fieldname, typed)
                found_any = found_any or bool(ours)
                for word in ours:
                    assert frequencies[words.index(word)] == leaf.doc_frequency(fieldname, word)
    assert found_any  # the misspellings do reach words of the judged transcripts


def test_written_forms_from_the_sorted_lists_are_those_of_the_term_file(
    judged_index: SearchIndex,
) -> None:
    """A word typed without accents gets the same written forms from the segments' sorted
    accent lists as from Whoosh's term file."""
    from archive.search.engine.matching import QueryBuilder

    reader = judged_index._searcher().reader()
    with_lists = QueryBuilder(reader, judged_index._tables)
    from_file = QueryBuilder(reader)
    accented = 0
    for typed in ["ecole", "energie", "reindustrialisation", "securite", "usine", "etat", "a"]:
        forms = with_lists.accented_forms(typed)
        assert forms == from_file.accented_forms(typed), typed
        accented += len(forms) > 1
    assert accented >= 3  # most of these are written with accents in the transcripts
