"""WebVTT files: the signature gate, voice spans, markup and entities, and what is kept."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive.transcripts import ParsedCue, TranscriptError, parse_transcript, parse_transcript_bytes
from archive.transcripts.cuetext import parse_cue_text

CUE = b"\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"webvtt" + CUE,
        b"WEBVTTX" + CUE,
        b"WEBVT",
        b" WEBVTT" + CUE,
        b"1\n00:00:01,000 --> 00:00:02,000\nBonjour\n",
        b"[00:00:01] Bonjour\n",
    ],
    ids=["empty", "lowercase", "WEBVTTX", "truncated", "leading-space", "srt-content", "text"],
)
def test_a_vtt_file_without_the_signature_is_rejected(data: bytes) -> None:
    with pytest.raises(TranscriptError) as caught:
        parse_transcript_bytes(data, "talk.vtt")
    assert str(caught.value) == "talk.vtt:1: missing WEBVTT signature"
    assert (caught.value.filename, caught.value.line) == ("talk.vtt", 1)


def test_binary_garbage_named_vtt_is_rejected() -> None:
    garbage = random.Random(7).randbytes(4096)
    with pytest.raises(TranscriptError, match=r"^garbage\.vtt:\d+: "):
        parse_transcript_bytes(garbage, "garbage.vtt")


@pytest.mark.parametrize(
    "signature",
    [b"WEBVTT", b"WEBVTT - Assises 2024", b"WEBVTT\tx", b"\xef\xbb\xbfWEBVTT"],
    ids=["bare", "title", "tab", "bom"],
)
def test_valid_signatures_are_accepted(signature: bytes) -> None:
    transcript = parse_transcript_bytes(signature + CUE, "talk.vtt")
    assert transcript.format == "vtt"
    assert transcript.cues == [ParsedCue(1.0, 2.0, "Bonjour", None, "")]


def test_webvtt_content_is_recognised_whatever_the_file_name() -> None:
    transcript = parse_transcript_bytes(b"WEBVTT" + CUE, "upload.txt")
    assert transcript.format == "vtt"


def test_sample_with_voices_markup_and_blocks(samples: Path) -> None:
    transcript = parse_transcript(samples / "fr-voices.vtt")
    assert transcript.cues == [
        ParsedCue(1.0, 4.0, "Bonjour à tous & bienvenue\u00a0!", "Marie Dupont", "intro"),
        ParsedCue(
            4.5, 8.0, "L’industrie française\nse réinvente <vraiment>", "Jean-Pierre Lefèvre", ""
        ),
        ParsedCue(8.5, 11.0, "Thank you — 漢kan\u200e", None, ""),
    ]


@pytest.mark.parametrize(
    ("raw", "text", "speaker"),
    [
        ("<v Marie Dupont>Bonjour</v>", "Bonjour", "Marie Dupont"),
        ("<v.loud.fr  Marie   Dupont >Bonjour", "Bonjour", "Marie Dupont"),
        ("<v Jean &amp; Marie>Oui", "Oui", "Jean & Marie"),
        ("<v A>un\n<v B>deux", "un\ndeux", "A"),
        ("<v>sans nom", "sans nom", None),
        ("<b>gras</b> <i>ital</i> <u>sous</u> <c.x.y>classe</c>", "gras ital sous classe", None),
        ("<ruby>漢<rt>kan</rt></ruby> <lang fr-FR>oui</lang>", "漢kan oui", None),
        ("avant <00:00:01.500>après", "avant après", None),
        ("&lt;b&gt; &amp; &lrm;&rlm;&nbsp;", "<b> & \u200e\u200f", None),
        ("<script>alert(1)</script>", "alert(1)", None),
    ],
)
def test_cue_text_markup_is_stripped_and_the_voice_is_the_speaker(
    raw: str, text: str, speaker: str | None
) -> None:
    parsed = parse_cue_text(raw)
    assert (parsed.text, parsed.speaker) == (text, speaker)


def test_line_ends_nul_and_omitted_hours_follow_the_spec() -> None:
    data = b"WEBVTT\r\n\r\nun\r00:01.000 --> 00:02.500\rA\x00B\r\n\r\n00:03.000 --> 01:00:04.000\nC"
    transcript = parse_transcript_bytes(data, "x.vtt")
    assert transcript.cues == [
        ParsedCue(1.0, 2.5, "A\ufffdB", None, "un"),
        ParsedCue(3.0, 3604.0, "C", None, ""),
    ]


def test_a_cue_ending_before_it_starts_is_kept_as_the_spec_says() -> None:
    data = b"WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nA\n"
    assert parse_transcript_bytes(data, "x.vtt").cues[0].end == 4.0


def test_cues_with_invalid_timings_are_skipped_like_browsers_do() -> None:
    data = b"WEBVTT\n\n00:00:xx.000 --> 00:00:01.000\nA\n\n00:00:02.000 --> 00:00:03.000\nB\n"
    assert [cue.text for cue in parse_transcript_bytes(data, "x.vtt").cues] == ["B"]


def test_a_file_whose_every_cue_is_invalid_says_which_line_is_wrong() -> None:
    data = b"WEBVTT\n\nNOTE rien\n\n00:00:01.000 --> 00:00:xx.000\nA\n"
    with pytest.raises(TranscriptError) as caught:
        parse_transcript_bytes(data, "x.vtt")
    assert str(caught.value) == "x.vtt:5: no cues found: invalid timestamp '00:00:xx.000'"


def test_a_file_with_only_a_header_has_no_cues() -> None:
    with pytest.raises(TranscriptError, match=r"^x\.vtt:1: no cues found$"):
        parse_transcript_bytes(b"WEBVTT\n\nNOTE vide\n", "x.vtt")
