"""What every transcript parser returns: timed cues of plain text, with their speaker."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class TranscriptFormat(enum.StrEnum):
    """The transcript formats the archive reads."""

    VTT = "vtt"  #: WebVTT, parsed to the W3C algorithm
    SRT = "srt"  #: SubRip
    TEXT = "text"  #: plain text with [hh:mm:ss] markers


@dataclass(frozen=True)
class ParsedCue:
    """One timed piece of a transcript, as plain text."""

    #: seconds from the start of the recording
    start: float
    end: float
    #: plain text: markup removed, entities decoded, lines joined with "\n"
    text: str
    #: the name from a voice span or a "Name:" prefix, stripped
    speaker: str | None
    #: the cue identifier as written (WebVTT id, SRT number); "" for a WebVTT cue without one
    identifier: str | None = None


@dataclass(frozen=True)
class ParsedTranscript:
    """A whole transcript: its source format and its cues in file order."""

    format: str
    cues: list[ParsedCue]


class CueLike(Protocol):
    """Anything with the four attributes a caption needs (a ParsedCue, or a view of a stored cue)."""

    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...

    @property
    def text(self) -> str: ...

    @property
    def speaker(self) -> str | None: ...
