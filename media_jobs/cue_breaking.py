"""Captions from timed words: cues that read well and start where their first word is said.

A cue ends at a pause or at the end of a sentence, and never grows past two lines of about
42 characters or about 7 seconds (the limits subtitle style guides such as the BBC's and
Netflix's use); a word is never split. Its times are its words' times, so a search hit on a
word lands within a second of when it was said.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Characters on one caption line, and lines in a cue.
LINE_CHARS = 42
MAX_LINES = 2
#: A cue longer than this is cut at the next word.
MAX_SECONDS = 7.0
#: A silence this long between two words ends the cue.
PAUSE_SECONDS = 0.6
#: A sentence end closes the cue once it holds this many characters.
SENTENCE_MIN_CHARS = 20
_SENTENCE_END = (".", "?", "!", "…")


@dataclass(frozen=True)
class Word:
    """One recognised word with its times and the engine's confidence in it (0–1)."""

    start: float
    end: float
    text: str
    probability: float = 1.0


@dataclass(frozen=True)
class TimedCue:
    """A caption made of consecutive words."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...]


def break_into_cues(words: Iterable[Word]) -> list[TimedCue]:
    """Group words into caption cues (see the module's rules)."""
    cues: list[TimedCue] = []
    current: list[Word] = []
    for word in words:
        if not word.text.strip():
            continue
        if current and _must_break(current, word):
            cues.append(_cue(current))
            current = []
        current.append(word)
    if current:
        cues.append(_cue(current))
    return cues


def _must_break(current: Sequence[Word], nxt: Word) -> bool:
    text = _joined(current)
    if nxt.start - current[-1].end >= PAUSE_SECONDS:
        return True
    if text.endswith(_SENTENCE_END) and len(text) >= SENTENCE_MIN_CHARS:
        return True
    if len(_joined([*current, nxt])) > LINE_CHARS * MAX_LINES:
        return True
    return nxt.end - current[0].start > MAX_SECONDS


def _joined(words: Sequence[Word]) -> str:
    return " ".join(w.text.strip() for w in words)


def _cue(words: Sequence[Word]) -> TimedCue:
    return TimedCue(words[0].start, words[-1].end, _two_lines(_joined(words)), tuple(words))


def _two_lines(text: str) -> str:
    """Split a long text into two lines of about equal length, between words."""
    if len(text) <= LINE_CHARS:
        return text
    middle = len(text) // 2
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1 :]
