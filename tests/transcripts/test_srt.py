"""SubRip files: French samples in every encoding, formatting, speakers, and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.transcripts import ParsedCue, TranscriptError, parse_transcript, parse_transcript_bytes

ENCODINGS = ["utf8", "utf8-bom", "utf16le", "utf16be", "cp1252", "latin1"]

EXPECTED = [
    ParsedCue(1.0, 4.2, "Bonjour à tous, et bienvenue aux Assises.", "Marie Dupont", "1"),
    ParsedCue(
        4.5, 8.0, "L’industrie française se réinvente :\nune « œuvre collective ».", None, "2"
    ),
    ParsedCue(8.5, 11.0, "- Ça commence déjà ?\n- Oui, c’est l’été !", None, "3"),
    ParsedCue(11.5, 15.0, "Très bien, merci.", "JEAN-PIERRE LEFÈVRE", "4"),
]


def latin1(cue: ParsedCue) -> ParsedCue:
    """The expected cue as the Latin-1 sample spells it (no ’ nor œ in Latin-1)."""
    text = cue.text.replace("’", "'").replace("œ", "oe")
    return ParsedCue(cue.start, cue.end, text, cue.speaker, cue.identifier)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_french_srt_reads_the_same_in_every_encoding(samples: Path, encoding: str) -> None:
    transcript = parse_transcript(samples / f"fr-{encoding}.srt")
    expected = [latin1(cue) for cue in EXPECTED] if encoding == "latin1" else EXPECTED
    assert transcript.format == "srt"
    assert transcript.cues == expected


def test_srt_is_recognised_by_content_under_any_name() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nÉtape\n".encode()
    assert parse_transcript_bytes(data, "sous-titres.txt").format == "srt"


def test_numbers_are_optional_and_blank_lines_inside_text_are_kept() -> None:
    data = b"00:00:01,000 --> 00:00:02,000\nun\n\ndeux\n\n2\n00:00:03,000 --> 00:00:04,000\ntrois\n"
    cues = parse_transcript_bytes(data, "x.srt").cues
    assert [(cue.text, cue.identifier) for cue in cues] == [("un\n\ndeux", None), ("trois", "2")]


def test_voice_tags_and_ass_overrides_are_handled() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<v Marie>Bonjour <b>toi</b>\n"
    assert parse_transcript_bytes(data, "x.srt").cues[0].text == "Bonjour toi"
    assert parse_transcript_bytes(data, "x.srt").cues[0].speaker == "Marie"


@pytest.mark.parametrize(
    ("line", "speaker", "text"),
    [
        ("Marie Dupont: Bonjour", "Marie Dupont", "Bonjour"),
        ("MARIE DUPONT : bonjour", "MARIE DUPONT", "bonjour"),
        ("Charles de Gaulle\u00a0: Vive", "Charles de Gaulle", "Vive"),
        ("- Marie: pas un orateur", None, "- Marie: pas un orateur"),
        ("Voici la liste : un, deux", None, "Voici la liste : un, deux"),
        ("Rendez-vous à 10:30 demain", None, "Rendez-vous à 10:30 demain"),
        ("http://exemple.fr", None, "http://exemple.fr"),
    ],
)
def test_speaker_prefixes(line: str, speaker: str | None, text: str) -> None:
    data = f"1\n00:00:01,000 --> 00:00:02,000\n{line}\n".encode()
    cue = parse_transcript_bytes(data, "x.srt").cues[0]
    assert (cue.speaker, cue.text) == (speaker, text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:xx,000 --> 00:00:04,000\nB\n",
            "x.srt:6: invalid timestamp '00:00:xx,000'",
        ),
        (b"1\n00:00:01,000 --> 00:01:60,000\nA\n", "x.srt:2: invalid timestamp '00:01:60,000'"),
        (b"1\n00:00:05,000 --> 00:00:04,000\nA\n", "x.srt:2: cue ends before it starts"),
        (b"1\n00:00:05,000 -->\nA\n", "x.srt:2: timing line has no end time"),
        (b"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\nB\n", "x.srt:5: cue 2 has no timing line"),
        (
            b"Titre\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n",
            "x.srt:1: expected a cue number or a timing line, found 'Titre'",
        ),
        (b"\n\n", "x.srt:1: the file is empty"),
    ],
    ids=["bad-seconds", "sixty-seconds", "reversed", "no-end", "no-timing", "preamble", "empty"],
)
def test_errors_name_the_file_line_and_reason(data: bytes, message: str) -> None:
    with pytest.raises(TranscriptError) as caught:
        parse_transcript_bytes(data, "x.srt")
    assert str(caught.value) == message


def test_quoted_text_in_errors_is_kept_short() -> None:
    data = b"1\n" + b"9" * 500 + b" --> 00:00:01,000\nA\n"
    with pytest.raises(TranscriptError) as caught:
        parse_transcript_bytes(data, "x.srt")
    assert caught.value.reason == f"invalid timestamp '{'9' * 39}…'"
