"""Facet counts over a whole result set, fast enough to run on every search.

The matching documents are counted by transcript track (a replay's documents in one
language: one replay, one event, one year, one language) and by speaker, each in one pass of
C code (``Counter.update``) over the segment's tables (see
:class:`~archive.search.engine.segments.SegmentTables`); the replay, event, year and
language counts are then added up track by track, and only the most frequent values of each
facet are decoded and sorted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from heapq import nlargest

from archive.search.engine.schema import FACET_SEPARATOR, Facet
from archive.search.engine.segments import FacetTable, Tracks

#: A facet entry: the value to filter on, the label to show, and how many moments have it.
FacetValue = tuple[str, str, int]

MAX_FACET_VALUES = 20
_LANGUAGE_LABELS = {"fr": "Français", "en": "English"}
_SPEAKER = tuple(Facet).index(Facet.SPEAKER)


class FacetCounter:
    """Accumulates facet and per-replay counts segment by segment."""

    def __init__(self) -> None:
        self.counts: dict[Facet, Counter[bytes]] = {facet: Counter() for facet in Facet}
        self.per_replay: Counter[bytes] = Counter()

    def add(self, table: FacetTable, tracks: Tracks, docnums: Sequence[int]) -> None:
        """Count the matching documents (segment-local numbers) of one segment."""
        self.counts[Facet.SPEAKER].update(map(table[_SPEAKER].__getitem__, docnums))
        per_track = Counter(map(tracks.of_doc.__getitem__, docnums))
        replays, languages = self.per_replay, self.counts[Facet.LANGUAGE]
        events, years = self.counts[Facet.EVENT], self.counts[Facet.YEAR]
        keys = tracks.keys
        for track, count in per_track.items():
            replay, language, event, year = keys[track]
            replays[replay] += count
            languages[language] += count
            events[event] += count
            years[year] += count

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
        return self.per_replay[replay_id.encode("utf-8")]


def _most_frequent(counts: Counter[bytes], limit: int) -> list[tuple[bytes, int]]:
    """The values that can make the top ``limit`` (ties at the cut included; "" left out)."""
    counts.pop(b"", None)
    if len(counts) <= limit:
        return list(counts.items())
    cut = nlargest(limit, counts.values())[-1]
    return [(raw, count) for raw, count in counts.items() if count >= cut]
