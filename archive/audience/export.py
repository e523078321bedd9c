"""Statistics as CSV files a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from archive.audience.statistics import EventAudience, ReplayAudience

#: A cell starting with one of these is a formula to spreadsheets (CSV injection, OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell that would start a formula, quoted with an apostrophe; other values as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows: Iterable[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def _share(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}"


def replay_csv(audience: ReplayAudience) -> str:
    """One line a day: the replay, its plays and the hours watched."""
    replay = audience.replay
    return _csv(
        ["date", "replay_id", "title", "plays", "watched_seconds", "hours_watched"],
        (
            [day.isoformat(), replay.id, replay.title, plays, seconds, f"{seconds / 3600:.2f}"]
            for day, plays, seconds in audience.days
        ),
    )


def event_csv(audience: EventAudience) -> str:
    """One line per replay of the event played in the range, most played first."""
    return _csv(
        ["replay_id", "title", "plays", "watched_seconds", "hours_watched", "average_share_pct"],
        (
            [
                line.replay.id,
                line.replay.title,
                line.totals.plays,
                line.totals.watched_seconds,
                f"{line.totals.hours_watched:.2f}",
                _share(line.totals.average_share),
            ]
            for line in audience.lines
        ),
    )
