"""What the player reports about one page view, read strictly: a play, seconds, parts watched.

The body is JSON, for instance ``{"play": true, "seconds": 42, "reached": [0, 1, 2],
"replayed": [1]}``: whether playback started (sent once per page view), the whole seconds
played through since the last report, the hundredths of the replay reached for the first
time in this page view, and those played again. Nothing in it names the viewer.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from archive.models.audience import BUCKETS

#: A report is a few hundred bytes; anything much larger is not the player's.
MAX_REPORT_BYTES = 4096
#: The player reports at least every 30 seconds; an hour covers a hidden tab at double speed.
MAX_SECONDS = 3600
#: A part may be played again many times between two reports, but not without end.
MAX_REPLAYED = 400
_KEYS = frozenset({"play", "seconds", "reached", "replayed"})


class ReportError(ValueError):
    """A report that is not the player's; the message is one sentence."""


@dataclass(frozen=True)
class Report:
    """One report of one page view."""

    play: bool = False
    seconds: int = 0
    reached: frozenset[int] = frozenset()
    replayed: Counter[int] = field(default_factory=Counter)

    @property
    def counts_nothing(self) -> bool:
        """Whether there is nothing in it to count."""
        return not (self.play or self.seconds or self.reached or self.replayed)


def read_report(body: bytes) -> Report:
    """The report in a request body, or ReportError saying what is wrong with it."""
    if len(body) > MAX_REPORT_BYTES:
        raise ReportError("The report is too large.")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReportError("The report is not JSON.") from None
    if not isinstance(data, dict):
        raise ReportError("The report must be a JSON object.")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ReportError(f"The report has an unknown field: {unknown[0]!r}.")
    play = data.get("play", False)
    if not isinstance(play, bool):
        raise ReportError("'play' must be true or false.")
    seconds = data.get("seconds", 0)
    if not _whole(seconds) or not 0 <= seconds <= MAX_SECONDS:
        raise ReportError(f"'seconds' must be a whole number from 0 to {MAX_SECONDS}.")
    reached = _parts(data.get("reached", []), "reached", BUCKETS)
    if len(set(reached)) != len(reached):
        raise ReportError("'reached' names a part twice.")
    replayed = _parts(data.get("replayed", []), "replayed", MAX_REPLAYED)
    report = Report(play, seconds, frozenset(reached), Counter(replayed))
    if report.counts_nothing:
        raise ReportError("The report counts nothing.")
    return report


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parts(value: Any, name: str, most: int) -> list[int]:
    if not isinstance(value, list) or len(value) > most:
        raise ReportError(f"'{name}' must be a list of at most {most} parts.")
    if not all(_whole(part) and 0 <= part < BUCKETS for part in value):
        raise ReportError(f"'{name}' must list parts numbered from 0 to {BUCKETS - 1}.")
    return value
