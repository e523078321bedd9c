"""How long a cue without an end time lasts: the time it takes to say its words."""

from __future__ import annotations

# Speech runs at about 150 words a minute; a last cue lasts at least this long.
_WORDS_PER_SECOND = 2.5
_MIN_DURATION = 2.0


def speaking_time(text: str) -> float:
    """Estimate how long saying ``text`` takes, for a cue that has no end time."""
    return round(max(_MIN_DURATION, len(text.split()) / _WORDS_PER_SECOND), 3)
