"""The demo catalogue: an industry summit with fictional speakers, honest about being synthetic."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from archive.demo import (
    DEMO_EVENT,
    DEMO_REPLAYS,
    DEMO_SPEAKERS,
    DEMO_THEMES,
    DemoReplay,
    speaker_by_slug,
)

#: real public figures the demo must never make speak (nor name in what it says)
REAL_PUBLIC_FIGURES = [
    "Emmanuel Macron",
    "Bruno Le Maire",
    "Roland Lescure",
    "Agnès Pannier-Runacher",
    "Élisabeth Borne",
    "Édouard Philippe",
    "Jean Castex",
    "Gabriel Attal",
    "Christophe Béchu",
    "Olivier Dussopt",
    "Xavier Bertrand",
    "Carole Delga",
]


def _plain(text: str) -> str:
    """Lower case without accents, so "Élisabeth" and "elisabeth" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _surname(name: str) -> str:
    """Everything after the first name."""
    return _plain(name.split(" ", 1)[1])


def _replay_ids(replay: DemoReplay) -> str:
    return replay.key


def test_event_models_the_summit_and_says_it_is_synthetic() -> None:
    assert DEMO_EVENT.name == "Les Assises de l'Industrie 2022"
    assert DEMO_EVENT.year == DEMO_EVENT.starts_on.year == 2022
    assert DEMO_EVENT.location == "Paris"
    assert "synthétique" in DEMO_EVENT.description
    assert "fictifs" in DEMO_EVENT.description


def test_catalogue_has_a_masterclass_two_keynotes_two_round_tables_an_interview_one_featured() -> (
    None
):
    kinds = Counter(replay.session_type for replay in DEMO_REPLAYS)
    assert kinds == {"masterclass": 1, "keynote": 2, "round_table": 2, "interview": 1}
    automatic = [replay for replay in DEMO_REPLAYS if replay.automatic_captions]
    assert [replay.language for replay in automatic] == ["en"]
    assert sum(replay.featured for replay in DEMO_REPLAYS) == 1
    assert {replay.language for replay in DEMO_REPLAYS} == {"fr", "en"}
    assert len({replay.key for replay in DEMO_REPLAYS}) == len(DEMO_REPLAYS)


def test_no_speaker_is_a_real_public_figure() -> None:
    real_names = {_plain(name) for name in REAL_PUBLIC_FIGURES}
    real_surnames = {_surname(name) for name in REAL_PUBLIC_FIGURES}
    for speaker in DEMO_SPEAKERS:
        assert _plain(speaker.name) not in real_names
        assert _surname(speaker.name) not in real_surnames
        assert "fictive" in speaker.organisation or "fictional" in speaker.organisation


@pytest.mark.parametrize("replay", DEMO_REPLAYS, ids=_replay_ids)
def test_scripts_are_spoken_only_by_the_replays_fictional_speakers(replay: DemoReplay) -> None:
    slugs = {speaker.slug for speaker in DEMO_SPEAKERS}
    assert set(replay.speakers) <= slugs
    assert {line.speaker_slug for line in replay.lines} == set(replay.speakers)
    surnames = {_surname(name) for name in REAL_PUBLIC_FIGURES}
    for line in replay.lines:
        words = set(_plain(line.text).replace("'", " ").split())
        assert not any(set(surname.split()) <= words for surname in surnames), line.text


@pytest.mark.parametrize("replay", DEMO_REPLAYS, ids=_replay_ids)
def test_each_replay_is_complete_catalogue_data(replay: DemoReplay) -> None:
    assert 6 <= len(replay.lines) <= 10
    assert set(replay.themes) <= {theme.slug for theme in DEMO_THEMES}
    starts = [start for start, _ in replay.chapters]
    assert starts[0] == 0.0 and starts == sorted(set(starts))
    assert all(title for _, title in replay.chapters)
    assert "synthétique" in replay.description or "Synthetic" in replay.description


def test_round_tables_alternate_between_audibly_different_speakers() -> None:
    for replay in (r for r in DEMO_REPLAYS if r.session_type == "round_table"):
        assert 2 <= len(replay.speakers) <= 3
        turns = sum(
            a.speaker_slug != b.speaker_slug
            for a, b in zip(replay.lines, replay.lines[1:], strict=False)
        )
        assert turns >= 3
        voices = [speaker_by_slug(slug).voice for slug in replay.speakers]
        assert len(set(voices)) == len(voices)


def test_scripts_exercise_french_search() -> None:
    said = " ".join(line.text for replay in DEMO_REPLAYS for line in replay.lines)
    for word in ["l'industrie", "d'énergie", "qu'il", "œuvre", "cœur", "réindustrialisation"]:
        assert word in said
    for word in ["décarbonation", "apprentissage", "intelligence artificielle", "Sovereignty"]:
        assert word in said
