"""A thread-safe map that keeps its most recently used values within a total weight.

The search keeps several such caches per process (posting lists, BM25 scores, results); each
says what a value weighs (postings, documents, or 1 per result) and how much it may hold.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_: object) -> int:
    return 1


class BoundedLRU(Generic[K, V]):
    """Values by key, the least recently used dropped once their weights exceed ``capacity``.

    A value heavier than ``max_weight`` is not kept; a capacity of 0 keeps nothing. The last
    value put is kept even when it alone exceeds the capacity.
    """

    def __init__(
        self,
        capacity: int,
        weight: Callable[[V], int] = _one,
        max_weight: int | None = None,
    ) -> None:
        self.capacity = capacity
        self.max_weight = max_weight
        self._weight = weight
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value kept under ``key`` (shared with other callers), if any."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` unless a value is kept under ``key`` already; return the kept one."""
        weight = self._weight(value)
        if self.capacity <= 0 or (self.max_weight is not None and weight > self.max_weight):
            return value
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
                return kept
            self._entries[key] = value
            self._grow(weight)
        return value

    def grew(self, key: K, weight: int) -> None:
        """Account for the value under ``key`` having become ``weight`` heavier."""
        with self._lock:
            if key in self._entries:
                self._grow(weight)

    def forget(self, drop: Callable[[K], bool]) -> None:
        """Drop every value whose key ``drop`` selects."""
        with self._lock:
            for key in [k for k in self._entries if drop(k)]:
                self._size -= self._weight(self._entries.pop(key))

    def _grow(self, weight: int) -> None:
        """Add ``weight``, then drop the least recently used beyond capacity (lock held)."""
        self._size += weight
        while self._size > self.capacity and len(self._entries) > 1:
            _, evicted = self._entries.popitem(last=False)
            self._size -= self._weight(evicted)
