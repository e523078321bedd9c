"""Times in links to a moment: ``?t=75``, ``?t=75.5``, ``?t=1:15``, ``?t=1m15s``."""

from __future__ import annotations

import re

from flask import request

_UNITS = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?")


def parse_time(raw: str) -> float | None:
    """Seconds from a time written by a person or a link; None when unreadable."""
    raw = raw.strip().lower()
    if not raw:
        return None
    try:
        if ":" in raw:
            total = 0.0
            for part in raw.split(":"):
                total = total * 60 + float(part)
            return max(0.0, total)
        if raw.replace(".", "", 1).isdigit():
            return float(raw)
    except ValueError:
        return None
    match = _UNITS.fullmatch(raw)
    if not match or not any(match.groups()):
        return None
    hours, minutes, secs = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs or 0)


def seconds_arg(name: str) -> float | None:
    """A time from the query string."""
    return parse_time(request.args.get(name, ""))
