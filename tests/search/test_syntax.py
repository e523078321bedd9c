"""The query language: what users type is read the way they mean it, and never fails."""

from __future__ import annotations

from archive.search.engine.syntax import MAX_ITEMS, MAX_QUERY_CHARS, Item, ItemKind, parse

W, P, X = ItemKind.WORD, ItemKind.PHRASE, ItemKind.WILDCARD


def test_words_are_anded() -> None:
    assert parse("usine énergie").groups == [[Item(W, "usine")], [Item(W, "énergie")]]


def test_phrases_in_straight_curly_and_french_quotes() -> None:
    for q in (
        '"chaîne d\'approvisionnement"',
        "“chaîne d'approvisionnement”",
        "« chaîne d'approvisionnement »",
    ):
        assert parse(q).groups == [[Item(P, "chaîne d'approvisionnement")]]


def test_or_joins_neighbours() -> None:
    assert parse("hydrogène OR électricité usine").groups == [
        [Item(W, "hydrogène"), Item(W, "électricité")],
        [Item(W, "usine")],
    ]


def test_exclusions() -> None:
    parsed = parse('usine -nuit NOT "four électrique"')
    assert parsed.groups == [[Item(W, "usine")]]
    assert parsed.excluded == [Item(W, "nuit"), Item(P, "four électrique")]


def test_hyphenated_word_is_not_an_exclusion() -> None:
    assert parse("re-industrialisation").groups == [[Item(W, "re-industrialisation")]]


def test_wildcards() -> None:
    assert parse("chaudron*").groups == [[Item(X, "chaudron*")]]


def test_unbalanced_quote_reads_as_words() -> None:
    assert parse('"usine énergie').groups == [[Item(W, "usine")], [Item(W, "énergie")]]


def test_operators_alone_ask_for_nothing() -> None:
    for q in ["OR", "OR OR", "-", "NOT", "AND", '""', "   ", ""]:
        assert parse(q).is_empty, q


def test_only_exclusions_ask_for_nothing() -> None:
    assert parse("-usine").is_empty


def test_long_queries_are_cut() -> None:
    parsed = parse(" ".join(f"mot{n}" for n in range(200)))
    assert len(parsed.groups) == MAX_ITEMS
    assert len(parse("a" * 10_000).groups[0][0].text) == MAX_QUERY_CHARS
