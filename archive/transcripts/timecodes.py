"""Clock times of SRT and text transcripts, and the caption time format we write."""

from __future__ import annotations

import re

# Hours are optional ("01:02" is 1 min 2 s); the fraction may use a comma (SRT) or a dot.
_CLOCK = re.compile(r"(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,3}):(?P<s>\d{2})(?:[,.](?P<f>\d{1,3}))?")
# Speech runs at about 150 words a minute; a last cue lasts at least this long.
_WORDS_PER_SECOND = 2.5
_MIN_DURATION = 2.0


def parse_clock(value: str) -> float | None:
    """Read "hh:mm:ss,mmm", "hh:mm:ss.mmm", "hh:mm:ss" or "mm:ss" as seconds, or None."""
    match = _CLOCK.fullmatch(value.strip())
    if match is None:
        return None
    hours = int(match["h"] or 0)
    minutes, seconds = int(match["m"]), int(match["s"])
    if seconds > 59 or (match["h"] is not None and minutes > 59):
        return None
    fraction = match["f"] or ""
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    return (((hours * 60 + minutes) * 60 + seconds) * 1000 + millis) / 1000


def format_timestamp(seconds: float) -> str:
    """Write seconds as a WebVTT timestamp, "hh:mm:ss.mmm"."""
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def speaking_time(text: str) -> float:
    """Estimate how long saying ``text`` takes, for a cue that has no end time."""
    return round(max(_MIN_DURATION, len(text.split()) / _WORDS_PER_SECOND), 3)
