"""The bounded LRU map behind the posting, score and result caches."""

from __future__ import annotations

from archive.search.engine.lru import BoundedLRU


def test_the_least_recently_used_go_first_once_the_weight_is_exceeded() -> None:
    lru: BoundedLRU[str, list[int]] = BoundedLRU(10, weight=len)
    lru.put("a", [1] * 4)
    lru.put("b", [1] * 4)
    assert lru.get("a") == [1] * 4  # "b" is now the least recently used
    lru.put("c", [1] * 4)
    assert lru.get("b") is None
    assert lru.get("a") is not None and lru.get("c") is not None


def test_a_growing_value_pushes_others_out() -> None:
    lru: BoundedLRU[str, list[int]] = BoundedLRU(10, weight=len)
    first, second = lru.put("a", [1] * 3), lru.put("b", [1] * 3)
    first.extend([1] * 3)
    lru.grew("a", 3)
    second.extend([1] * 3)
    lru.grew("b", 3)  # 12 > 10: "a", the least recently used, goes
    assert lru.get("a") is None
    assert lru.get("b") == [1] * 6
    lru.grew("a", 100)  # gone: nothing to account for
    assert lru.put("c", [1] * 4) == [1] * 4 and lru.get("b") is not None


def test_the_first_value_put_is_kept_and_returned_again() -> None:
    lru: BoundedLRU[str, str] = BoundedLRU(2)
    assert lru.put("k", "first") == "first"
    assert lru.put("k", "second") == "first"


def test_too_heavy_values_and_a_zero_capacity_keep_nothing() -> None:
    lru: BoundedLRU[str, list[int]] = BoundedLRU(100, weight=len, max_weight=25)
    assert lru.put("big", [1] * 26) == [1] * 26
    assert lru.get("big") is None
    nothing: BoundedLRU[str, str] = BoundedLRU(0)
    nothing.put("k", "v")
    assert nothing.get("k") is None


def test_forget_drops_the_selected_keys() -> None:
    lru: BoundedLRU[tuple[str, str], int] = BoundedLRU(10)
    for segment in ("s1", "s2"):
        lru.put((segment, "term"), 1)
    lru.forget(lambda key: key[0] != "s2")
    assert lru.get(("s1", "term")) is None
    assert lru.get(("s2", "term")) == 1
