"""Encodings: Unicode with or without a byte-order mark, and legacy 8-bit French text."""

from __future__ import annotations

import pytest

from archive.transcripts import TranscriptError, parse_transcript_bytes
from archive.transcripts.decode import decode_transcript

FRENCH = "[00:00:01] Hélène : « L’œuvre est là », dit-elle à Noël, garçon étonné.\n"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]
)
def test_french_text_is_never_garbled(encoding: str) -> None:
    data = FRENCH.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(encoding) + data
    assert decode_transcript(data, "x.txt") == FRENCH


def test_latin1_text_is_read_as_such() -> None:
    text = "[00:00:01] Élise : déjà l'été, « ça » coûte cher.\n"
    assert decode_transcript(text.encode("latin-1"), "x.txt") == text


def test_a_short_cp1252_word_is_not_second_guessed() -> None:
    assert decode_transcript("Noël".encode("cp1252"), "x.txt") == "Noël"


def test_other_legacy_code_pages_fall_back_to_detection() -> None:
    russian = "[00:00:01] Добрый день, уважаемые коллеги, сегодня мы поговорим о заводах.\n"
    assert decode_transcript(russian.encode("cp1251"), "x.txt") == russian


def test_invalid_utf16_names_the_line() -> None:
    data = "\ufeffWEBVTT\n\n".encode("utf-16-le") + b"\x00\xdc"  # a lone low surrogate
    with pytest.raises(TranscriptError) as caught:
        decode_transcript(data, "x.vtt")
    assert str(caught.value) == "x.vtt:3: undecodable bytes: invalid UTF-16 text"


def test_binary_data_is_rejected_not_parsed() -> None:
    png_like = b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 8
    with pytest.raises(
        TranscriptError, match=r"^x\.srt:\d+: (undecodable bytes|the file is binary)"
    ):
        parse_transcript_bytes(png_like, "x.srt")
