"""The hits of a page grouped by replay: best replay first, best moments first in each."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from archive.search.engine.facets import FacetCounter
from archive.search.engine.query import Hit, HitKind, ReplayGroup


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def group_hits(
    page: list[Hit],
    matched_replays: Mapping[str, Hit],
    counter: FacetCounter,
    replay_fields: Callable[[str], dict[str, Any]],
) -> list[ReplayGroup]:
    """Groups in the order their best hit appears on the page (hits come best first)."""
    order: list[str] = []
    by_replay: dict[str, list[Hit]] = {}
    for hit in page:
        if hit.replay_id not in by_replay:
            order.append(hit.replay_id)
            by_replay[hit.replay_id] = []
        if hit.kind is HitKind.MOMENT:
            by_replay[hit.replay_id].append(hit)
    groups = []
    for replay_id in order:
        stored = replay_fields(replay_id)
        moments = by_replay[replay_id]
        replay_hit = matched_replays.get(replay_id)
        best = max([h.score for h in moments] + ([replay_hit.score] if replay_hit else []))
        groups.append(
            ReplayGroup(
                replay_id=replay_id,
                title=stored.get("title", ""),
                event=stored.get("event") or None,
                event_slug=stored.get("event_slug") or None,
                year=_year(stored.get("year")),
                language=stored.get("language", ""),
                session_type=stored.get("session_type") or None,
                speakers=list(stored.get("speakers", [])),
                score=best,
                moment_count=counter.moments_of(replay_id),
                moments=moments,
                replay_hit=replay_hit,
            )
        )
    return groups
