"""Fielded matching: query words that name a replay count as met for the moments of it."""

from __future__ import annotations

import pytest

from archive.search.engine.index import SearchIndex
from archive.search.engine.query import HitKind
from tests.search.builders import EDITOR, ask, replay


@pytest.fixture
def talks(index: SearchIndex) -> SearchIndex:
    index.rebuild(
        [
            replay(
                "skills",
                ("Thomas Lefèvre", "Nous manquons surtout de soudeurs."),
                ("Amina Benali", "Les soudeurs partent à la retraite."),
                ("Amina Benali", "Le tutorat marche bien."),
                title="Former la relève",
                themes=("Apprentissage",),
                chapters=("Recruter des tuteurs",),
                session_type="masterclass",
                event="Assises de la métallurgie",
            ),
            replay(
                "energy",
                ("Élodie Garnier", "Les soudeurs sont rares aussi chez nous."),
                ("Élodie Garnier", "La cybersécurité des fours connectés."),
                title="Énergie et fours",
                event="Forum énergie",
            ),
            replay(
                "secret",
                ("Léa Zephyr", "La cybersécurité du projet reste confidentielle."),
                visibility="private",
                title="Comité Orion",
            ),
        ]
    )
    return index


def moments(index: SearchIndex, q: str, **options: object) -> list[tuple[str, float]]:
    results = index.search(ask(q, **options))  # type: ignore[arg-type]
    return [(h.replay_id, h.start) for h in results.hits if h.kind is HitKind.MOMENT]


def test_a_speaker_name_finds_what_is_said_in_that_speakers_replays(talks: SearchIndex) -> None:
    assert moments(talks, "Lefèvre soudeurs") == [("skills", 0.0), ("skills", 8.0)]


def test_the_named_speakers_own_cues_come_first(talks: SearchIndex) -> None:
    assert moments(talks, "Benali soudeurs")[0] == ("skills", 8.0)
    assert moments(talks, "Lefèvre soudeurs")[0] == ("skills", 0.0)


def test_names_are_folded_and_stemmed_like_what_was_said(talks: SearchIndex) -> None:
    assert moments(talks, "LEFEVRE soudeur") == moments(talks, "Lefèvre soudeurs")
    assert moments(talks, "elodie soudeur") == [("energy", 0.0)]


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("relève soudeurs", [("skills", 0.0), ("skills", 8.0)]),  # a title word
        ("apprentissage tutorat", [("skills", 16.0)]),  # a theme
        ("tuteurs soudeurs", [("skills", 0.0), ("skills", 8.0)]),  # a chapter title
        ("masterclass tutorat", [("skills", 16.0)]),  # the session type
        ("métallurgie tutorat", [("skills", 16.0)]),  # the event
        ("fours cybersécurité", [("energy", 8.0)]),  # a title word also said
    ],
)
def test_title_theme_chapter_type_and_event_words_count_as_met(
    talks: SearchIndex, q: str, found: list[tuple[str, float]]
) -> None:
    assert sorted(moments(talks, q)) == found


def test_words_never_said_together_find_nothing(talks: SearchIndex) -> None:
    # "tutorat" is said in one replay, "cybersécurité" in another: no replay names either.
    assert talks.search(ask("tutorat cybersécurité")).total == 0
    # Lefèvre speaks in "skills", which never mentions cybersecurity.
    assert talks.search(ask("Lefèvre cybersécurité")).total == 0


def test_a_query_made_only_of_names_finds_the_replay_as_before(talks: SearchIndex) -> None:
    results = talks.search(ask("Amina Benali"))
    assert [(h.replay_id, h.kind) for h in results.hits] == [("skills", HitKind.REPLAY)]
    assert results.total == 1


def test_names_of_replays_the_visitor_may_not_see_meet_nothing(talks: SearchIndex) -> None:
    assert talks.search(ask("Zephyr cybersécurité")).total == 0
    assert moments(talks, "Zephyr cybersécurité", visibilities=EDITOR) == [("secret", 0.0)]


def test_a_speaker_filter_still_applies_to_each_cue(talks: SearchIndex) -> None:
    assert moments(talks, "Lefèvre soudeurs", speaker="Amina Benali") == [("skills", 8.0)]


def test_exclusion_and_filters_apply_to_moments_found_through_names(talks: SearchIndex) -> None:
    assert moments(talks, "Lefèvre soudeurs -retraite") == [("skills", 0.0)]
    assert moments(talks, "Lefèvre soudeurs", replay="energy") == []


def test_a_named_word_said_just_after_is_shown_in_the_moment(index: SearchIndex) -> None:
    talk = replay("talk", "La soudure recrute.", "Le numérique aussi.", themes=("Numérique",))
    index.rebuild([talk])
    (hit,) = index.search(ask("soudure numérique")).hits
    assert (hit.start, hit.end) == (0.0, 15.5)
    assert "<mark>soudure</mark>" in hit.snippet_html
    assert "<mark>numérique</mark>" in hit.snippet_html
