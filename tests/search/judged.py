"""The judged query set: fictional transcripts and queries with the moments they must find.

The format is described in ``tests/data/search/README.md``. The search tests, the benchmark
(``bench/search.py``) and the HTTP checks read it through these functions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.search.engine.documents import MomentDoc, ReplayDoc
from archive.search.engine.query import Hit, HitKind, SearchRequest, SearchResults

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "search"
START_TOLERANCE = 0.5
ANONYMOUS = frozenset({"public"})


@dataclass(frozen=True)
class Expected:
    """A hit that must be found: a replay and the start of the cue (or 0 for a replay hit)."""

    replay: str
    start: float
    kind: HitKind = HitKind.MOMENT

    def matches(self, hit: Hit) -> bool:
        """Whether ``hit`` is this expected moment."""
        return (
            hit.replay_id == self.replay
            and hit.kind == self.kind
            and abs(hit.start - self.start) <= START_TOLERANCE
        )


@dataclass(frozen=True)
class JudgedQuery:
    """One query of the judged set and what its answer must (and must not) contain."""

    id: str
    q: str
    filters: dict[str, Any] = field(default_factory=dict)
    visibilities: frozenset[str] = ANONYMOUS
    expect: list[Expected] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)
    total: int | None = None
    checks_suggestion: bool = False
    suggestion: str | None = None
    why: str = ""

    def request(self, per_page: int = 100) -> SearchRequest:
        """The search request this query stands for."""
        return SearchRequest(
            q=self.q, visibilities=self.visibilities, per_page=per_page, **self.filters
        )


def load_replays(path: Path = DATA_DIR / "replays.json") -> list[ReplayDoc]:
    """The judged transcripts as the documents the app hands the index."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        ReplayDoc(
            replay_id=r["id"],
            title=r["title"],
            description=r["description"],
            language=r["language"],
            visibility=r["visibility"],
            event=r["event"],
            event_slug=r["event_slug"],
            year=r["year"],
            speakers=list(r["speakers"]),
            themes=list(r["themes"]),
            session_type=r["session_type"],
            moments=[
                MomentDoc(c["id"], c["start"], c["end"], c["text"], c["speaker"]) for c in r["cues"]
            ],
            chapters=[chapter["title"] for chapter in r.get("chapters", [])],
        )
        for r in data["replays"]
    ]


def load_queries(path: Path = DATA_DIR / "queries.json") -> list[JudgedQuery]:
    """The judged queries."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        JudgedQuery(
            id=q["id"],
            q=q["q"],
            filters=dict(q.get("filters", {})),
            visibilities=frozenset(q.get("visibilities", ANONYMOUS)),
            expect=[
                Expected(e["replay"], float(e["start"]), HitKind(e.get("kind", "moment")))
                for e in q["expect"]
            ],
            forbid=list(q.get("forbid", [])),
            total=q.get("total"),
            checks_suggestion="suggestion" in q,
            suggestion=q.get("suggestion"),
            why=q.get("why", ""),
        )
        for q in data["queries"]
    ]


def problems(query: JudgedQuery, results: SearchResults, top: int | None = None) -> list[str]:
    """What is wrong with ``results`` for ``query`` (empty when it passes)."""
    hits = results.hits if top is None else results.hits[:top]
    found: list[str] = []
    for expected in query.expect:
        if not any(expected.matches(hit) for hit in hits):
            found.append(f"missing {expected.replay} at {expected.start}")
    for replay in query.forbid:
        if any(hit.replay_id == replay for hit in results.hits):
            found.append(f"forbidden replay {replay} returned")
    if query.total is not None and results.total != query.total:
        found.append(f"total {results.total}, expected {query.total}")
    if query.checks_suggestion and results.suggestion != query.suggestion:
        found.append(f"suggestion {results.suggestion!r}, expected {query.suggestion!r}")
    return found


def recalled(query: JudgedQuery, results: SearchResults, top: int = 10) -> int:
    """How many expected moments appear among the first ``top`` hits."""
    hits = results.hits[:top]
    return sum(any(e.matches(hit) for hit in hits) for e in query.expect)
