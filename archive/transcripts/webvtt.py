"""The W3C WebVTT file parser: signature, header, blocks, cues, regions and style sheets.

A faithful transcription of https://www.w3.org/TR/webvtt1/#file-parsing, so that a file
browsers accept gives the same cues here. The raw cue text is left as written; the cue
text parser (``cuetext``) turns it into plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from archive.sentences import N_
from archive.transcripts.decode import normalize_text
from archive.transcripts.errors import TranscriptError
from archive.transcripts.webvtt_timing import (
    WHITESPACE,
    CueTimings,
    describe_invalid_timing,
    parse_percentage,
    parse_timing_line,
    split_on_whitespace,
)

SIGNATURE = "WEBVTT"


@dataclass(frozen=True)
class WebVTTCue:
    """A cue as the WebVTT parser gives it: identifier, times, raw text and settings."""

    identifier: str
    start: float
    end: float
    #: the raw cue text, markup and entities included, lines joined with "\n"
    text: str
    settings: Mapping[str, str] = field(default_factory=dict)
    #: 1-based line of the timing line in the file
    line: int = 0


@dataclass(frozen=True)
class WebVTTRegion:
    """A REGION definition block: its identifier and its valid settings."""

    identifier: str
    settings: Mapping[str, str]


@dataclass(frozen=True)
class SkippedBlock:
    """A block with a timing line the spec drops as invalid, kept to explain missing cues."""

    line: int
    reason: str


@dataclass
class WebVTTFile:
    """Everything a WebVTT file holds, in file order."""

    cues: list[WebVTTCue] = field(default_factory=list)
    regions: list[WebVTTRegion] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    skipped: list[SkippedBlock] = field(default_factory=list)


def has_webvtt_signature(text: str) -> bool:
    """Tell whether decoded text starts with a valid WebVTT signature line."""
    text = text.removeprefix("\ufeff")
    if not text.startswith(SIGNATURE):
        return False
    return len(text) == len(SIGNATURE) or text[len(SIGNATURE)] in " \t\n\r"


def parse_webvtt(text: str, filename: str = "<webvtt>") -> WebVTTFile:
    """Parse decoded WebVTT text to the spec; raise TranscriptError if the signature is wrong."""
    text = normalize_text(text.removeprefix("\ufeff"))
    if not has_webvtt_signature(text):
        raise TranscriptError(filename, 1, N_("missing WEBVTT signature"))
    return _Parser(text).parse()


class _Parser:
    """The spec's parser state: the input, a position pointer and what was seen so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_no = 1  # the line that ``pos`` is on
        self.seen_cue = False
        self.result = WebVTTFile()

    def parse(self) -> WebVTTFile:
        _signature_rest, seen_eof = self._collect_line()
        if seen_eof or self.pos >= len(self.text):
            return self.result
        self._collect_block(in_header=True)
        self._skip_line_feeds()
        while self.pos < len(self.text):
            self._collect_block(in_header=False)
            self._skip_line_feeds()
        return self.result

    def _collect_line(self) -> tuple[str, bool]:
        """Collect up to the next LF and step over it; say whether the input ended instead."""
        end = self.text.find("\n", self.pos)
        if end == -1:
            line, self.pos = self.text[self.pos :], len(self.text)
            return line, True
        line, self.pos = self.text[self.pos : end], end + 1
        self.line_no += 1
        return line, False

    def _skip_line_feeds(self) -> None:
        while self.text.startswith("\n", self.pos):
            self.pos += 1
            self.line_no += 1

    def _collect_block(self, in_header: bool) -> None:
        """Collect one block and file it as a cue, a style sheet or a region."""
        line_count = 0
        previous = (self.pos, self.line_no)
        buffer: list[str] = []
        seen_arrow = False
        cue: tuple[str, CueTimings, int] | None = None
        kind: str | None = None
        while True:
            line_no = self.line_no
            line, seen_eof = self._collect_line()
            line_count += 1
            if "-->" in line:
                if in_header or not (line_count == 1 or (line_count == 2 and not seen_arrow)):
                    # The line starts the next block: step back to it.
                    self.pos, self.line_no = previous
                    break
                seen_arrow = True
                previous = (self.pos, self.line_no)
                cue = self._start_cue(buffer, line, line_no)
                if cue is not None:
                    buffer = []
            elif line == "":
                break
            else:
                if not in_header and line_count == 2:
                    kind = self._definition_kind(buffer)
                    if kind is not None:
                        buffer = []
                buffer.append(line)
                previous = (self.pos, self.line_no)
            if seen_eof:
                break
        self._file_block(cue, kind, "\n".join(buffer))

    def _start_cue(
        self, buffer: list[str], line: str, line_no: int
    ) -> tuple[str, CueTimings, int] | None:
        region_ids = frozenset(region.identifier for region in self.result.regions)
        timings = parse_timing_line(line, region_ids)
        if timings is None:
            self.result.skipped.append(SkippedBlock(line_no, describe_invalid_timing(line)))
            return None
        self.seen_cue = True
        return "\n".join(buffer), timings, line_no

    def _definition_kind(self, buffer: list[str]) -> str | None:
        """Say whether a block's first line opens a STYLE or REGION definition."""
        if self.seen_cue or len(buffer) != 1:
            return None
        for keyword in ("STYLE", "REGION"):
            first = buffer[0]
            if first.startswith(keyword) and not first[len(keyword) :].strip(WHITESPACE):
                return keyword
        return None

    def _file_block(
        self, cue: tuple[str, CueTimings, int] | None, kind: str | None, text: str
    ) -> None:
        if cue is not None:
            identifier, timings, line_no = cue
            self.result.cues.append(
                WebVTTCue(identifier, timings.start, timings.end, text, timings.settings, line_no)
            )
        elif kind == "STYLE":
            self.result.stylesheets.append(text)
        elif kind == "REGION":
            self._add_region(parse_region(text))

    def _add_region(self, region: WebVTTRegion) -> None:
        if not region.identifier:
            return
        kept = [known for known in self.result.regions if known.identifier != region.identifier]
        self.result.regions = [*kept, region]


def parse_region(text: str) -> WebVTTRegion:
    """Collect a REGION block's settings; invalid ones are ignored as the spec says."""
    identifier = ""
    settings: dict[str, str] = {}
    for setting in split_on_whitespace(text):
        name, colon, value = setting.partition(":")
        if not colon or not name or not value:
            continue
        if name == "id" and "-->" not in value:
            identifier = value
        elif _region_setting_is_valid(name, value):
            settings[name] = value
    return WebVTTRegion(identifier, settings)


def _region_setting_is_valid(name: str, value: str) -> bool:
    if name == "width":
        return parse_percentage(value) is not None
    if name == "lines":
        return value.isascii() and value.isdigit()
    if name in ("regionanchor", "viewportanchor"):
        x, comma, y = value.partition(",")
        return bool(comma) and parse_percentage(x) is not None and parse_percentage(y) is not None
    return name == "scroll" and value == "up"
