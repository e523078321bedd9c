"""What a search asks for and what it finds: plain values shared by the page, the API and tests."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from archive.search.engine.facets import FacetValue
from archive.search.engine.schema import Facet

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass(frozen=True)
class SearchRequest:
    """A query and its filters. ``visibilities`` is the privacy filter, applied in the index.

    Anonymous visitors pass ``frozenset({"public"})``; ``speaker`` filters on the speaker of
    each cue; ``replay`` searches within one replay.
    """

    q: str
    visibilities: frozenset[str]
    event: str | None = None
    speaker: str | None = None
    year: int | None = None
    language: str | None = None
    replay: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def page_number(self) -> int:
        """The page asked for, kept within 1..MAX_PAGE."""
        return min(max(1, self.page), MAX_PAGE)

    @property
    def page_size(self) -> int:
        """Hits per page, kept within 1..MAX_PER_PAGE."""
        return min(max(1, self.per_page), MAX_PER_PAGE)


class HitKind(enum.StrEnum):
    """Whether a hit is a moment of a transcript or a replay found by its title or details."""

    MOMENT = "moment"
    REPLAY = "replay"


@dataclass(frozen=True)
class Hit:
    """One result: a cue (``start``/``end`` are that cue's times) or a whole replay (0, 0)."""

    replay_id: str
    title: str
    start: float
    end: float
    speaker: str | None
    snippet_html: str
    score: float
    kind: HitKind
    cue_id: int | None = None
    #: the language of the words matched: which transcript track the moment is from
    language: str | None = None


@dataclass(frozen=True)
class ReplayGroup:
    """The hits of one replay on the page, best first, with what to show about the replay."""

    replay_id: str
    title: str
    event: str | None
    event_slug: str | None
    year: int | None
    language: str
    session_type: str | None
    speakers: list[str]
    score: float
    #: matching moments of this replay in the whole result set, not only on this page
    moment_count: int
    moments: list[Hit] = field(default_factory=list)
    #: set when the replay's title or details match the query too
    replay_hit: Hit | None = None


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, the same hits grouped by replay, facets and a spelling suggestion."""

    total: int
    hits: list[Hit]
    groups: list[ReplayGroup]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def pages(self) -> int:
        """How many pages of ``per_page`` hits there are."""
        return max(1, -(-self.total // self.per_page))


def empty_results(request: SearchRequest, suggestion: str | None = None) -> SearchResults:
    """No hits (a blank, stop-word-only or unmatched query)."""
    return SearchResults(
        total=0,
        hits=[],
        groups=[],
        facets={facet.value: [] for facet in Facet},
        suggestion=suggestion,
        page=request.page_number,
        per_page=request.page_size,
    )
