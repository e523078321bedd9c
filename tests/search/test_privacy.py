"""Private and unlisted replays never reach visitors without rights, in any part of a result."""

from __future__ import annotations

import pytest

from archive.search.engine.index import SearchIndex
from tests.search.builders import ANONYMOUS, EDITOR, ask, replay


@pytest.fixture
def mixed(index: SearchIndex) -> SearchIndex:
    index.rebuild(
        [
            replay(
                "open", ("Ana Roy", "La gigafactory de Douvrin ouvre en mai."), title="Batteries"
            ),
            replay(
                "hidden",
                ("Léa Secret", "La gigafactory Zephyrine reste confidentielle."),
                visibility="private",
                title="Projet Zephyrine",
                event_slug="comite",
                year=2019,
            ),
            replay(
                "link-only",
                ("Max Lien", "La gigafactory de Lien tourne."),
                visibility="unlisted",
                title="Visite Lien",
                event_slug="visites",
                year=2018,
            ),
        ]
    )
    return index


def test_anonymous_visitors_see_public_replays_only(mixed: SearchIndex) -> None:
    results = mixed.search(ask("gigafactory"))
    assert {hit.replay_id for hit in results.hits} == {"open"}
    assert results.total == 1


def test_facets_count_only_what_the_visitor_may_see(mixed: SearchIndex) -> None:
    facets = mixed.search(ask("gigafactory")).facets
    assert [value for value, _, _ in facets["event"]] == ["rencontres-2025"]
    assert [label for _, label, _ in facets["speaker"]] == ["Ana Roy"]
    assert [value for value, _, _ in facets["year"]] == ["2025"]


def test_replay_titles_of_private_replays_are_not_found(mixed: SearchIndex) -> None:
    assert mixed.search(ask("Zephyrine")).hits == []
    assert mixed.search(ask("Visite Lien")).hits == []


def test_filters_cannot_reach_hidden_replays(mixed: SearchIndex) -> None:
    assert mixed.search(ask("gigafactory", replay="hidden")).total == 0
    assert mixed.search(ask("gigafactory", speaker="Léa Secret")).total == 0
    assert mixed.search(ask("gigafactory", event="comite")).total == 0


def test_suggestions_never_come_from_hidden_replays(mixed: SearchIndex) -> None:
    assert mixed.search(ask("zephyrne")).suggestion is None
    assert mixed.search(ask("zephyrne", EDITOR)).suggestion == "zephyrine"


def test_editors_see_everything(mixed: SearchIndex) -> None:
    results = mixed.search(ask("gigafactory", EDITOR))
    assert {hit.replay_id for hit in results.hits} == {"open", "hidden", "link-only"}


def test_visibility_changes_with_the_next_replace(mixed: SearchIndex) -> None:
    mixed.replace_replay(
        replay("open", "La gigafactory de Douvrin ouvre en mai.", visibility="private")
    )
    assert mixed.search(ask("gigafactory", ANONYMOUS)).total == 0


def test_the_privacy_filter_leaves_the_query_alone(mixed: SearchIndex) -> None:
    # A query that tries to widen itself is only words to look for.
    for q in [
        "gigafactory visibility:private",
        "gigafactory OR visibility:private",
        "visibility:*",
    ]:
        assert {hit.replay_id for hit in mixed.search(ask(q)).hits} <= {"open"}
