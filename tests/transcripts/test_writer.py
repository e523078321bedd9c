"""The captions we serve: valid WebVTT, our own, with nothing that could become markup."""

from __future__ import annotations

import random

import pytest

from archive.transcripts import ParsedCue, parse_transcript_bytes, write_webvtt
from archive.transcripts.cuetext import tokenize
from archive.transcripts.webvtt import parse_webvtt

CUES = [
    ParsedCue(0.0, 2.5, "Bonjour à tous & bienvenue.", "Marie Dupont"),
    ParsedCue(2.5, 5.0, "Deux lignes :\n« 3 < 4 > 2 »", None),
    ParsedCue(3605.25, 3610.0, "Une heure après --> fin", "Jean-Pierre Lefèvre"),
]


def _plain(cues: list[ParsedCue]) -> list[tuple[float, float, str, str | None]]:
    return [(cue.start, cue.end, cue.text, cue.speaker) for cue in cues]


def test_parsing_what_we_write_gives_the_cues_back() -> None:
    written = write_webvtt(CUES)
    assert written.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Marie Dupont>")
    assert _plain(parse_transcript_bytes(written.encode(), "c.vtt").cues) == _plain(CUES)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "</v><v Intrus><b>pris</b>",
        "&lt;script&gt; déjà échappé",
        "ligne\n\n00:00:09.000 --> 00:00:10.000\n<script>x</script>",
    ],
)
def test_xss_payloads_come_back_as_text_never_as_markup(payload: str) -> None:
    written = write_webvtt([ParsedCue(1.0, 2.0, payload, "<script>Eve</script>")])
    parsed = parse_webvtt(written)
    assert len(parsed.cues) == 1
    tags = [token for token in tokenize(parsed.cues[0].text) if not isinstance(token, str)]
    assert [tag.name for tag in tags if tag is not None] == ["v"]
    assert "<script" not in written and "<img" not in written
    cue = parse_transcript_bytes(written.encode(), "c.vtt").cues[0]
    assert cue.text == payload.replace("\n\n", "\n")
    assert cue.speaker == "<scriptEve</script"  # only the ">" are gone


def test_cues_are_sorted_and_unplayable_ones_mended_or_dropped() -> None:
    cues = [
        ParsedCue(10.0, 12.0, "deuxième", None),
        ParsedCue(5.0, 4.0, "à l'envers", None),
        ParsedCue(1.0, 1.0, "instant", None),
    ]
    parsed = parse_transcript_bytes(write_webvtt(cues).encode(), "c.vtt").cues
    assert [(cue.start, cue.end, cue.text) for cue in parsed] == [
        (1.0, 3.0, "instant"),
        (10.0, 12.0, "deuxième"),
    ]


def test_an_empty_speaker_writes_no_voice_span() -> None:
    assert "<v" not in write_webvtt([ParsedCue(1.0, 2.0, "x", " > ")])


def test_a_speaker_name_ending_in_dashes_cannot_end_the_cue() -> None:
    written = write_webvtt([ParsedCue(1.0, 2.0, "texte", "Marie --")])
    assert _plain(parse_transcript_bytes(written.encode(), "c.vtt").cues) == [
        (1.0, 2.0, "texte", "Marie --")
    ]


def test_any_text_survives_the_round_trip() -> None:
    """Seeded random texts made of the characters that matter to WebVTT."""
    rng = random.Random(20240611)
    pieces = [
        *"ab é<>&;/-.:\n\t ",
        "-->",
        "&amp;",
        "<v x>",
        "</v>",
        "<b>",
        "&lt;",
        "NOTE",
        "\u2028",
    ]
    for _ in range(300):
        cues = [
            ParsedCue(
                2.0 * index,
                2.0 * index + 1.5,
                "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))),
                rng.choice([None, "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))]),
            )
            for index in range(rng.randint(1, 4))
        ]
        parsed = parse_transcript_bytes(write_webvtt(cues).encode(), "c.vtt").cues
        assert [cue.text for cue in parsed] == [_expected_text(cue.text) for cue in cues]
        assert [cue.speaker for cue in parsed] == [_expected_speaker(cue.speaker) for cue in cues]


def _expected_text(text: str) -> str:
    """What a caption keeps of a text: blank lines would end the cue, so they go."""
    return "\n".join(line for line in text.strip().split("\n") if line.strip(" \t")).strip()


def _expected_speaker(speaker: str | None) -> str | None:
    return " ".join((speaker or "").replace(">", "").split()) or None
