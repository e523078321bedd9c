"""Matches as arrays (archive.search.engine.vectors) and passage windows as masks: the same
documents and floats as the plain Python they stand for, on both sides of each size switch."""

from __future__ import annotations

import random
from array import array

import numpy as np
import pytest

from archive.search.engine.segments import MomentTimes
from archive.search.engine.vectors import as_matches, both, either, mask_of, merged


def _matches(rng: random.Random, size: int, count: int) -> dict[int, float]:
    return {d: rng.random() * 10 for d in sorted(rng.sample(range(size), count))}


@pytest.mark.parametrize("count", [3, 40, 900])  # below and above the bisection switch
def test_both_is_the_and_of_two_dictionaries(count: int) -> None:
    rng = random.Random(count)
    size = 1000
    first, then = _matches(rng, size, count), _matches(rng, size, 500)
    ids, scores = both(as_matches(first), as_matches(then), size)
    expected = {d: first[d] + then[d] for d in first if d in then}
    assert ids.tolist() == sorted(expected)
    assert scores.tolist() == [expected[d] for d in sorted(expected)]  # the same floats


def test_either_is_the_or_of_two_dictionaries() -> None:
    rng = random.Random(3)
    first, then = _matches(rng, 1000, 300), _matches(rng, 1000, 300)
    ids, scores = either(as_matches(first), as_matches(then))
    expected = dict(first)
    for docnum, score in then.items():
        expected[docnum] = expected.get(docnum, 0.0) + score  # as any_scores adds them
    assert ids.tolist() == sorted(expected)
    assert scores.tolist() == [expected[d] for d in sorted(expected)]


def test_merged_and_as_matches_keep_document_order() -> None:
    known = as_matches({5: 1.0, 1: 2.0})
    more = as_matches({3: 3.0, 9: 4.0})
    ids, scores = merged(known, more)
    assert ids.tolist() == [1, 3, 5, 9]
    assert scores.tolist() == [2.0, 3.0, 1.0, 4.0]


def _times(starts: list[float], tracks: list[int], replays: dict[bytes, range]) -> MomentTimes:
    from archive.search.engine.passages import window_bounds

    lows, highs = window_bounds(starts, tracks)
    return MomentTimes(
        array("d", starts), array("I", lows), array("I", highs), replays, array("I", tracks)
    )


@pytest.mark.parametrize("count", [1, 5, 300])  # listed windows, then window edges added up
def test_near_marks_every_document_within_a_window(count: int) -> None:
    rng = random.Random(count)
    # Three tracks of cues every 8 s: windows never cross from one to the next.
    starts = [8.0 * (n % 200) for n in range(600)]
    tracks = [n // 200 for n in range(600)]
    times = _times(starts, tracks, {b"a": range(0, 200), b"b": range(200, 600)})
    docs = np.array(sorted(rng.sample(range(600), count)), dtype=np.intp)
    expected = {
        d
        for a in docs.tolist()
        for d in range(600)
        if tracks[d] == tracks[a] and abs(starts[d] - starts[a]) <= 30.0
    }
    assert set(np.flatnonzero(times.near(docs)).tolist()) == expected
    assert set(np.flatnonzero(times.of_replays([b"b", b"gone"])).tolist()) == set(range(200, 600))


def test_a_mask_as_a_set_checks_ranges() -> None:
    from archive.search.engine.moments import _Marked

    marked = _Marked(mask_of(np.array([3, 7], dtype=np.intp), 10))
    assert 3 in marked and 4 not in marked and 11 not in marked
    assert marked.isdisjoint(range(4, 7)) and not marked.isdisjoint(range(4, 8))
    assert sorted(marked) == [3, 7] and len(marked) == 2
