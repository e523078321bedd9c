"""One search against one Whoosh searcher: moments, replays, page, groups, facets, suggestion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from archive.search.engine.analysis import LANGUAGES, Language, language_of
from archive.search.engine.collecting import Collected, any_visible, collect
from archive.search.engine.documents import speaker_key
from archive.search.engine.grouping import group_hits
from archive.search.engine.matching import BuiltQuery, FieldSpec, QueryBuilder
from archive.search.engine.moments import collect_moments
from archive.search.engine.query import Hit, HitKind, SearchRequest, SearchResults, empty_results
from archive.search.engine.schema import meta_field, names_field, text_field, title_field
from archive.search.engine.segments import SegmentTables
from archive.search.engine.snippets import passage_snippet_html, snippet_html
from archive.search.engine.suggest import suggest
from archive.search.engine.syntax import Item, ParsedQuery, parse


def _languages(request: SearchRequest) -> tuple[Language, ...]:
    if request.language and request.language.lower() in {lang.value for lang in LANGUAGES}:
        return (language_of(request.language),)
    return LANGUAGES


def moment_specs(request: SearchRequest) -> list[FieldSpec]:
    """The fields moments are searched in."""
    return [(text_field(lang), lang) for lang in _languages(request)]


def names_specs(request: SearchRequest) -> list[FieldSpec]:
    """The fields naming a replay (title, speakers, event, themes...), for fielded matching."""
    return [(names_field(lang), lang) for lang in _languages(request)]


def replay_specs(request: SearchRequest) -> list[FieldSpec]:
    """The fields replays are searched in (title first, it weighs more)."""
    languages = _languages(request)
    return [(title_field(lang), lang) for lang in languages] + [
        (meta_field(lang), lang) for lang in languages
    ]


def filter_query(request: SearchRequest, moments: bool) -> wq.Query | None:
    """The request's filters other than privacy (which the collector applies)."""
    terms: list[wq.Query] = []
    if request.event:
        terms.append(wq.Term("event_slug", request.event))
    if request.year is not None:
        terms.append(wq.Term("year", str(request.year)))
    if request.language and len(_languages(request)) > 1:
        # A known language already limits the search to its own fields.
        terms.append(wq.Term("language", request.language.lower()))
    if request.replay:
        terms.append(wq.Term("replay_id", request.replay))
    if moments and request.speaker:
        terms.append(wq.Term("speaker_key", speaker_key(request.speaker)))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)


def _filtered(built: BuiltQuery, filters: wq.Query | None) -> list[wq.Query]:
    """Each language's query, restricted to the filters."""
    if filters is None:
        return list(built.parts)
    return [wq.Require(part, filters) for part in built.parts]


@dataclass(frozen=True)
class ReplayMatches:
    """Replay documents matching the query: best first, with the replay each belongs to."""

    built: BuiltQuery | None = None
    #: (score, global document number), best first
    top: list[tuple[float, int]] = field(default_factory=list)
    ids: dict[int, str] = field(default_factory=dict)


class SearchRun:
    """Everything one request needs while it runs against one searcher."""

    def __init__(self, searcher: Searcher, tables: SegmentTables, request: SearchRequest) -> None:
        self.searcher = searcher
        self.tables = tables
        self.request = request
        self.visibilities = frozenset(request.visibilities)

    def moment_hit(
        self, docnum: int, score: float, built: BuiltQuery, passage: tuple[int, ...] = ()
    ) -> Hit:
        """A hit for one cue, or for a passage (its cues holding query words), with its snippet."""
        stored = self.stored(docnum)
        language = language_of(stored.get("language"))
        terms = built.terms.get(language, ())
        end = float(stored.get("end", 0.0))
        if len(passage) > 1:
            cues = [stored, *map(self.stored, passage[1:])]
            end = float(cues[-1].get("end", 0.0))
            snippet = passage_snippet_html([c.get("text", "") for c in cues], language, terms)
        else:
            snippet = snippet_html(stored.get("text", ""), language, terms)
        return Hit(
            replay_id=stored["replay_id"],
            title=stored.get("title", ""),
            start=float(stored.get("start", 0.0)),
            end=end,
            speaker=stored.get("speaker") or None,
            snippet_html=snippet,
            score=score,
            kind=HitKind.MOMENT,
            cue_id=stored.get("cue_id"),
            language=language.value,
        )

    def replay_hit(self, docnum: int, score: float, built: BuiltQuery) -> Hit:
        """A hit for a whole replay found by its title or details."""
        stored = self.stored(docnum)
        language = language_of(stored.get("language"))
        terms = built.terms.get(language, set())
        snippet = snippet_html(stored.get("description", ""), language, terms)
        if "<mark>" not in snippet:
            snippet = snippet_html(stored.get("title", ""), language, terms)
        return Hit(
            replay_id=stored["replay_id"],
            title=stored.get("title", ""),
            start=0.0,
            end=0.0,
            speaker=None,
            snippet_html=snippet,
            score=score,
            kind=HitKind.REPLAY,
        )

    def replay_fields(self, replay_id: str) -> dict[str, Any]:
        """The stored fields of a replay document (empty if it is gone)."""
        for leaf, _ in self.searcher.leaf_searchers():
            found = self.tables.replay_fields(leaf.reader(), replay_id)
            if found is not None:
                return found
        return {}

    def has_hits(self, item: Item) -> bool:
        """Whether one word alone finds anything the visitor may see."""
        single = ParsedQuery(groups=[[item]])
        for specs in (moment_specs(self.request), replay_specs(self.request)):
            built = QueryBuilder(self.searcher.reader(), self.tables).build(single, specs)
            if built and any_visible(self.searcher, built.query, self.visibilities, self.tables):
                return True
        return False

    def run(self) -> SearchResults:
        """Search moments and replays, then shape the page."""
        request = self.request
        parsed = parse(request.q)
        if parsed.is_empty:
            return empty_results(request)
        # Names only count for a query of several groups (one group must be said anyway).
        names = names_specs(request) if len(parsed.groups) > 1 else []
        moments_q = QueryBuilder(self.searcher.reader(), self.tables).build(
            parsed, moment_specs(request), names
        )
        wanted = request.page_number * request.page_size
        moments = Collected()
        if moments_q is not None:
            moments = collect_moments(
                self.searcher,
                moments_q,
                filter_query(request, moments=True),
                self.visibilities,
                self.tables,
                wanted,
            )
        replays = self.replay_matches(parsed)
        suggestion = self.suggestion(parsed, moments.total + len(replays.top))
        if moments_q is None and not replays.top:
            return empty_results(request, suggestion)
        return self.shape(moments, moments_q, replays, suggestion)

    def replay_matches(self, parsed: ParsedQuery) -> ReplayMatches:
        """Replays found by title or details (none when filtering on a cue's speaker).

        Only their numbers and scores: the hits (stored fields, snippet) are made for the few
        that the page shows.
        """
        if self.request.speaker:
            return ReplayMatches()
        built = QueryBuilder(self.searcher.reader(), self.tables).build(
            parsed, replay_specs(self.request)
        )
        if built is None:
            return ReplayMatches()
        query = _filtered(built, filter_query(self.request, moments=False))
        found = collect(
            self.searcher,
            query,
            self.visibilities,
            self.tables,
            50,
            facets=False,
            bonus=built.bonus,
        )
        ids = {docnum: self.replay_id_of(docnum) for _, docnum in found.top}
        return ReplayMatches(built, found.top, ids)

    def replay_id_of(self, docnum: int) -> str:
        """The replay a document belongs to, from the facet table (no stored fields read)."""
        reader, local = self._local(docnum)
        return self.tables.facets(reader)[-1][local].decode("utf-8")

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (kept for the next pages that show it)."""
        return self.tables.stored(*self._local(docnum))

    def _local(self, docnum: int) -> tuple[IndexReader, int]:
        """The segment reader holding a document, and its number there."""
        for leaf, offset in self.searcher.leaf_searchers():
            local = docnum - offset
            if 0 <= local < leaf.reader().doc_count_all():
                return leaf.reader(), local
        raise IndexError(docnum)

    def suggestion(self, parsed: ParsedQuery, total: int) -> str | None:
        """A corrected query when some word finds nothing."""
        all_known = total > 0
        if all_known and all(len(group) == 1 for group in parsed.groups):
            return None
        return suggest(
            self.searcher.reader(),
            self.request.q,
            parsed,
            self.visibilities,
            self.has_hits,
            all_known,
            self.tables,
        )

    def shape(
        self,
        moments: Collected,
        built: BuiltQuery | None,
        replays: ReplayMatches,
        suggestion: str | None,
    ) -> SearchResults:
        """Merge moments and replay-only hits by score, cut the page, group and count."""
        request = self.request
        counter = moments.counter
        ranked: list[tuple[float, int, bool]] = [(score, d, False) for score, d in moments.top]
        ranked.extend(
            (score, docnum, True)
            for score, docnum in replays.top
            if counter.moments_of(replays.ids[docnum]) == 0
        )
        only_replays = len(ranked) - len(moments.top)
        ranked.sort(key=lambda entry: -entry[0])
        first = (request.page_number - 1) * request.page_size
        page: list[Hit] = []
        replay_hits: dict[int, Hit] = {}  # by document number: each made once
        for score, docnum, is_replay in ranked[first : first + request.page_size]:
            if is_replay and replays.built is not None:
                hit = replay_hits[docnum] = self.replay_hit(docnum, score, replays.built)
                page.append(hit)
            elif built is not None:
                passage = moments.passages.get(docnum, ())
                page.append(self.moment_hit(docnum, score, built, passage))
        on_page = {hit.replay_id for hit in page}
        matched_replays = {
            replays.ids[docnum]: replay_hits.get(docnum)
            or self.replay_hit(docnum, score, replays.built)
            for score, docnum in replays.top
            if replays.built is not None and replays.ids[docnum] in on_page
        }
        groups = group_hits(page, matched_replays, counter, self.replay_fields)
        return SearchResults(
            total=moments.total + only_replays,
            hits=page,
            groups=groups,
            facets=counter.facets(),
            suggestion=suggestion,
            page=request.page_number,
            per_page=request.page_size,
        )


def run_search(searcher: Searcher, tables: SegmentTables, request: SearchRequest) -> SearchResults:
    """Answer one request with one searcher."""
    return SearchRun(searcher, tables, request).run()
