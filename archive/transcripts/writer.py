"""The transcript files we serve, written by us from cues: WebVTT captions (valid, free of
any markup), SubRip, and plain text with a time marker on each line."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archive.times import format_clock, format_vtt_timestamp
from archive.transcripts.model import CueLike
from archive.transcripts.speaking import speaking_time

_BLANK_LINES = re.compile(r"\n[\t\x0c\r ]*(?=\n)")


def write_webvtt(cues: Iterable[CueLike]) -> str:
    """Write cues as a WebVTT file: sorted by start, text escaped, speakers as voice spans."""
    blocks = ["WEBVTT\n"]
    for start, end, text, speaker in _prepared(cues):
        voice = _voice_tag(speaker)
        timing = f"{format_vtt_timestamp(start)} --> {format_vtt_timestamp(end)}"
        blocks.append(f"{timing}\n{voice}{_escape_text(text)}\n")
    return "\n".join(blocks)


def write_srt(cues: Iterable[CueLike]) -> str:
    """Write cues as a SubRip file: numbered blocks, comma decimals, "Speaker: " prefixes."""
    blocks = []
    for number, (start, end, text, speaker) in enumerate(_prepared(cues), start=1):
        timing = f"{_srt_time(start)} --> {_srt_time(end)}"
        prefix = f"{_one_line(speaker)}: " if speaker and _one_line(speaker) else ""
        blocks.append(f"{number}\n{timing}\n{prefix}{_plain_text(text)}\n")
    return "\n".join(blocks)


def write_text(cues: Iterable[CueLike]) -> str:
    """Write cues as plain text, one "[h:mm:ss] Speaker: text" paragraph per cue.

    The markers are the ones the archive's text transcript reader takes, so the file can be
    uploaded again as a transcript.
    """
    lines = []
    for start, _end, text, speaker in _prepared(cues):
        prefix = f"{_one_line(speaker)}: " if speaker and _one_line(speaker) else ""
        body = _plain_text(text).replace("\n", " ")
        lines.append(f"[{format_clock(start)}] {prefix}{body}")
    return "\n".join(lines) + ("\n" if lines else "")


def _srt_time(seconds: float) -> str:
    return format_vtt_timestamp(seconds).replace(".", ",")


def _one_line(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())


def _plain_text(text: str) -> str:
    """Cue text without NULs or blank lines (a blank line would end an SRT block)."""
    text = text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n").strip()
    return _BLANK_LINES.sub("", text)


def _prepared(cues: Iterable[CueLike]) -> list[tuple[float, float, str, str | None]]:
    """Round times to the millisecond and mend or drop cues that cannot play."""
    kept: list[tuple[float, float, str, str | None]] = []
    for cue in cues:
        start = max(0.0, round(cue.start, 3))
        end = round(cue.end, 3)
        if end < start:
            continue  # a cue that ends before it starts has no moment to show
        if end == start:
            # A zero-length cue (two markers at one time) would flash unseen: give it time.
            end = round(start + speaking_time(cue.text), 3)
        kept.append((start, end, cue.text, cue.speaker))
    return sorted(kept, key=lambda item: (item[0], item[1]))


def _escape_text(text: str) -> str:
    """Escape markup characters; a blank line would end the cue, so drop blank lines."""
    text = text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n").strip()
    text = _BLANK_LINES.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _voice_tag(speaker: str | None) -> str:
    """Render a speaker as ``<v Name>``; '>' would close the tag early, so it is removed."""
    if not speaker:
        return ""
    name = " ".join(speaker.replace("\x00", "").replace(">", "").split())
    if not name:
        return ""
    name = name.replace("&", "&amp;").replace("<", "&lt;")
    # A name ending in "--" would make "-->" with the closing bracket, which ends the cue;
    # the parser drops the space again.
    return f"<v {name} >" if name.endswith("-") else f"<v {name}>"
