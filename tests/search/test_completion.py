"""Suggestions as you type: words and phrases said, names, each with what it is."""

from __future__ import annotations

import pytest

from archive.search.engine.completion import Completion, CompletionKind
from archive.search.engine.index import SearchIndex
from tests.search.builders import ANONYMOUS, EDITOR, replay

WORD, SPEAKER, TITLE = CompletionKind.WORD, CompletionKind.SPEAKER, CompletionKind.TITLE


@pytest.fixture
def catalogue(index: SearchIndex) -> SearchIndex:
    index.rebuild(
        [
            replay(
                "public",
                ("Claire Vasseur", "La souveraineté industrielle compte."),
                ("Claire Vasseur", "Le jumeau numérique aide, le jumeau numérique teste."),
                ("Hugo Marin", "Souvent, la soudure attend."),
                title="Keynote : la souveraineté en question",
                themes=("Numérique",),
                event="Assises de l'Industrie",
            ),
            replay("other", "Souveraineté encore, et soudure.", title="Table ronde"),
            replay(
                "private",
                ("Léa Zephyr", "Le projet Montvalon avance."),
                visibility="private",
                title="Comité Montvalon",
            ),
            replay("unlisted", "La gigafactory de Lien tourne.", visibility="unlisted"),
        ]
    )
    return index


def texts(found: list[Completion]) -> list[tuple[str, CompletionKind]]:
    return [(c.text, c.kind) for c in found]


def test_a_word_said_is_completed_as_written(catalogue: SearchIndex) -> None:
    found = texts(catalogue.complete("souv", ANONYMOUS))
    assert ("souveraineté", WORD) in found and ("Souvent", WORD) in found
    # Said in two replays, "souveraineté" comes before "Souvent" (said in one).
    assert found.index(("souveraineté", WORD)) < found.index(("Souvent", WORD))


def test_accents_and_case_do_not_matter_in_what_is_typed(catalogue: SearchIndex) -> None:
    assert texts(catalogue.complete("SOUVE", ANONYMOUS)) == texts(
        catalogue.complete("souvé", ANONYMOUS)
    )


def test_names_say_what_they_are(catalogue: SearchIndex) -> None:
    assert ("Claire Vasseur", SPEAKER) in texts(catalogue.complete("vass", ANONYMOUS))
    assert ("Claire Vasseur", SPEAKER) in texts(catalogue.complete("claire v", ANONYMOUS))
    assert ("Keynote : la souveraineté en question", TITLE) in texts(
        catalogue.complete("souv", ANONYMOUS)
    )
    assert ("Numérique", CompletionKind.THEME) in texts(catalogue.complete("num", ANONYMOUS))
    assert ("Assises de l'Industrie", CompletionKind.EVENT) in texts(
        catalogue.complete("assises", ANONYMOUS)
    )


def test_phrases_said_more_than_once_are_offered(catalogue: SearchIndex) -> None:
    found = texts(catalogue.complete("jumeau n", ANONYMOUS))
    assert found == [("jumeau numérique", WORD)]
    # Said once only: not a phrase worth offering.
    assert ("souveraineté industrielle", WORD) not in texts(catalogue.complete("souv", EDITOR))


def test_the_last_word_is_completed_after_the_words_typed_before(catalogue: SearchIndex) -> None:
    assert ("soudure souveraineté", WORD) in texts(catalogue.complete("soudure souv", ANONYMOUS))


def test_private_and_unlisted_words_reach_editors_only(catalogue: SearchIndex) -> None:
    for typed in ("montv", "zeph", "gigaf"):
        assert catalogue.complete(typed, ANONYMOUS) == [], typed
        assert catalogue.complete(typed, EDITOR), typed


def test_a_replay_made_private_stops_being_suggested(catalogue: SearchIndex) -> None:
    catalogue.replace_replay(replay("other", "Gouvernance et soudure.", visibility="private"))
    assert ("Gouvernance", WORD) not in texts(catalogue.complete("gouv", ANONYMOUS))
    assert ("Gouvernance", WORD) in texts(catalogue.complete("gouv", EDITOR))
    assert ("Table ronde", TITLE) not in texts(catalogue.complete("table", ANONYMOUS))


def test_stop_words_short_words_and_unknown_prefixes_give_nothing(catalogue: SearchIndex) -> None:
    assert catalogue.complete("xyzzy", ANONYMOUS) == []
    assert ("le", WORD) not in texts(catalogue.complete("le", EDITOR))
    assert catalogue.complete("  ", ANONYMOUS) == []


def test_at_most_the_limit_is_returned(catalogue: SearchIndex) -> None:
    assert len(catalogue.complete("s", EDITOR, limit=2)) == 2
