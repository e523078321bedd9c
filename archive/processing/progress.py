"""Progress from ffmpeg to the job row, throttled so the database is not flooded."""

from __future__ import annotations

import time
from collections.abc import Callable

from archive.processing.job_rows import set_progress

#: Seconds between two progress writes.
MIN_INTERVAL_S = 1.0


class ProgressReporter:
    """Writes a job's step and percentage; raises JobCancelled when an editor cancels."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._last_write = 0.0
        self._last_value = -1

    def step(self, name: str, percent: int) -> None:
        """Start a named step at a given percentage."""
        set_progress(self.job_id, percent, name)
        self._last_write = time.monotonic()
        self._last_value = percent

    def span(self, low: int, high: int) -> Callable[[float], None]:
        """A 0..1 callback mapped onto ``low``..``high`` percent."""

        def update(fraction: float) -> None:
            value = low + int((high - low) * max(0.0, min(1.0, fraction)))
            if value != self._last_value and time.monotonic() - self._last_write >= MIN_INTERVAL_S:
                set_progress(self.job_id, value)
                self._last_write = time.monotonic()
                self._last_value = value

        return update
