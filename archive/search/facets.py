"""Facet counts over a whole result set, fast enough to run on every search.

Each matching document is counted once, by its facet key (see
:class:`~archive.search.segments.SegmentTables`); the few distinct keys are then spread
over the event, year, speaker and language facets and the per-replay counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from archive.search.schema import FACET_SEPARATOR, Facet
from archive.search.segments import FacetTable

#: A facet entry: the value to filter on, the label to show, and how many moments have it.
FacetValue = tuple[str, str, int]

MAX_FACET_VALUES = 20
_LANGUAGE_LABELS = {"fr": "Français", "en": "English"}
_FACETS = tuple(Facet)


class FacetCounter:
    """Accumulates facet and per-replay counts segment by segment."""

    def __init__(self) -> None:
        self.counts: dict[Facet, Counter[bytes]] = {facet: Counter() for facet in Facet}
        self.per_replay: Counter[bytes] = Counter()

    def add(self, table: FacetTable, docnums: Sequence[int]) -> None:
        """Count the matching documents (segment-local numbers) of one segment."""
        keys, combos = table
        for key, count in Counter(map(keys.__getitem__, docnums)).items():
            values = combos[key]
            for facet, value in zip(_FACETS, values, strict=False):
                self.counts[facet][value] += count
            self.per_replay[values[-1]] += count

    def facets(self, limit: int = MAX_FACET_VALUES) -> dict[str, list[FacetValue]]:
        """Each facet's values, most frequent first, at most ``limit`` of them."""
        result: dict[str, list[FacetValue]] = {}
        for facet in Facet:
            values: list[FacetValue] = []
            for raw, count in self.counts[facet].items():
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
