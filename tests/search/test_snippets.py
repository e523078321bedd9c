"""Snippets: the cue as safe HTML with the words found in <mark>."""

from __future__ import annotations

from archive.search.engine.analysis import WORD, Language, term_for, term_spans, word_starts
from archive.search.engine.index import SearchIndex
from archive.search.engine.snippets import MAX_SNIPPET_CHARS, marked_spans, snippet_html
from tests.search.builders import ask, replay

FR = Language.FRENCH


def term(word: str) -> str:
    found = term_for(word, FR)
    assert found is not None
    return found


def test_markup_in_a_cue_comes_back_escaped(index: SearchIndex) -> None:
    index.rebuild([replay("x", "Le script <script>alert(1)</script> & l'usine")])
    snippet = index.search(ask("usine")).hits[0].snippet_html
    assert "<script>" not in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; l'<mark>usine</mark>" in snippet


def test_other_inflections_are_marked() -> None:
    terms = {term("usines")}
    assert snippet_html("Une usine, deux usines.", FR, terms) == (
        "Une <mark>usine</mark>, deux <mark>usines</mark>."
    )


def test_hyphenated_words_are_marked_by_part_or_whole() -> None:
    text = "L'intelligence-artificielle arrive."
    assert snippet_html(text, FR, {term("artificielle")}) == (
        "L'intelligence-<mark>artificielle</mark> arrive."
    )
    assert snippet_html(text, FR, {term("intelligenceartificielle")}) == (
        "L'<mark>intelligence-artificielle</mark> arrive."
    )


def test_a_short_cue_comes_back_whole() -> None:
    assert snippet_html("Rien à signaler.", FR, set()) == "Rien à signaler."


def test_a_long_cue_is_cut_around_the_first_match() -> None:
    text = " ".join(["bla"] * 200) + " la fonderie repart " + " ".join(["bla"] * 200)
    snippet = snippet_html(text, FR, {term("fonderie")})
    assert "<mark>fonderie</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= MAX_SNIPPET_CHARS + 30


def test_the_words_marked_are_those_whose_terms_are_wanted() -> None:
    """Every judged cue, marked for the terms of its own words: exactly the spans of the
    analysed words carrying one of them (the words are analysed once each, not in place)."""
    from tests.search.judged import load_replays

    for doc in load_replays():
        language = Language(doc.language)
        for moment in doc.moments[:40]:
            spans = term_spans(moment.text, language)
            for wanted in ({t for t, _, _ in spans[::3]}, {t for t, _, _ in spans[-1:]}, set()):
                expected = sorted((s, e) for t, s, e in spans if t in wanted)
                merged: list[list[int]] = []
                for start, end in expected:
                    if merged and start <= merged[-1][1]:
                        merged[-1][1] = max(merged[-1][1], end)
                    else:
                        merged.append([start, end])
                assert marked_spans(moment.text, language, wanted) == merged


def test_a_word_is_marked_where_it_stands_whole_not_inside_a_longer_one() -> None:
    """word_starts finds a word with str.find: the places it gives are exactly those where
    the word tokeniser sees that word, never part of "l'usine", "usines" or "a-usine"."""
    text = "usine l'usine usines a-usine usine- -usine ll'usine usine’ x_usine Usine usine2 usine"
    expected = [m.start() for m in WORD.finditer(text) if m.group() == "usine"]
    assert expected == [0, 29, 37, 52, 80]
    assert word_starts(text, "usine") == expected
    assert word_starts(text, "l'usine") == [6]
    assert word_starts(text, "porte") == []
