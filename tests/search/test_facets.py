"""Facet counting: the same values, counts and order as counting every document one by one."""

from __future__ import annotations

import random
from collections import Counter

from archive.search.engine.facets import FacetCounter
from archive.search.engine.schema import FACET_SEPARATOR, Facet


def _table(rng: random.Random, documents: int) -> tuple[list[bytes], ...]:
    def value(prefix: str, count: int) -> bytes:
        n = rng.randrange(count + 1)
        return b"" if n == count else f"{prefix}{n}{FACET_SEPARATOR}{prefix} {n}".encode()

    facets = tuple(
        [value(prefix, count) for _ in range(documents)]
        for prefix, count in (("event", 30), ("year", 5), ("speaker", 60), ("lang", 2))
    )
    replays = [f"r{rng.randrange(90)}".encode() for _ in range(documents)]
    return (*facets, replays)


def _expected(table: tuple[list[bytes], ...], docnums: list[int], facet_at: int, limit: int):
    counts = Counter(table[facet_at][d] for d in docnums)
    values = []
    for raw, count in counts.items():
        if raw:
            value, _, label = raw.decode().partition(FACET_SEPARATOR)
            values.append((value, label, count))
    values.sort(key=lambda v: (-v[2], v[1].casefold()))
    return values[:limit]


def test_counts_and_order_match_a_document_by_document_count() -> None:
    rng = random.Random(7)
    table = _table(rng, 5000)
    docnums = sorted(rng.sample(range(5000), 1200))
    counter = FacetCounter()
    counter.add(table, docnums[:700])
    counter.add(table, docnums[700:])
    facets = counter.facets(limit=10)
    for at, facet in enumerate((Facet.EVENT, Facet.YEAR, Facet.SPEAKER)):
        # Many values tie at the cut: the top ten must still be those of a full sort.
        assert facets[facet.value] == _expected(table, docnums, at, 10), facet
    assert counter.moments_of("r3") == sum(1 for d in docnums if table[4][d] == b"r3")
