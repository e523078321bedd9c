"""Clock times, read and written in one place: links to a moment, editors' typed times,
transcript and caption timestamps, ISO durations for structured data, and the current time.

Knows nothing of the app: plain values in, plain values out.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from archive.sentences import N_

# Hours are optional ("01:02" is 1 min 2 s); the fraction may use a comma (SRT) or a dot.
_CLOCK = re.compile(r"(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,3}):(?P<s>\d{2})(?:[,.](?P<f>\d{1,3}))?")
# What editors type: "65.5", "1:05.5", "0:01:05.500" (seconds may carry a comma fraction).
_TYPED = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d+)?)$")
# What links carry besides clock forms: "75", "75.5", "1m15s", "1h2m".
_UNITS = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?")
_ASCII_NUMBER = re.compile(r"\d+(?:\.\d+)?", re.ASCII)


class TimeError(ValueError):
    """A time that cannot be read; the message is one sentence."""


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time as timezone-aware UTC (SQLite gives timezone columns back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_clock(value: str) -> float | None:
    """Read "hh:mm:ss,mmm", "hh:mm:ss.mmm", "hh:mm:ss" or "mm:ss" as seconds, or None."""
    match = _CLOCK.fullmatch(value.strip())
    if match is None or not value.strip().isascii():
        return None
    hours = int(match["h"] or 0)
    minutes, seconds = int(match["m"]), int(match["s"])
    if seconds > 59 or (match["h"] is not None and minutes > 59):
        return None
    fraction = match["f"] or ""
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    return (((hours * 60 + minutes) * 60 + seconds) * 1000 + millis) / 1000


def parse_moment(raw: str) -> float | None:
    """Seconds from a time in a link (``?t=75``, ``75.5``, ``1:15``, ``1m15s``); None if unreadable."""
    raw = raw.strip().lower()
    if not raw or not raw.isascii():
        return None
    if ":" in raw:
        parts = raw.split(":")
        if not all(_ASCII_NUMBER.fullmatch(part) for part in parts):
            return None
        total = 0.0
        for part in parts:
            total = total * 60 + float(part)
        return total
    if _ASCII_NUMBER.fullmatch(raw):
        return float(raw)
    match = _UNITS.fullmatch(raw)
    if not match or not any(match.groups()):
        return None
    hours, minutes, secs = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs or 0)


def parse_typed_time(text: str) -> float:
    """Seconds from a time an editor typed; raises TimeError with an example of what works."""
    value = text.strip()
    match = _TYPED.match(value) if value.isascii() else None
    if not match:
        raise TimeError(
            N_("'%(value)s' is not a time; write it as 1:05.5 or 65.5.") % {"value": value[:20]}
        )
    first, second, seconds = match.groups()
    hours, minutes = (first, second) if second is not None else (None, first)
    total = float(seconds.replace(",", "."))
    if minutes is not None:
        if (hours is not None or int(minutes) > 0) and total >= 60:
            raise TimeError(
                N_("'%(value)s' has more than 59 seconds; write it as 1:05.5.")
                % {"value": value[:20]}
            )
        total += int(minutes) * 60
    if hours is not None:
        total += int(hours) * 3600
    return round(total, 3)


def _split_millis(seconds: float) -> tuple[int, int, int, int]:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return hours, minutes, secs, millis


def format_vtt_timestamp(seconds: float) -> str:
    """A WebVTT timestamp, "hh:mm:ss.mmm"."""
    hours, minutes, secs, millis = _split_millis(seconds)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def format_precise(seconds: float) -> str:
    """A time as editors see it: ``65.5`` → ``"1:05.500"``, ``3725`` → ``"1:02:05.000"``."""
    hours, minutes, secs, millis = _split_millis(seconds)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{millis:03d}"
    return f"{minutes}:{secs:02d}.{millis:03d}"


def format_clock(seconds: float | None) -> str:
    """A time as viewers see it: ``75.4`` → ``"1:15"``, ``3725`` → ``"1:02:05"``."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def time_param(seconds: float) -> str:
    """A time for a link's query string: ``12.5`` → ``"12.5"``, ``12.0`` → ``"12"``, ``0`` → ``"0"``."""
    return f"{seconds:.2f}".rstrip("0").rstrip(".") or "0"


def iso_duration(seconds: float | None) -> str:
    """An ISO 8601 duration, as schema.org wants it: ``3725.4`` → ``"PT1H2M5S"``."""
    total = round(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")
