"""One search call for the page and the API: parse arguments, apply privacy, run, shape hits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

from archive.accounts.access import listed_visibilities
from archive.params import ParamError, parse_whole
from archive.search.access import search_index
from archive.search.engine.index import IndexUnavailable
from archive.search.engine.query import SearchRequest, SearchResults
from archive.search.freshness import checked_results
from archive.search.indexing import rebuild_index
from archive.sentences import N_
from archive.times import time_param

MAX_QUERY_CHARS = 500
#: The deepest result paging reaches. To cut page N the engine ranks, and rescores, the best
#: N × per_page matches, so a deep page costs as much as every page before it; nobody reads
#: that far, they refine the search (its total still counts every match).
MAX_RESULTS = 1000


class BadSearch(ValueError):
    """A search argument that cannot be used; the message is one sentence."""


@dataclass(frozen=True)
class Search:
    """A search as asked, and what it found."""

    request: SearchRequest
    results: SearchResults


def parse_request(args: MultiDict[str, str]) -> SearchRequest:
    """Arguments of ``/search`` and ``/api/v1/search`` as a request with the privacy filter."""
    year_text = args.get("year", "").strip()
    try:
        year = parse_whole(year_text, "year", 1000, 9999) if year_text else None
    except ParamError:
        raise BadSearch(N_("'year' must be a four-digit year.")) from None
    try:
        page = parse_whole(args.get("page", "1"), "page", 1, MAX_RESULTS)
        per_page = parse_whole(args.get("per_page", "20"), "per_page", 1, 100)
    except ParamError as err:
        raise BadSearch(str(err)) from None
    if page * per_page > MAX_RESULTS:
        raise BadSearch(
            N_(
                "Only the first %(max_results)s results can be paged through; "
                "refine the search instead."
            )
            % {"max_results": MAX_RESULTS}
        )
    language = args.get("language", "").strip() or None
    if language not in (None, "fr", "en"):
        raise BadSearch(N_("'language' must be fr or en."))
    return SearchRequest(
        q=args.get("q", "")[:MAX_QUERY_CHARS],
        visibilities=listed_visibilities(),
        event=args.get("event", "").strip() or None,
        speaker=args.get("speaker", "").strip() or None,
        year=year,
        language=language,
        replay=args.get("replay", "").strip() or None,
        page=page,
        per_page=per_page,
    )


def last_page(per_page: int) -> int:
    """The last page paging reaches with ``per_page`` hits a page."""
    return max(1, MAX_RESULTS // per_page)


def run_search(request: SearchRequest) -> Search:
    """Run a search, checked against the catalogue as it is now (the index may lag behind);
    a missing or corrupt index is rebuilt from the catalogue, not an error."""
    return Search(request, checked_results(request, _indexed(request), _indexed))


def _indexed(request: SearchRequest) -> SearchResults:
    """What the index (or its result cache) answers."""
    index = search_index()
    try:
        return index.search(request)
    except IndexUnavailable:
        rebuild_index()
        return index.search(request)


class _ReplayPaths(dict[str, str]):
    """Replay page paths, each built once per response (a page has many moments per replay).

    A moment's path carries the query, so the replay page marks its words (issue 13).
    """

    def __init__(self, q: str = "") -> None:
        super().__init__()
        self.query = f"&{urlencode({'q': q.strip()})}" if q.strip() else ""

    def __missing__(self, replay_id: str) -> str:
        path = self[replay_id] = url_for("catalogue.replay", replay_id=replay_id)
        return path

    def moment(self, replay_id: str, start: float) -> str:
        """The replay page opening at ``start`` (what ``moment_url`` gives, built faster)."""
        return f"{self[replay_id]}?t={time_param(start)}{self.query}"


def search_json(search: Search) -> dict[str, Any]:
    """The contract's JSON for a search."""
    results = search.results
    paths = _ReplayPaths(search.request.q)
    hits = [
        {
            "replay_id": hit.replay_id,
            "title": hit.title,
            "start": hit.start,
            "end": hit.end,
            "speaker": hit.speaker,
            "snippet_html": hit.snippet_html,
            "language": hit.language,
            "url": paths.moment(hit.replay_id, hit.start),
        }
        for hit in results.hits
        if hit.kind == "moment"
    ]
    facets = {
        name: [{"value": value, "label": label, "count": count} for value, label, count in values]
        for name, values in results.facets.items()
    }
    replays = [
        {
            "replay_id": group.replay_id,
            "title": group.title,
            "event": group.event,
            "year": group.year,
            "speakers": group.speakers,
            "moment_count": group.moment_count,
            "url": paths[group.replay_id],
        }
        for group in results.groups
    ]
    return {
        "q": search.request.q,
        "total": results.total,
        "page": search.request.page,
        "hits": hits,
        "replays": replays,
        "facets": facets,
        "suggestion": results.suggestion,
    }
