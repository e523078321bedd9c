"""Search results checked against the catalogue before anyone sees them.

The index follows the database: a replay made private, unlisted or unpublished leaves it
when a worker reindexes it, seconds later, or never while the workers are down. So every
answer, fresh or from the per-process result cache, is checked here, after the cache, with
one query for the replays it shows: hits and groups of a replay the visitor may no longer
find are dropped, and so is a spelling suggestion that finds nothing they may see.

Totals and facets: the contribution of each dropped replay is measured with one search
restricted to it (the same query and filters) and subtracted, so the count and the facets
(its event, speakers, year, language) are exact for every replay the page showed. A replay
that has hits only on later pages is not seen here, so it still counts in the total and the
facets of this page until the index catches up; its hits are dropped when their page is
asked for. A page that lost hits is shorter than ``per_page``; the next pages are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam

from archive.accounts.access import is_editor, listed_visibilities, released
from archive.extensions import db
from archive.models import Replay, ReplayStatus
from archive.search.engine.facets import FacetValue
from archive.search.engine.query import SearchRequest, SearchResults
from archive.times import utcnow

Search = Callable[[SearchRequest], SearchResults]


def findable_now(replay_ids: Iterable[str]) -> set[str]:
    """Those of these replays the current user may find by search, in the database now."""
    wanted = set(replay_ids)
    if not wanted:
        return set()
    editor = is_editor()
    values: dict[str, object] = {"ids": list(wanted), "visibilities": list(listed_visibilities())}
    if not editor:
        values["now"] = utcnow()
    return set(db.session.scalars(_findable_statement(editor), values))


@cache
def _findable_statement(for_editor: bool) -> Select[Any]:
    """The query of :func:`findable_now`, built once (every search runs it): published, listed
    for the user, and (a scheduled replay is indexed, and found from its time on) released,
    unless the user edits the archive."""
    query = db.select(Replay.id).where(
        Replay.id.in_(bindparam("ids", expanding=True)),
        Replay.status == ReplayStatus.PUBLISHED,
        Replay.visibility.in_(bindparam("visibilities", expanding=True)),
    )
    return query if for_editor else query.where(released(bindparam("now")))


def checked_results(
    request: SearchRequest, results: SearchResults, search: Search
) -> SearchResults:
    """``results`` without anything the current user may no longer find; ``search`` runs the
    few extra searches that measures what is dropped."""
    shown = {hit.replay_id for hit in results.hits} | {g.replay_id for g in results.groups}
    hidden = shown - findable_now(shown)
    suggestion = results.suggestion
    if suggestion is not None and not _finds_anything(request, suggestion, search):
        suggestion = None
    if not hidden:
        return (
            results if suggestion == results.suggestion else replace(results, suggestion=suggestion)
        )
    total, facets = results.total, results.facets
    for replay_id in sorted(hidden):
        if request.replay == replay_id:  # the whole search was within it
            total, facets = 0, {name: [] for name in facets}
            break
        own = search(replace(request, replay=replay_id, page=1))
        total -= own.total
        facets = _without(facets, own.facets)
    return replace(
        results,
        total=max(0, total),
        hits=[hit for hit in results.hits if hit.replay_id not in hidden],
        groups=[group for group in results.groups if group.replay_id not in hidden],
        facets=facets,
        suggestion=suggestion,
    )


def _finds_anything(request: SearchRequest, suggestion: str, search: Search) -> bool:
    """Whether the suggested query's first page shows a replay the user may find now."""
    found = search(replace(request, q=suggestion, page=1))
    shown = {hit.replay_id for hit in found.hits}
    return bool(findable_now(shown))


def _without(
    facets: dict[str, list[FacetValue]], dropped: dict[str, list[FacetValue]]
) -> dict[str, list[FacetValue]]:
    """Facet counts less those of a dropped replay; values left with nothing disappear."""
    result: dict[str, list[FacetValue]] = {}
    for name, values in facets.items():
        less = {value: count for value, _, count in dropped.get(name, [])}
        kept = [(value, label, count - less.get(value, 0)) for value, label, count in values]
        result[name] = [entry for entry in kept if entry[2] > 0]
    return result
