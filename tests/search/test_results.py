"""What a result page holds: hits at the cue, ranking, groups, facets, pages, snippets."""

from __future__ import annotations

import pytest

from archive.search.engine.index import SearchIndex
from archive.search.engine.query import HitKind
from tests.search.builders import ask, replay


@pytest.fixture
def talks(index: SearchIndex) -> SearchIndex:
    index.rebuild(
        [
            replay(
                "energy",
                ("Ana Roy", "Le contrat d'électricité de long terme protège l'usine."),
                ("Ana Roy", "L'usine consomme moins depuis deux ans."),
                ("Bo Lin", "Un contrat signé, puis l'électricité du parc solaire."),
                ("Bo Lin", "Long terme, contrat, électricité : trois mots à retenir."),
                title="Énergie",
                event_slug="rencontres-2024",
                year=2024,
            ),
            replay(
                "skills",
                ("Cy Mo", "L'usine école forme vingt apprentis par an."),
                ("Cy Mo", "Chaque usine a besoin de soudeurs."),
                title="Compétences",
                event_slug="rencontres-2025",
                year=2025,
            ),
            replay(
                "shipyard", "Les chantiers navals recrutent.", title="Le dock flottant", year=2025
            ),
        ]
    )
    return index


def test_a_hit_is_the_cue_it_was_said_in(talks: SearchIndex) -> None:
    hit = talks.search(ask("soudeurs")).hits[0]
    assert (hit.replay_id, hit.start, hit.end, hit.speaker) == ("skills", 8.0, 15.5, "Cy Mo")
    assert hit.kind is HitKind.MOMENT
    assert hit.title == "Compétences"


def test_exact_phrases_rank_above_scattered_words(talks: SearchIndex) -> None:
    hits = talks.search(ask("contrat électricité long terme")).hits
    assert [h.start for h in hits[:1]] == [0.0]
    assert {h.start for h in hits} == {0.0, 24.0}


def test_more_words_matched_rank_higher_with_or(talks: SearchIndex) -> None:
    hits = talks.search(ask("soudeurs OR usine OR chaque")).hits
    assert (hits[0].replay_id, hits[0].start) == ("skills", 8.0)


def test_facets_count_the_whole_result_set_not_the_page(talks: SearchIndex) -> None:
    results = talks.search(ask("usine", per_page=1))
    assert results.total == 4
    assert len(results.hits) == 1
    assert dict((v, c) for v, _, c in results.facets["event"]) == {
        "rencontres-2024": 2,
        "rencontres-2025": 2,
    }
    assert dict((v, c) for v, _, c in results.facets["year"]) == {"2024": 2, "2025": 2}
    assert {label for _, label, _ in results.facets["speaker"]} == {"Ana Roy", "Cy Mo"}
    assert results.facets["language"] == [("fr", "Français", 4)]


def test_pages_follow_each_other(talks: SearchIndex) -> None:
    first = talks.search(ask("usine", per_page=2))
    second = talks.search(ask("usine", per_page=2, page=2))
    seen = [(h.replay_id, h.start) for h in first.hits + second.hits]
    assert len(set(seen)) == 4
    assert first.pages == 2


def test_groups_put_the_best_replay_first_with_its_moments(talks: SearchIndex) -> None:
    results = talks.search(ask("usine"))
    assert [g.replay_id for g in results.groups][:2] in (["energy", "skills"], ["skills", "energy"])
    for group in results.groups:
        scores = [m.score for m in group.moments]
        assert scores == sorted(scores, reverse=True)
        assert group.moment_count == len(group.moments)
    assert results.groups[0].score >= results.groups[-1].score


def test_a_title_finds_the_replay_without_any_cue(talks: SearchIndex) -> None:
    results = talks.search(ask("flottant"))
    assert [(h.replay_id, h.kind) for h in results.hits] == [("shipyard", HitKind.REPLAY)]
    assert results.groups[0].replay_hit is not None


def test_per_page_is_capped(talks: SearchIndex) -> None:
    results = talks.search(ask("usine", per_page=10_000))
    assert results.per_page == 100


def test_snippets_mark_inflections_without_accents(talks: SearchIndex) -> None:
    hit = talks.search(ask("electricite")).hits[0]
    assert "<mark>électricité</mark>" in hit.snippet_html


def test_suggestion_only_when_a_word_finds_nothing(talks: SearchIndex) -> None:
    assert talks.search(ask("soudeur")).suggestion is None
    assert talks.search(ask("sodeurs")).suggestion == "soudeurs"
    assert talks.search(ask("usine OR sodeurs")).suggestion == "usine OR soudeurs"
