"""SubRip (.srt): numbered blocks of a timing line and text lines, with light formatting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.sentences import N_
from archive.times import parse_clock
from archive.transcripts.decode import normalize_text
from archive.transcripts.errors import TranscriptError, quoted
from archive.transcripts.model import ParsedCue
from archive.transcripts.speakers import split_first_speaker

# <i>, <b>, <u>, <font color="...">, and any other tag-like markup players would hide.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
# ASS/SSA override blocks such as {\an8} or {\i1}.
_OVERRIDE = re.compile(r"\{\\[^}]*\}")


@dataclass
class _Draft:
    """A cue being read: where its timing line is, and the text lines so far."""

    line: int
    start: float
    end: float
    identifier: str | None
    lines: list[str] = field(default_factory=list)


def parse_srt(text: str, filename: str) -> list[ParsedCue]:
    """Parse SRT text into cues; raise TranscriptError naming the line of the first problem."""
    drafts: list[_Draft] = []
    for first_line, block in _blocks(normalize_text(text)):
        head = block[0].strip()
        if "-->" in head:
            drafts.append(_start_cue(filename, first_line, block[0], None, block[1:]))
        elif _is_number(head) and len(block) > 1 and "-->" in block[1]:
            drafts.append(_start_cue(filename, first_line + 1, block[1], head, block[2:]))
        elif _is_number(head):
            raise TranscriptError(
                filename, first_line, N_("cue %(head)s has no timing line") % {"head": head[:12]}
            )
        elif drafts:
            # A blank line inside a cue's text: the block still belongs to that cue.
            drafts[-1].lines.extend(["", *block])
        else:
            raise TranscriptError(
                filename,
                first_line,
                N_("expected a cue number or a timing line, found %(head)s")
                % {"head": quoted(head)},
            )
    return [_finish(draft) for draft in drafts]


def looks_like_srt(text: str) -> bool:
    """Tell SRT by its shape: a first block opening with a cue number or a timing line."""
    head = [line.strip() for line in normalize_text(text[:4096]).split("\n") if line.strip()][:2]
    if not head:
        return False
    if "-->" in head[0]:
        return True
    return _is_number(head[0]) and len(head) == 2 and "-->" in head[1]


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Group lines into blank-line separated blocks, each with its first 1-based line number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _start_cue(
    filename: str, line_no: int, timing: str, identifier: str | None, lines: list[str]
) -> _Draft:
    left, _arrow, right = timing.partition("-->")
    tokens = [left.strip(), *right.split()[:1]]
    if len(tokens) < 2:
        raise TranscriptError(filename, line_no, N_("timing line has no end time"))
    start, end = parse_clock(tokens[0]), parse_clock(tokens[1])
    for token, value in zip(tokens, (start, end), strict=True):
        if value is None:
            raise TranscriptError(
                filename, line_no, N_("invalid timestamp %(token)s") % {"token": quoted(token)}
            )
    assert start is not None and end is not None
    if end < start:
        raise TranscriptError(filename, line_no, N_("cue ends before it starts"))
    return _Draft(line_no, start, end, identifier, list(lines))


def _finish(draft: _Draft) -> ParsedCue:
    voice: str | None = None
    lines: list[str] = []
    for line in draft.lines:
        found = _VOICE.search(line)
        if found and voice is None:
            voice = found.group(1).strip()
        lines.append(_TAG.sub("", _OVERRIDE.sub("", line)).strip())
    speaker, lines = split_first_speaker(lines)
    text = "\n".join(lines).strip()
    return ParsedCue(draft.start, draft.end, text, voice or speaker, draft.identifier)


def _is_number(value: str) -> bool:
    return value.isascii() and value.isdigit()
