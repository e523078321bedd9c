"""Passages: the query's words said in neighbouring cues of one replay make one moment."""

from __future__ import annotations

from archive.search.engine.index import SearchIndex
from archive.search.engine.passages import WINDOW_SECONDS
from tests.search.builders import EDITOR, ask, replay

FILLER = "On en reparlera tout à l'heure."


def test_words_said_in_neighbouring_cues_are_one_moment(index: SearchIndex) -> None:
    index.rebuild(
        [replay("talk", FILLER, "Nous manquons de soudeurs.", "Les compétences numériques aussi.")]
    )
    results = index.search(ask("soudeurs numériques"))
    assert results.total == 1
    (hit,) = results.hits
    assert (hit.replay_id, hit.start, hit.end) == ("talk", 8.0, 23.5)
    assert "<mark>soudeurs</mark>" in hit.snippet_html
    assert "<mark>numériques</mark>" in hit.snippet_html


def test_the_moment_starts_at_the_first_cue_holding_a_word(index: SearchIndex) -> None:
    index.rebuild(
        [replay("talk", "Les usines recrutent.", FILLER, "Des soudeurs.", FILLER, "Et des usines.")]
    )
    (hit,) = index.search(ask("soudeurs usines")).hits
    # Both the cue at 0 s and the one at 32 s are within the window of the welders (16 s):
    # the passage is the first that says both words, trimmed to its cues holding a word.
    assert hit.start == 0.0 and hit.end == 23.5


def test_words_further_apart_than_the_window_find_nothing(index: SearchIndex) -> None:
    seconds = WINDOW_SECONDS / 3  # cue 0 and cue 3 start exactly one window apart
    near = replay("near", "soudeurs", FILLER, FILLER, "numériques", cue_seconds=seconds)
    far = replay("far", "soudeurs", FILLER, FILLER, FILLER, "numériques", cue_seconds=seconds)
    index.rebuild([near, far])
    assert [h.replay_id for h in index.search(ask("soudeurs numériques")).hits] == ["near"]


def test_a_passage_never_spans_two_replays(index: SearchIndex) -> None:
    index.rebuild([replay("one", FILLER, "Les soudeurs."), replay("two", "Le numérique.", FILLER)])
    assert index.search(ask("soudeurs numérique")).total == 0


def test_one_cue_saying_every_word_ranks_above_any_passage(index: SearchIndex) -> None:
    spread = replay(
        "spread",
        "Soudeurs, soudeurs, soudeurs : nous cherchons des soudeurs.",
        "Numérique, numérique : tout devient numérique.",
    )
    together = replay(
        "together",
        *[FILLER] * 5,
        "Dans un long discours sur bien des sujets, les soudeurs apprennent aussi le numérique.",
    )
    index.rebuild([spread, together])
    hits = index.search(ask("soudeurs numérique")).hits
    assert [(h.replay_id, h.start) for h in hits] == [("together", 40.0), ("spread", 0.0)]
    assert hits[0].score > hits[1].score


def test_the_snippet_shows_each_cue_escaped(index: SearchIndex) -> None:
    index.rebuild([replay("talk", "Les <soudeurs> & co.", "Le numérique > tout.")])
    (hit,) = index.search(ask("soudeurs numérique")).hits
    assert hit.snippet_html == (
        "Les &lt;<mark>soudeurs</mark>&gt; &amp; co. … Le <mark>numérique</mark> &gt; tout."
    )


def test_an_excluded_word_in_the_passage_removes_it(index: SearchIndex) -> None:
    index.rebuild(
        [
            replay("kept", "Des soudeurs.", "Du numérique."),
            replay("dropped", "Des soudeurs.", "Des robots.", "Du numérique."),
        ]
    )
    hits = index.search(ask("soudeurs numérique -robots")).hits
    assert [h.replay_id for h in hits] == ["kept"]


def test_a_quoted_phrase_is_still_said_in_one_cue(index: SearchIndex) -> None:
    index.rebuild([replay("split", "Le jumeau", "numérique de la ligne.")])
    assert index.search(ask('"jumeau numérique"')).total == 0
    assert index.search(ask("jumeau numérique")).total == 1


def test_alternatives_and_phrases_take_part_in_passages(index: SearchIndex) -> None:
    index.rebuild([replay("talk", "Des chaudronniers.", "Le jumeau numérique de la ligne.")])
    assert index.search(ask('soudeurs OR chaudronniers "jumeau numérique"')).total == 1


def test_filters_apply_to_every_cue_of_a_passage(index: SearchIndex) -> None:
    index.rebuild([replay("talk", ("Ana Roy", "Des soudeurs."), ("Bo Lin", "Du numérique."))])
    assert index.search(ask("soudeurs numérique")).total == 1
    assert index.search(ask("soudeurs numérique", speaker="Ana Roy")).total == 0
    assert index.search(ask("soudeurs numérique", year=2025)).total == 1
    assert index.search(ask("soudeurs numérique", year=2024)).total == 0


def test_private_passages_reach_editors_only(index: SearchIndex) -> None:
    index.rebuild([replay("secret", "Des soudeurs.", "Du numérique.", visibility="private")])
    assert index.search(ask("soudeurs numérique")).total == 0
    assert index.search(ask("soudeurs numérique", EDITOR)).total == 1


def test_a_replaced_replay_leaves_no_passage_behind(index: SearchIndex) -> None:
    index.rebuild([replay("talk", "Des soudeurs.", "Du numérique."), replay("other", FILLER)])
    index.replace_replay(replay("talk", "Des soudeurs.", FILLER, FILLER, FILLER, "Du numérique."))
    assert index.search(ask("soudeurs numérique")).total == 0


def test_each_track_is_searched_in_its_language_and_passages_stay_in_their_track(
    index: SearchIndex,
) -> None:
    """A replay with a French and an English track: each word is found in its own track at its
    moment, ``language=`` filters on the words' language, and no passage mixes two tracks."""
    import dataclasses

    from archive.search.engine.documents import MomentDoc

    french = replay("talk", "Nous manquons de soudeurs.", FILLER, "Le numérique aussi.")
    english = [
        MomentDoc(100 + n, n * 8.0, n * 8.0 + 7.5, text, None, language="en")
        for n, text in enumerate(["We lack welders.", "We will come back to it.", "And digital."])
    ]
    index.rebuild([dataclasses.replace(french, moments=[*french.moments, *english])])
    (hit,) = index.search(ask("welders")).hits
    assert (hit.start, hit.language) == (0.0, "en")
    (hit,) = index.search(ask("soudeurs")).hits
    assert (hit.start, hit.language) == (0.0, "fr")
    assert index.search(ask("welders", language="fr")).total == 0
    assert [h.start for h in index.search(ask("welders digital")).hits] == [0.0]
    # "soudeurs" (French track, 0 s) and "digital" (English track, 16 s) are within one
    # window, but in two tracks: no moment.
    assert index.search(ask("soudeurs digital")).total == 0
