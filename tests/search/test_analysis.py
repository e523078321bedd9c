"""Words become the same index terms whichever way they are written."""

from __future__ import annotations

import pytest

from archive.search.engine.analysis import Language, analyse, language_of, term_for

FR = Language.FRENCH
EN = Language.ENGLISH


def terms(text: str, language: Language = FR) -> list[str]:
    return [term for term, *_ in analyse(text, language)]


@pytest.mark.parametrize(
    "elided",
    [
        "l'usine",
        "d'usine",
        "qu'usine",
        "j'usine",
        "n'usine",
        "s'usine",
        "c'usine",
        "m'usine",
        "t'usine",
        "jusqu'usine",
        "lorsqu'usine",
        "puisqu'usine",
        "l’usine",
        "L’Usine",
        "jusqu’usine",
        "lorsqu’usine",
    ],
)
def test_french_elisions_are_cut_with_straight_and_curly_apostrophes(elided: str) -> None:
    assert terms(elided) == terms("usine")


def test_an_apostrophe_inside_a_word_is_kept() -> None:
    assert terms("aujourd'hui") == terms("aujourd’hui") == ["aujourd'hui"]
    assert terms("d'aujourd'hui") == ["aujourd'hui"]


@pytest.mark.parametrize(
    ("plain", "written"),
    [
        ("coeur", "cœur"),
        ("oeuvre", "œuvre"),
        ("ecole", "école"),
        ("CHAINE", "chaîne"),
        ("Noel", "Noël"),
    ],
)
def test_accents_and_ligatures_fold(plain: str, written: str) -> None:
    assert term_for(plain, FR) == term_for(written, FR)


def test_terms_carry_no_accent_or_ligature() -> None:
    assert terms("Cœur, œuvre, électricité, Æther") == ["coeur", "oeuvr", "electr", "aether"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("usines", "usine"),
        ("industrielles", "industriel"),
        ("relocaliser", "relocalisation"),
        ("relocalisé", "relocaliser"),
        ("décarbonée", "décarboner"),
        ("compétences", "compétence"),
        ("apprentis", "apprentie"),
    ],
)
def test_french_inflections_share_a_stem(a: str, b: str) -> None:
    assert term_for(a, FR) == term_for(b, FR)


@pytest.mark.parametrize(
    ("a", "b"),
    [("factories", "factory"), ("skilled", "skills"), ("apprenticeships", "apprenticeship")],
)
def test_english_inflections_share_a_stem(a: str, b: str) -> None:
    assert term_for(a, EN) == term_for(b, EN)


def test_english_possessive_is_dropped() -> None:
    assert terms("the company's plants", EN) == terms("company plants", EN)


def test_stop_words_are_dropped_and_positions_renumbered() -> None:
    analysed = list(analyse("la mise en place de la chaîne", FR))
    assert [t for t, *_ in analysed] == ["mis", "plac", "chain"]
    assert [p for _, p, *_ in analysed] == [0, 1, 2]
    assert terms("the and of", EN) == []


def test_hyphenated_word_gives_parts_and_joined_form() -> None:
    analysed = list(analyse("intelligence-artificielle générative", FR))
    by_term = {term: position for term, position, *_ in analysed}
    assert by_term["intelligent"] == 0
    assert by_term["artificiel"] == 1
    assert by_term["intelligenceartificiel"] == 0
    assert by_term["gener"] == 2
    assert term_for("réindustrialisation", FR) in terms("ré-industrialisation")


def test_elision_inside_a_hyphenated_word() -> None:
    assert term_for("œuvre", FR) in terms("main-d'œuvre")


def test_character_offsets_point_at_the_written_word() -> None:
    text = "Dans l’usine, les écoles"
    spans = [text[start:end] for _, _, start, end in analyse(text, FR)]
    assert spans == ["usine", "écoles"]


def test_unknown_language_codes_read_as_french() -> None:
    assert language_of("fr-CA") is FR
    assert language_of("en") is EN
    assert language_of("de") is FR
    assert language_of(None) is FR
