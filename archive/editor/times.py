"""Times as editors type them: "65.5", "1:05.5" or "0:01:05.500"."""

from __future__ import annotations

import re

_CLOCK = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d+)?)$")


class TimeError(ValueError):
    """A time that cannot be read; the message is one sentence."""


def parse_time(text: str) -> float:
    """Seconds from a typed time; raises TimeError with an example of what works."""
    value = text.strip()
    match = _CLOCK.match(value)
    if not match:
        raise TimeError(f"'{value[:20]}' is not a time; write it as 1:05.5 or 65.5.")
    first, second, seconds = match.groups()
    hours, minutes = (first, second) if second is not None else (None, first)
    total = float(seconds.replace(",", "."))
    if minutes is not None:
        if (hours is not None or int(minutes) > 0) and total >= 60:
            raise TimeError(f"'{value[:20]}' has more than 59 seconds; write it as 1:05.5.")
        total += int(minutes) * 60
    if hours is not None:
        total += int(hours) * 3600
    return round(total, 3)


def format_time(seconds: float) -> str:
    """A time as the editor shows it: ``65.5`` → ``"1:05.500"``, ``3725`` → ``"1:02:05.000"``."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    text = f"{minutes}:{rest // 1000:02d}.{rest % 1000:03d}"
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}" if hours else text
