"""WebVTT cue timings and settings, collected as the W3C WebVTT parsing algorithm says.

https://www.w3.org/TR/webvtt1/#collect-webvtt-cue-timings-and-settings
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from archive.transcripts.errors import quoted

#: ASCII whitespace as WebVTT means it: tab, LF, FF, CR, space (not VT).
WHITESPACE = "\t\n\x0c\r "
_DIGITS = re.compile(r"[0-9]*")
_PERCENTAGE = re.compile(r"[0-9]+(?:\.[0-9]+)?%")
_LINE_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_SPLIT_ON_WHITESPACE = re.compile(r"[\t\n\x0c\r ]+")


@dataclass(frozen=True)
class CueTimings:
    """A timing line's result: start and end in seconds, and the settings kept."""

    start: float
    end: float
    #: accepted settings, name to value as written (align, line, position, region, size, vertical)
    settings: Mapping[str, str] = field(default_factory=dict)


def parse_timestamp(text: str, pos: int) -> tuple[float, int] | None:
    """Collect a WebVTT timestamp at ``pos``: (seconds, next position), or None if invalid."""
    hours_first = False
    string, pos = _collect_digits(text, pos)
    if not string:
        return None
    value1 = int(string)
    if len(string) != 2 or value1 > 59:
        hours_first = True
    if not text.startswith(":", pos):
        return None
    string, pos = _collect_digits(text, pos + 1)
    if len(string) != 2:
        return None
    value2 = int(string)
    if hours_first or text.startswith(":", pos):
        if not text.startswith(":", pos):
            return None
        string, pos = _collect_digits(text, pos + 1)
        if len(string) != 2:
            return None
        value3 = int(string)
    else:
        value1, value2, value3 = 0, value1, value2
    if not text.startswith(".", pos):
        return None
    string, pos = _collect_digits(text, pos + 1)
    if len(string) != 3 or value2 > 59 or value3 > 59:
        return None
    millis = ((value1 * 60 + value2) * 60 + value3) * 1000 + int(string)
    return millis / 1000, pos


def parse_timing_line(line: str, region_ids: frozenset[str] = frozenset()) -> CueTimings | None:
    """Collect cue timings and settings from a line, or None when the timings are invalid."""
    pos = _skip_whitespace(line, 0)
    start = parse_timestamp(line, pos)
    if start is None:
        return None
    pos = _skip_whitespace(line, start[1])
    if not line.startswith("-->", pos):
        return None
    pos = _skip_whitespace(line, pos + 3)
    end = parse_timestamp(line, pos)
    if end is None:
        return None
    settings = parse_cue_settings(line[end[1] :], region_ids)
    return CueTimings(start[0], end[0], settings)


def describe_invalid_timing(line: str) -> str:
    """Say, for a user, which part of a rejected timing line is wrong."""
    left, _arrow, right = line.partition("-->")
    for token in (left.strip(WHITESPACE), (split_on_whitespace(right) or [""])[0]):
        parsed = parse_timestamp(token, 0)
        if parsed is None or parsed[1] != len(token):
            return f"invalid timestamp {quoted(token)}"
    return f"invalid cue timings {quoted(line.strip(WHITESPACE))}"


def parse_cue_settings(remainder: str, region_ids: frozenset[str]) -> dict[str, str]:
    """Keep the cue settings the spec accepts; a later setting of one name wins."""
    settings: dict[str, str] = {}
    for setting in split_on_whitespace(remainder):
        name, colon, value = setting.partition(":")
        if not colon or not name or not value:
            continue
        if _setting_is_valid(name, value, region_ids):
            settings[name] = value
    # A region only holds cues laid out by the region itself.
    size = parse_percentage(settings.get("size", "100%"))
    if "vertical" in settings or "line" in settings or size != 100:
        settings.pop("region", None)
    return settings


def split_on_whitespace(text: str) -> list[str]:
    """Split on runs of WebVTT whitespace, dropping empty pieces."""
    return [piece for piece in _SPLIT_ON_WHITESPACE.split(text) if piece]


def parse_percentage(value: str) -> float | None:
    """Parse a WebVTT percentage between 0 and 100, or None."""
    if not _PERCENTAGE.fullmatch(value):
        return None
    number = float(value[:-1])
    return number if 0 <= number <= 100 else None


def _setting_is_valid(name: str, value: str, region_ids: frozenset[str]) -> bool:
    if name == "region":
        return value in region_ids
    if name == "vertical":
        return value in ("rl", "lr")
    if name == "line":
        return _line_is_valid(value)
    if name == "position":
        colpos, comma, colalign = value.partition(",")
        alignment_ok = not comma or colalign in ("line-left", "center", "line-right")
        return parse_percentage(colpos) is not None and alignment_ok
    if name == "size":
        return parse_percentage(value) is not None
    if name == "align":
        return value in ("start", "center", "end", "left", "right")
    return False


def _line_is_valid(value: str) -> bool:
    linepos, comma, linealign = value.partition(",")
    if not any(char.isdigit() for char in linepos):
        return False
    if comma and linealign not in ("start", "center", "end"):
        return False
    if linepos.endswith("%"):
        return parse_percentage(linepos) is not None
    return _LINE_NUMBER.fullmatch(linepos) is not None


def _collect_digits(text: str, pos: int) -> tuple[str, int]:
    match = _DIGITS.match(text, pos)
    assert match is not None  # "[0-9]*" always matches
    return match.group(), match.end()


def _skip_whitespace(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in WHITESPACE:
        pos += 1
    return pos
