"""Bytes to text: UTF-8, UTF-16/32 with a byte-order mark, or legacy Windows-1252/Latin-1."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from archive.sentences import N_
from archive.transcripts.errors import TranscriptError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters a French (or other Western) text in Windows-1252 decodes to; anything else
# in the upper half suggests another code page, left to charset-normalizer.
_WESTERN_PUNCTUATION = set("’‘“”«»…–—€•°·×÷§¶©®™ªº¿¡£¥¢¤¦¨¬¯±²³´µ¸¹¼½¾\u00a0\u00ad")
_NEWLINES = re.compile(r"\r\n|\r|\n")
# Controls other than tab and line ends, unassigned and private-use code points, surrogates.
_NOT_TEXT = {"Cc", "Cn", "Co", "Cs"}
_TEXT_CONTROLS = set("\t\n\x0b\x0c\r")
# Enough characters to tell text from binary data without reading a long file twice.
_SAMPLE = 65536


def decode_transcript(data: bytes, filename: str) -> str:
    """Decode a transcript's bytes, detecting the encoding; raise TranscriptError if impossible."""
    text = _decode(data, filename)
    if _looks_binary(text[:_SAMPLE]):
        raise TranscriptError(filename, 1, N_("the file is binary data, not a text transcript"))
    return text


def normalize_text(text: str) -> str:
    """Apply WebVTT's preprocessing, useful for every format: NUL to U+FFFD, CR LF and CR to LF."""
    return text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, filename: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, filename)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Editors still export French subtitles from old Windows tools: an 8-bit text that is
    # not UTF-8 is most likely Windows-1252 (a superset of Latin-1's printable characters).
    legacy = _as_western_8bit(data)
    if legacy is not None:
        return legacy
    match = charset_normalizer.from_bytes(data).best()
    if match is not None and match.encoding:
        return str(match)
    line = _line_of_offset(data, first_bad)
    raise TranscriptError(
        filename, line, N_("undecodable bytes: the file is not UTF-8, UTF-16 or Windows-1252 text")
    )


def _looks_binary(sample: str) -> bool:
    """Real transcripts have few odd characters (the WebVTT tests have some NULs)."""
    odd = sum(
        1
        for char in sample
        if char == "\ufffd"
        or (unicodedata.category(char) in _NOT_TEXT and char not in _TEXT_CONTROLS)
    )
    return odd > max(8, len(sample) // 10)


def _strict(data: bytes, encoding: str, filename: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start, encoding)
        name = codecs.lookup(encoding).name.upper().replace("-SIG", "")
        raise TranscriptError(
            filename, line, N_("undecodable bytes: invalid %(name)s text") % {"name": name}
        ) from exc
    return text.removeprefix("\ufeff")


def _as_western_8bit(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    upper = [char for char in text if ord(char) > 0x7F]
    plausible = sum(1 for char in upper if _is_western(char))
    letters = sum(1 for char in text if char.isalpha())
    accented = sum(1 for char in upper if char.isalpha())
    # Western words are mostly ASCII letters; a Cyrillic or Greek code page read as
    # Windows-1252 gives whole words of accented letters instead.
    # (Too short a text tells nothing either way: keep Windows-1252 then.)
    if plausible >= 0.9 * len(upper) and (accented <= 0.3 * letters or letters < 20):
        return text
    return None


def _is_western(char: str) -> bool:
    if char in _WESTERN_PUNCTUATION:
        return True
    return unicodedata.category(char).startswith("L") and ord(char) < 0x0250


def _line_of_offset(data: bytes, offset: int, encoding: str = "utf-8") -> int:
    before = data[:offset].decode(encoding, errors="replace")
    return len(_NEWLINES.findall(before)) + 1
