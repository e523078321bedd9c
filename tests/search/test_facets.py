"""Facet counting: the same values, counts and order as counting every document one by one."""

from __future__ import annotations

import random
from collections import Counter

from archive.search.engine.facets import FacetCounter
from archive.search.engine.schema import FACET_SEPARATOR, Facet
from archive.search.engine.segments import tracks_of


def _table(rng: random.Random) -> tuple[list[bytes], ...]:
    """A segment as the index writes it: each replay's documents together, one event and one
    year a replay, its tracks (one language each) one after the other, a speaker a cue."""

    def value(prefix: str, count: int) -> bytes:
        n = rng.randrange(count + 1)
        return b"" if n == count else f"{prefix}{n}{FACET_SEPARATOR}{prefix} {n}".encode()

    columns: tuple[list[bytes], ...] = ([], [], [], [], [])
    for replay in range(90):
        event, year = value("event", 30), value("year", 5)
        languages = rng.sample([b"fr\x1ffr", b"en\x1fen"], rng.choice((1, 2)))
        for language in languages:
            for _ in range(rng.randrange(10, 80)):
                cue = (event, year, value("speaker", 60), language, f"r{replay}".encode())
                for column, cell in zip(columns, cue, strict=True):
                    column.append(cell)
    return columns


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
    table = _table(rng)
    tracks = tracks_of(table)
    docnums = rng.sample(range(len(table[0])), len(table[0]) // 4)
    counter = FacetCounter()
    counter.add(tracks, docnums[:700])
    counter.add(tracks, docnums[700:])
    facets = counter.facets(limit=10)
    for at, facet in enumerate((Facet.EVENT, Facet.YEAR, Facet.SPEAKER)):
        # Many values tie at the cut: the top ten must still be those of a full sort.
        assert facets[facet.value] == _expected(table, docnums, at, 10), facet
    languages = Counter(table[3][d].split(b"\x1f")[0].decode() for d in docnums)
    assert {value: count for value, _, count in facets["language"]} == languages
    assert counter.moments_of("r3") == sum(1 for d in docnums if table[4][d] == b"r3")
