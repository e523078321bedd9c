"""Every matching moment of each replay on a results page, placed along the replay.

A page shows a few moments per replay; its timeline shows them all (like Tobira's), each a
link to its moment. The other moments come from the same search narrowed to that replay, so
they are exactly the moments search counts (``moment_count``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from archive.extensions import db
from archive.models import Replay
from archive.search.engine.query import HitKind
from archive.search.service import Search, run_search

#: The most moments one timeline shows; beyond that marks would merge into a bar anyway.
MAX_MARKS = 100


@dataclass(frozen=True)
class Timeline:
    """A replay's length and the start of each of its matching moments, in order."""

    duration: float
    starts: list[float]

    def position(self, start: float) -> float:
        """Where a moment sits along the bar, from 0 to 1."""
        return min(1.0, max(0.0, start / self.duration))


def match_timelines(search: Search) -> dict[str, Timeline]:
    """A timeline per replay group of the page that has moments (and a known length)."""
    groups = [group for group in search.results.groups if group.moments]
    if not groups:
        return {}
    durations = dict(
        db.session.execute(
            db.select(Replay.id, Replay.duration).where(
                Replay.id.in_([group.replay_id for group in groups])
            )
        ).all()
    )
    timelines = {}
    for group in groups:
        duration = durations.get(group.replay_id)
        if not duration:
            continue
        starts = {hit.start for hit in group.moments}
        if group.moment_count > len(group.moments):
            narrowed = replace(
                search.request,
                replay=group.replay_id,
                page=1,
                per_page=min(MAX_MARKS, group.moment_count),
            )
            starts.update(
                hit.start for hit in run_search(narrowed).results.hits if hit.kind is HitKind.MOMENT
            )
        timelines[group.replay_id] = Timeline(duration, sorted(starts)[:MAX_MARKS])
    return timelines
