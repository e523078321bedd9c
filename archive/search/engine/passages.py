"""Passages: a query's words said near each other, in neighbouring cues of one replay.

People remember that two things were said together, not that one subtitle line held both.
A passage is a run of cues of one replay whose starts lie within :data:`WINDOW_SECONDS`
(30 s: about four cues of speech, or one or two sentences of a slow speaker; long enough for
an idea and its example, short enough that the words still belong to one moment) of the
first one's. It matches when its cues say every query word that the replay's names do not
already meet (see :mod:`archive.search.engine.moments`), at least one of them being said.

Passages are found greedily from the start of the replay, never overlapping, and trimmed to
the cues that hold a query word: a passage starts at its first cue holding a query word.
A cue that says every word on its own is a moment by itself, never part of a passage, and
neither is a cue holding an excluded word: both break passages.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import NamedTuple

WINDOW_SECONDS = 30.0


class WordCue(NamedTuple):
    """A cue holding at least one query word: its document, start, and which groups it says."""

    docnum: int
    start: float
    #: bit ``i`` set when the cue says the query's group ``i``
    said: int


def window_bounds(
    starts: Sequence[float], replays: Sequence[bytes], window: float = WINDOW_SECONDS
) -> tuple[list[int], list[int]]:
    """For each document, the first and last document of its replay starting within ``window``.

    Documents of one replay are consecutive and in time order (they are indexed that way, and
    merging segments keeps their order), so each bound is found by moving two cursors.
    """
    count = len(starts)
    lows = [0] * count
    highs = [0] * count
    low = high = 0
    for docnum in range(count):
        replay, start = replays[docnum], starts[docnum]
        if replays[low] != replay:
            low = docnum
        while start - starts[low] > window:
            low += 1
        high = max(high, docnum)
        while (
            high + 1 < count and replays[high + 1] == replay and starts[high + 1] - start <= window
        ):
            high += 1
        lows[docnum], highs[docnum] = low, high
    return lows, highs


def find_passages(
    cues: Sequence[WordCue],
    required: int,
    breaks: Container[int],
    window: float = WINDOW_SECONDS,
) -> list[tuple[WordCue, ...]]:
    """Passages of one replay's word cues (in time order) that say every group of ``required``.

    No passage spans a document of ``breaks`` (cues saying every word on their own, cues
    holding an excluded word). A passage that says enough also takes in the next cues of its
    window that say groups it does not say yet.
    """
    found: list[tuple[WordCue, ...]] = []
    count = len(cues)
    first = 0
    while first < count:
        last = _covering_end(cues, first, required, breaks, window)
        if last is None:
            first += 1
            continue
        said = 0
        for cue in cues[first : last + 1]:
            said |= cue.said
        while (
            last + 1 < count
            and cues[last + 1].said & ~said
            and _reachable(cues, first, last + 1, breaks, window)
        ):
            last += 1
            said |= cues[last].said
        first = _trimmed(cues, first, last, said)
        found.append(tuple(cues[first : last + 1]))
        first = last + 1
    return found


def _reachable(
    cues: Sequence[WordCue], first: int, last: int, breaks: Container[int], window: float
) -> bool:
    """Whether the passage from ``first`` may take in ``last`` (the cue after its end)."""
    if cues[last].start - cues[first].start > window:
        return False
    return not any(d in breaks for d in range(cues[last - 1].docnum + 1, cues[last].docnum))


def _covering_end(
    cues: Sequence[WordCue], first: int, required: int, breaks: Container[int], window: float
) -> int | None:
    """The first cue from ``first`` on at which the passage says enough, if any."""
    said = cues[first].said
    if said & required == required:
        return first
    for last in range(first + 1, len(cues)):
        if not _reachable(cues, first, last, breaks, window):
            return None
        said |= cues[last].said
        if said & required == required:
            return last
    return None


def _trimmed(cues: Sequence[WordCue], first: int, last: int, said: int) -> int:
    """The passage's first cue once those saying nothing the rest does not say are left out."""
    while first < last:
        rest = 0
        for cue in cues[first + 1 : last + 1]:
            rest |= cue.said
        if rest != said:
            break
        first += 1
    return first
