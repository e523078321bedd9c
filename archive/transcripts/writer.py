"""The WebVTT captions we serve, written by us from cues: valid, and free of any markup."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archive.times import format_vtt_timestamp
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
