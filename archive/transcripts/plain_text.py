"""Plain text transcripts: "[hh:mm:ss]" or "[mm:ss]" markers, each starting a cue."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.sentences import N_
from archive.times import parse_clock
from archive.transcripts.decode import normalize_text
from archive.transcripts.errors import TranscriptError, quoted
from archive.transcripts.model import ParsedCue
from archive.transcripts.speakers import split_first_speaker
from archive.transcripts.speaking import speaking_time

# A bracket at the start of a line holding a digit then a colon is meant as a time marker
# (and reported if malformed); "[applause]" or "[1]" are text.
_MARKER = re.compile(r"\s*\[(?P<clock>\d[^\]]*:[^\]]*)\](?P<rest>.*)")


@dataclass
class _Draft:
    """A cue being read: its marker's line and time, and its text lines so far."""

    line: int
    marker: str
    start: float
    lines: list[str] = field(default_factory=list)


def parse_plain_text(text: str, filename: str) -> list[ParsedCue]:
    """Parse a text transcript; a cue ends where the next marker starts."""
    drafts = _read_drafts(normalize_text(text), filename)
    if not drafts:
        raise TranscriptError(
            filename, 1, N_("no [hh:mm:ss] or [mm:ss] time markers found; a transcript needs times")
        )
    cues: list[ParsedCue] = []
    for draft, following in zip(drafts, [*drafts[1:], None], strict=True):
        speaker, lines = split_first_speaker([line for line in draft.lines if line])
        body = "\n".join(lines)
        end = following.start if following else draft.start + speaking_time(body)
        cues.append(ParsedCue(draft.start, round(end, 3), body, speaker))
    return cues


def has_time_markers(text: str) -> bool:
    """Tell whether any line starts with a time marker."""
    return any(_MARKER.match(line) for line in normalize_text(text).split("\n"))


def _read_drafts(text: str, filename: str) -> list[_Draft]:
    """Collect one draft per marker; lines before the first marker (a title) are skipped."""
    drafts: list[_Draft] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _MARKER.match(line)
        if match is None:
            if drafts:
                drafts[-1].lines.append(line.strip())
            continue
        marker = f"[{match['clock']}]"
        start = parse_clock(match["clock"])
        if start is None:
            raise TranscriptError(
                filename, number, N_("invalid timestamp %(marker)s") % {"marker": quoted(marker)}
            )
        if drafts and start < drafts[-1].start:
            raise TranscriptError(
                filename,
                number,
                N_("time marker %(marker)s comes before the previous one %(marker2)s")
                % {"marker": quoted(marker), "marker2": quoted(drafts[-1].marker)},
            )
        drafts.append(_Draft(number, marker, start, [match["rest"].strip()]))
    return drafts
