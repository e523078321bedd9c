"""Timed plain text: markers start cues, speakers prefix them, and times are required."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.transcripts import ParsedCue, TranscriptError, parse_transcript, parse_transcript_bytes

EXPECTED = [
    ParsedCue(
        5.0,
        70.0,
        "Bonjour à tous, et bienvenue aux Assises.\n"
        "L’industrie française se réinvente : une « œuvre collective ».",
        "Marie Dupont",
    ),
    ParsedCue(70.0, 90.0, "Ça commence déjà ?", "JEAN-PIERRE LEFÈVRE"),
    ParsedCue(90.0, 92.0, "Merci, c’est l’été !", None),
]


@pytest.mark.parametrize("encoding", ["utf8", "utf8-bom", "utf16le", "utf16be", "cp1252", "latin1"])
def test_french_text_reads_the_same_in_every_encoding(samples: Path, encoding: str) -> None:
    transcript = parse_transcript(samples / f"fr-{encoding}.txt")
    assert transcript.format == "text"
    if encoding == "latin1":
        texts = [cue.text.replace("'", "’").replace("oe", "œ") for cue in transcript.cues]
        assert texts == [cue.text for cue in EXPECTED]
    else:
        assert transcript.cues == EXPECTED


def test_a_cue_ends_where_the_next_starts_and_the_last_lasts_its_speaking_time() -> None:
    words = " ".join(["mot"] * 25)
    data = f"[00:00:10] un\n[00:00:12.500] deux\n[00:00:20] {words}\n".encode()
    cues = parse_transcript_bytes(data, "x.txt").cues
    assert [(cue.start, cue.end) for cue in cues] == [(10.0, 12.5), (12.5, 20.0), (20.0, 30.0)]


def test_a_speaker_line_after_a_bare_marker_names_the_cue() -> None:
    data = "[1:02:03]\nMarie Dupont :\nBonjour.\n\nÀ bientôt.\n[01:02:08] [rires]\n".encode()
    cues = parse_transcript_bytes(data, "x.txt").cues
    assert cues[0] == ParsedCue(3723.0, 3728.0, "Bonjour.\nÀ bientôt.", "Marie Dupont")
    assert (cues[1].text, cues[1].speaker) == ("[rires]", None)


def test_minutes_only_markers_may_pass_the_hour() -> None:
    cues = parse_transcript_bytes(b"[59:00] a\n[75:30] b\n", "x.txt").cues
    assert [cue.start for cue in cues] == [3540.0, 4530.0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "Bonjour à tous.\nSans aucune heure.\n".encode(),
            "x.txt:1: no [hh:mm:ss] or [mm:ss] time markers found; a transcript needs times",
        ),
        (b"[00:00:01] a\n\n[00:00:xx] b\n", "x.txt:3: invalid timestamp '[00:00:xx]'"),
        (b"[00:01:75] a\n", "x.txt:1: invalid timestamp '[00:01:75]'"),
        (
            b"[00:00:05] a\n[00:00:03] b\n",
            "x.txt:2: time marker '[00:00:03]' comes before the previous one '[00:00:05]'",
        ),
        (b"", "x.txt:1: the file is empty"),
    ],
    ids=["no-times", "bad-marker", "bad-seconds", "backwards", "empty"],
)
def test_errors_name_the_file_line_and_reason(data: bytes, message: str) -> None:
    with pytest.raises(TranscriptError) as caught:
        parse_transcript_bytes(data, "x.txt")
    assert str(caught.value) == message
