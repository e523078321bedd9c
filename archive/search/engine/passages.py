"""Passages: a query's words said near each other, in neighbouring cues of one replay.

People remember that two things were said together, not that one subtitle line held both.
A passage is a run of cues of one replay whose starts lie within :data:`WINDOW_SECONDS`
(30 s: about four cues of speech, or one or two sentences of a slow speaker; long enough for
an idea and its example, short enough that the words still belong to one moment) of the
first one's. It matches when its cues say every query word that the replay's names do not
already meet (see :mod:`archive.search.engine.moments`), at least one of them being said.

Passages are found greedily from the start of the replay, never overlapping, and trimmed to
the cues that hold a query word: a passage starts at its first cue holding a query word.
A cue that says every word on its own (or every word the replay's names do not meet) is a
moment by itself, never part of a passage, and neither is a cue holding an excluded word:
both break passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

WINDOW_SECONDS = 30.0


def window_bounds(
    starts: Sequence[float], replays: Sequence[bytes], window: float = WINDOW_SECONDS
) -> tuple[list[int], list[int]]:
    """For each document, the first and last document of its track starting within ``window``.

    ``replays`` names each document's track (its replay and the language of its words): the
    documents of one track are consecutive and in time order (they are indexed that way, and
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
    docs: Sequence[int],
    said: Sequence[int],
    starts: Sequence[float],
    runs: Sequence[object],
    required: Sequence[int],
    breaks: AbstractSet[int],
    window: float = WINDOW_SECONDS,
) -> list[tuple[int, int]]:
    """Passages among word cues, as (first, last) positions in the sequences given.

    The cues come as parallel sequences in document order: document number, the groups it
    says (bit ``i`` for group ``i``), start, the run it belongs to (a passage never leaves its
    run: one replay's, or one transcript track's, consecutive documents) and the groups a
    passage there must say. No passage spans a document of ``breaks`` (cues saying every word
    on their own, cues holding an excluded word). A passage that says enough also takes in
    the next cues of its window that say groups it does not say yet, then leaves out its
    first cues while the rest says as much. Passages never overlap.
    """
    found: list[tuple[int, int]] = []
    count = len(docs)
    first = 0
    while first < count:
        run, need, begin = runs[first], required[first], starts[first]
        union, last = said[first], first
        while union & need != need:
            step = last + 1
            if (
                step == count
                or runs[step] != run
                or starts[step] - begin > window
                or _broken(docs[last], docs[step], breaks)
            ):
                break
            last = step
            union |= said[last]
        if union & need != need:
            first += 1
            continue
        while (
            last + 1 < count
            and runs[last + 1] == run
            and said[last + 1] & ~union
            and starts[last + 1] - begin <= window
            and not _broken(docs[last], docs[last + 1], breaks)
        ):
            last += 1
            union |= said[last]
        while first < last and _union(said, first + 1, last) == union:
            first += 1
        found.append((first, last))
        first = last + 1
    return found


def _broken(before: int, after: int, breaks: AbstractSet[int]) -> bool:
    """Whether a document of ``breaks`` lies between two word cues."""
    return after - before > 1 and not breaks.isdisjoint(range(before + 1, after))


def _union(said: Sequence[int], first: int, last: int) -> int:
    union = 0
    for position in range(first, last + 1):
        union |= said[position]
    return union
