"""Facet counts over a whole result set, fast enough to run on every search.

The matching documents are counted by transcript track (a replay's documents in one
language: one replay, one event, one year, one language) and by speaker, each with
``numpy.bincount`` over the segment's numbered columns (see
:class:`~archive.search.engine.segments.Tracks`); the replay, event, year and language
counts are then added up from the tracks' counts the same way, and only the most frequent
values of each facet are decoded and sorted. A common word's four hundred thousand matches
are counted in a few milliseconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from heapq import nlargest
from typing import Any

import numpy as np

from archive.search.engine.schema import FACET_SEPARATOR, Facet
from archive.search.engine.segments import Codes, Tracks

#: A facet entry: the value to filter on, the label to show, and how many moments have it.
FacetValue = tuple[str, str, int]

MAX_FACET_VALUES = 20
_LANGUAGE_LABELS = {"fr": "Français", "en": "English"}


class FacetCounter:
    """Accumulates facet and per-replay counts segment by segment."""

    def __init__(self) -> None:
        self.counts: dict[Facet, Counter[bytes]] = {facet: Counter() for facet in Facet}
        #: each segment's moments per replay code, with the segment's replay column: a page
        #: asks for a few replays' counts, so they are not all decoded
        self._per_replay: list[tuple[Codes, np.ndarray[Any, Any]]] = []

    def add(self, tracks: Tracks, docnums: Sequence[int] | np.ndarray[Any, Any]) -> None:
        """Count the matching documents (segment-local numbers) of one segment."""
        docs = np.asarray(docnums, dtype=np.intp)
        _add_counts(self.counts[Facet.SPEAKER], tracks.speakers, tracks.speakers.codes[docs])
        per_track = np.bincount(tracks.of_doc_codes[docs], minlength=len(tracks.keys))
        replays, *others = tracks.columns
        if per_track.any():
            per_replay = np.bincount(
                replays.codes, weights=per_track, minlength=len(replays.values)
            )
            self._per_replay.append((replays, per_replay))
        targets = (self.counts[Facet.LANGUAGE], self.counts[Facet.EVENT], self.counts[Facet.YEAR])
        for counts, column in zip(targets, others, strict=True):
            _add_counts(counts, column, column.codes, per_track)

    def facets(self, limit: int = MAX_FACET_VALUES) -> dict[str, list[FacetValue]]:
        """Each facet's values, most frequent first, at most ``limit`` of them."""
        result: dict[str, list[FacetValue]] = {}
        for facet in Facet:
            values: list[FacetValue] = []
            for raw, count in _most_frequent(self.counts[facet], limit):
                if raw:
                    value, _, label = raw.decode("utf-8").partition(FACET_SEPARATOR)
                    if facet is Facet.LANGUAGE:
                        label = _LANGUAGE_LABELS.get(value, value)
                    values.append((value, label or value, count))
            values.sort(key=lambda v: (-v[2], v[1].casefold()))
            result[facet.value] = values[:limit]
        return result

    def moments_of(self, replay_id: str) -> int:
        """How many matching moments a replay has in the whole result set."""
        key = replay_id.encode("utf-8")
        total = 0
        for column, per_replay in self._per_replay:
            code = column.code_of(key)
            if code is not None:
                total += int(per_replay[code])
        return total


def _most_frequent(counts: Counter[bytes], limit: int) -> list[tuple[bytes, int]]:
    """The values that can make the top ``limit`` (ties at the cut included; "" left out)."""
    counts.pop(b"", None)
    if len(counts) <= limit:
        return list(counts.items())
    cut = nlargest(limit, counts.values())[-1]
    return [(raw, count) for raw, count in counts.items() if count >= cut]


def _add_counts(
    counts: Counter[bytes],
    column: Codes,
    codes: np.ndarray[Any, Any],
    weights: np.ndarray[Any, Any] | None = None,
) -> None:
    """Add to ``counts`` each value of ``column`` that ``codes`` holds (``weights[i]`` times
    for ``codes[i]``, once without weights)."""
    if not len(codes):
        return
    found = np.bincount(codes, weights=weights, minlength=len(column.values))
    present = np.flatnonzero(found)
    # The values and their counts paired in C: Counter.update copies a mapping in C when the
    # counter is empty, and adds it in Python only when it already holds something (another
    # language or segment).
    counts.update(
        dict(
            zip(
                map(column.values.__getitem__, present.tolist()),
                found[present].astype(np.int64).tolist(),
                strict=True,
            )
        )
    )
