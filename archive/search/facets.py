"""Facet counts over a whole result set, fast enough to run on every search.

Each segment's facet columns are plain lists (see :mod:`archive.search.segments`); a search
counts its matching document numbers with one :class:`~collections.Counter` per facet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from archive.search.schema import FACET_SEPARATOR, REPLAY_COLUMN, Facet, facet_column

#: A facet entry: the value to filter on, the label to show, and how many moments have it.
FacetValue = tuple[str, str, int]

MAX_FACET_VALUES = 20
_LANGUAGE_LABELS = {"fr": "Français", "en": "English"}


class FacetCounter:
    """Accumulates facet and per-replay counts segment by segment."""

    def __init__(self) -> None:
        self.counts: dict[Facet, Counter[bytes]] = {facet: Counter() for facet in Facet}
        self.per_replay: Counter[bytes] = Counter()

    def add(self, columns: dict[str, list[bytes]], docnums: Sequence[int]) -> None:
        """Count the matching documents (segment-local numbers) of one segment."""
        for facet in Facet:
            column = columns[facet_column(facet)]
            self.counts[facet].update(map(column.__getitem__, docnums))
        self.per_replay.update(map(columns[REPLAY_COLUMN].__getitem__, docnums))

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
