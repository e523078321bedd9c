"""Moments matching a query: one cue saying every word, or a passage, with fielded matching.

A query of several groups (words, phrases, alternatives) finds, in this order of rank:

1. **one cue saying every group** — exactly today's AND over a cue, with the same scores;
2. **a passage**: neighbouring cues of one replay that say the groups between them (see
   :mod:`archive.search.engine.passages` for the window), ranked below every moment of the
   first kind. The words of a group that name the replay — its title, speakers, event,
   themes, chapters or session type (the ``names_<lang>`` field) — count as met for all its
   cues (fielded matching), folded and stemmed like the rest: ``Lefèvre soudeurs`` finds
   what is said about welders in the replays Lefèvre speaks in. At least one group must
   be said, so a query of names alone still finds the replays (their own hits) and the
   moments that say its words, as before. Cues said by a speaker the query names rank
   higher.

Words never said near each other (and not naming the replay) find nothing. A cue holding an
excluded word is never part of a passage. Cues that the filters or the privacy filter leave
out are not either.

The cost stays close to the AND's: the rarest group is evaluated over the segment as the AND
does, and passages are only looked for around its cues that do not say every group (within
the window) and in the replays whose names meet it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from heapq import nlargest
from itertools import chain, compress
from operator import add, itemgetter

from whoosh import query as wq
from whoosh.searching import Searcher

from archive.search.engine.analysis import Language, term_spans
from archive.search.engine.collecting import (
    RESCORE_DEPTH,
    Collected,
    best_scores,
    collect,
    rescored,
)
from archive.search.engine.evaluation import Scores, SegmentEvaluation
from archive.search.engine.matching import BuiltQuery, LanguageQuery
from archive.search.engine.passages import find_passages
from archive.search.engine.schema import FACET_SEPARATOR, Facet
from archive.search.engine.segments import MomentTimes, SegmentTables
from archive.search.engine.whoosh_internals import deleted_docs

#: Each cue a passage spans beyond the first divides its score by 1 + this.
PASSAGE_SPREAD = 0.5
#: A passage said by a speaker the query names scores this much more.
SPEAKER_PREFERENCE = 1.5
#: The best passage scores at most this fraction of the weakest one-cue moment.
BELOW_ONE_CUE = 0.9
_SPEAKER_COLUMN = list(Facet).index(Facet.SPEAKER)

#: For each group of a language's query, the replays (ids) whose names meet it.
NamedReplays = list[frozenset[bytes]]


@dataclass
class SegmentMoments:
    """What one language's query finds in one segment (document numbers local to it)."""

    #: cues saying every group, with the AND's score
    one_cue: Scores = field(default_factory=dict)
    #: passages, each the document numbers of its cues that hold query words
    passages: list[tuple[int, ...]] = field(default_factory=list)
    #: scores the passages (they are only scored when they may reach the page)
    finder: _PassageFinder | None = None


def collect_moments(
    searcher: Searcher,
    built: BuiltQuery,
    filters: wq.Query | None,
    visibilities: frozenset[str],
    tables: SegmentTables,
    limit: int,
) -> Collected:
    """Every moment matching ``built``: count, facets, and the best ``limit`` of them."""
    if all(len(language.groups) == 1 for language in built.languages):
        parts = [_restricted(language.query, filters) for language in built.languages]
        return collect(searcher, parts, visibilities, tables, limit, bonus=built.bonus)
    named = [named_replays(searcher, tables, language) for language in built.languages]
    collected = Collected()
    kept = max(limit, RESCORE_DEPTH)
    best: list[tuple[float, int]] = []
    pending: list[tuple[int, SegmentMoments]] = []
    weakest = float("inf")
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if not reader.doc_count_all():
            continue
        evaluation = SegmentEvaluation(searcher, subsearcher, tables)
        hidden = tables.hidden(reader, visibilities) | deleted_docs(reader)
        for language, met in zip(built.languages, named, strict=True):
            found = segment_moments(evaluation, tables, language, met, filters, hidden)
            firsts = [passage[0] for passage in found.passages]
            collected.total += len(found.one_cue) + len(firsts)
            collected.counter.add(tables.tracks(reader), [*found.one_cue, *firsts])
            if found.one_cue:
                weakest = min(weakest, min(found.one_cue.values()))
                segment_best = best_scores(found.one_cue, kept)
                best.extend((score, offset + docnum) for docnum, score in segment_best)
            if found.passages:
                pending.append((offset, found))
    top = sorted(best, key=lambda pair: (-pair[0], pair[1]))[:kept]
    if built.bonus is not None:
        top = rescored(searcher, tables, built.bonus, top)
    # Passages rank below every one-cue moment: with enough of those, none is shown.
    spread = _scored(pending, kept) if len(best) < limit else []
    if spread:
        highest = max(score for score, _, _ in spread)
        scale = min(1.0, BELOW_ONE_CUE * weakest / highest) if best else 1.0
        top.extend((score * scale, first) for score, first, _ in spread)
        top.sort(key=lambda pair: (-pair[0], pair[1]))
    collected.top = top[:limit]
    shown = {docnum for _, docnum in collected.top}
    collected.passages = {first: docnums for _, first, docnums in spread if first in shown}
    return collected


def _scored(
    pending: list[tuple[int, SegmentMoments]], kept: int
) -> list[tuple[float, int, tuple[int, ...]]]:
    """The best ``kept`` passages: (score, first cue, cues holding query words), globally numbered."""
    scored = [
        (finder.score(passage), offset, passage)
        for offset, found in pending
        if (finder := found.finder) is not None
        for passage in map(finder.extended, found.passages)
    ]
    return [
        (score, offset + passage[0], tuple(offset + docnum for docnum in passage))
        for score, offset, passage in nlargest(kept, scored, key=itemgetter(0))
    ]


def _restricted(q: wq.Query, filters: wq.Query | None) -> wq.Query:
    return q if filters is None else wq.Require(q, filters)


def named_replays(
    searcher: Searcher, tables: SegmentTables, language: LanguageQuery
) -> NamedReplays:
    """For each group, the replays whose names (title, speakers...) meet it."""
    found: list[set[bytes]] = [set() for _ in language.groups]
    for subsearcher, _ in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if not reader.doc_count_all():
            continue
        evaluation = SegmentEvaluation(searcher, subsearcher, tables)
        replays = tables.facets(reader)[-1]
        for group, replay_ids in zip(language.groups, found, strict=True):
            if group.names is not None:
                replay_ids.update(replays[d] for d in evaluation.docs(group.names.normalize()))
    return [frozenset(replay_ids) for replay_ids in found]


def segment_moments(
    evaluation: SegmentEvaluation,
    tables: SegmentTables,
    language: LanguageQuery,
    named: NamedReplays,
    filters: wq.Query | None,
    hidden: frozenset[int],
) -> SegmentMoments:
    """One-cue moments and passages of one language's query in one segment."""
    if len(language.groups) == 1:
        scores = evaluation.scores(_restricted(language.query, filters).normalize())
        for docnum in hidden.intersection(scores):
            del scores[docnum]
        return SegmentMoments(scores)
    within = evaluation.docs(filters.normalize()) if filters is not None else None
    groups = [group.said for group in language.groups]
    # The AND's order (rarest first), so that one-cue scores add up exactly as the AND's.
    order = sorted(range(len(groups)), key=lambda i: groups[i].estimate_size(evaluation.reader))
    rarest = order[0]
    first = evaluation.scores(groups[rarest], within)
    for docnum in hidden.intersection(first):
        del first[docnum]
    said: dict[int, Mapping[int, float]] = {rarest: first}
    for i in order[1:]:
        # A word's scores are looked up where they are kept; anything else is evaluated
        # where the rarest group is said first, then around it (below).
        group = groups[i]
        said[i] = (
            evaluation.word_scores(group)
            if isinstance(group, wq.Term)
            else evaluation.scores(group, first.keys())
        )
    one_cue = first
    for i in order[1:]:
        # {d: one_cue[d] + said[i][d] for d in one_cue if d in said[i]}, in C.
        both = list(filter(said[i].__contains__, one_cue))
        added = map(add, map(one_cue.__getitem__, both), map(said[i].__getitem__, both))
        one_cue = dict(zip(both, added, strict=True))
    times, replays = tables.times(evaluation.reader), tables.facets(evaluation.reader)[-1]
    # Where the names meet every group but one (or all), a cue saying the rest is a moment
    # by itself and no passage can form: those are found with set operations alone.
    simple = _single_requirements(named, len(groups))
    simple_replays = frozenset().union(*simple.values())
    # Elsewhere every passage holds a cue of the rarest group that does not say every group,
    # unless the replay's names meet that group: only those cues' neighbours, and those
    # replays, can hold one.
    partial = first.keys() - one_cue.keys()
    if simple_replays:
        partial -= _in_replays(partial, simple_replays, replays)
    candidates = _near(partial, times)
    candidates.update(*(times.replays.get(r, ()) for r in named[rarest] - simple_replays))
    candidates -= hidden
    if within is not None:
        candidates.intersection_update(within)
    for i in order[1:]:
        if not isinstance(groups[i], wq.Term):
            said[i] = {**said[i], **evaluation.scores(groups[i], candidates - first.keys())}
    alone = _said_enough(evaluation, groups, said, simple, times, replays) - one_cue.keys()
    alone -= hidden
    if within is not None:
        alone.intersection_update(within)
    holding = [said[i].keys() & candidates for i in range(len(groups))]
    words = set().union(*holding) - one_cue.keys()
    barred: set[int] = set()
    if language.excluded is not None:
        # Any cue between two cues of a passage is among the candidates.
        barred = evaluation.docs(language.excluded.normalize(), candidates | one_cue.keys() | alone)
        for docnum in barred.intersection(one_cue):
            del one_cue[docnum]
        words -= barred
        alone -= barred
    breaks = barred | one_cue.keys()
    finder = _PassageFinder(tables, evaluation, language, said, named, times)
    found = finder.passages(words, holding, breaks)
    found.extend((docnum,) for docnum in alone)
    return SegmentMoments(one_cue, found, finder)


def _single_requirements(named: NamedReplays, count: int) -> dict[int, frozenset[bytes]]:
    """The replays whose names meet every group but one (or all), by the group(s) left."""
    full = (1 << count) - 1
    found: dict[int, set[bytes]] = {}
    for replay, mask in _met_masks(named).items():
        need = full & ~mask
        if not need & (need - 1):  # no bit or one bit set
            found.setdefault(need, set()).add(replay)
    return {need: frozenset(replay_ids) for need, replay_ids in found.items()}


def _in_replays(
    docs: Iterable[int], replay_ids: AbstractSet[bytes], replays: Sequence[bytes]
) -> set[int]:
    """Those of ``docs`` that belong to one of ``replay_ids`` (in C: no Python loop)."""
    docs = list(docs)
    return set(compress(docs, map(replay_ids.__contains__, map(replays.__getitem__, docs))))


def _said_enough(
    evaluation: SegmentEvaluation,
    groups: list[wq.Query],
    said: dict[int, Mapping[int, float]],
    simple: dict[int, frozenset[bytes]],
    times: MomentTimes,
    replays: Sequence[bytes],
) -> set[int]:
    """The cues of the replays of ``simple`` that say the group their names leave (any, when
    their names meet all); ``said`` gains the scores of other groups than words there."""
    found: set[int] = set()
    for need, replay_ids in simple.items():
        for i in [need.bit_length() - 1] if need else range(len(groups)):
            if not isinstance(groups[i], wq.Term):
                docs = set().union(*(times.replays.get(r, ()) for r in replay_ids))
                said[i] = {**said[i], **evaluation.scores(groups[i], docs - said[i].keys())}
            found |= _in_replays(said[i].keys(), replay_ids, replays)
    return found


def _met_masks(named: NamedReplays) -> dict[bytes, int]:
    """For each replay a group's names meet, the bits of the groups met."""
    masks: dict[bytes, int] = {}
    for i, replays in enumerate(named):
        for replay in replays:
            masks[replay] = masks.get(replay, 0) | 1 << i
    return masks


def _near(docs: Iterable[int], times: MomentTimes) -> set[int]:
    """The documents within the passage window of any of ``docs`` (iterated in C)."""
    docs = list(docs)
    ends = map((1).__add__, map(times.highs.__getitem__, docs))
    return set(chain.from_iterable(map(range, map(times.lows.__getitem__, docs), ends)))


class _PassageFinder:
    """Finds and scores the passages of one language's query in one segment."""

    def __init__(
        self,
        tables: SegmentTables,
        evaluation: SegmentEvaluation,
        language: LanguageQuery,
        said: dict[int, Mapping[int, float]],
        named: NamedReplays,
        times: MomentTimes,
    ) -> None:
        self.facets = tables.facets(evaluation.reader)
        self.language = language
        self.said = said
        self.named = named
        self.met = _met_masks(named)
        self.times = times
        self.full = (1 << len(language.groups)) - 1
        #: the groups each cue looked at says (bit ``i``: group ``i``)
        self.masks: dict[int, int] = {}
        #: the cues no passage spans
        self.breaks: AbstractSet[int] = frozenset()

    def passages(
        self, words: set[int], holding: list[set[int]], breaks: AbstractSet[int]
    ) -> list[tuple[int, ...]]:
        """Every passage of the cues ``words`` (``holding[i]``: the cues saying group ``i``).

        A cue saying all that its replay's names do not meet is a moment by itself (and breaks
        passages, as a cue saying every group does).
        """
        held = [cues & words for cues in holding]
        alone = self._enough_alone(set(words), held) if self.met else set()
        if alone:
            words, breaks = words - alone, set(breaks) | alone
            held = [cues - alone for cues in held]
        # Finding passages costs per cue, and most cues can be in none: only those with a cue
        # saying another group within the window are looked at, found with set operations.
        useful: set[int] = set()
        for cues in held:
            useful |= self._near(words - cues, cues)
        self.masks = {d: self._mask(d, held) for d in useful}
        self.breaks = breaks
        found = self._passages(sorted(self.masks), breaks)
        found.extend((docnum,) for docnum in alone)
        return found

    def extended(self, passage: tuple[int, ...]) -> tuple[int, ...]:
        """The passage with the next cues of its window that say groups it does not say yet.

        Found passages already hold them; a cue that is a moment by itself does not, and a
        word its replay's names meet may still be said just after it ("soudure", then
        "numériques" in a replay about digital skills): the snippet shows it then.
        """
        union = 0
        for docnum in passage:
            union |= self._said_mask(docnum)
        cues = list(passage)
        for docnum in range(passage[-1] + 1, self.times.highs[passage[0]] + 1):
            if docnum in self.breaks:
                break
            said = self._said_mask(docnum)
            if said and not said & ~union:
                break
            if said:
                cues.append(docnum)
                union |= said
        return tuple(cues)

    def _enough_alone(self, cues: set[int], held: list[set[int]]) -> set[int]:
        """The cues of ``cues`` that say every group their replay's names do not meet."""
        replays = self.facets[-1]
        for group_cues, replay_ids in zip(held, self.named, strict=True):
            if not cues:
                break
            lacking = list(cues - group_cues)
            cues &= group_cues
            if replay_ids and lacking:
                named = map(replay_ids.__contains__, map(replays.__getitem__, lacking))
                cues.update(compress(lacking, named))
        return cues

    def _said_mask(self, docnum: int) -> int:
        """The groups a cue says (one not looked at by :meth:`passages`)."""
        return sum(1 << i for i, scores in self.said.items() if docnum in scores)

    @staticmethod
    def _mask(docnum: int, holding: list[set[int]]) -> int:
        mask = 0
        for i, held in enumerate(holding):
            if docnum in held:
                mask |= 1 << i
        return mask

    def _near(self, candidates: set[int], anchors: set[int]) -> set[int]:
        """The cues of ``candidates`` within the passage window of one of ``anchors``."""
        if not candidates or not anchors:
            return set()
        if len(anchors) < len(candidates):
            return candidates.intersection(_near(anchors, self.times))
        lows, highs = self.times.lows, self.times.highs
        return {d for d in candidates if not anchors.isdisjoint(range(lows[d], highs[d] + 1))}

    def _passages(self, docs: list[int], breaks: AbstractSet[int]) -> list[tuple[int, ...]]:
        masks, times, replays = self.masks, self.times, self.facets[-1]
        said = [masks[d] for d in docs]
        starts = [times.starts[d] for d in docs]
        runs = [times.tracks[d] for d in docs]
        required = (
            [self.full & ~self.met.get(replays[d], 0) for d in docs]
            if self.met
            else [self.full] * len(docs)
        )
        found = find_passages(docs, said, starts, runs, required, breaks)
        return [tuple(docs[first : last + 1]) for first, last in found]

    def score(self, passage: Sequence[int]) -> float:
        """The best score of each group said, added, lowered by the cues spanned."""
        total = 0.0
        masks = [self.masks.get(d) or self._said_mask(d) for d in passage]
        for i, scores in self.said.items():
            said = [scores[d] for d, mask in zip(passage, masks, strict=True) if mask >> i & 1]
            if said:
                total += max(said)
        total /= 1 + PASSAGE_SPREAD * (len(passage) - 1)
        if self.met and self._said_by_named_speaker(passage):
            total *= SPEAKER_PREFERENCE
        return total

    def _said_by_named_speaker(self, passage: Sequence[int]) -> bool:
        speakers = self.facets[_SPEAKER_COLUMN]
        for docnum in passage:
            terms = speaker_terms(speakers[docnum], self.language.language)
            if any(group.terms & terms for group in self.language.groups):
                return True
        return False


@lru_cache(maxsize=4096)
def speaker_terms(value: bytes, language: Language) -> frozenset[str]:
    """The index terms of a speaker's name, read from a speaker facet value."""
    label = value.decode("utf-8").partition(FACET_SEPARATOR)[2]
    return frozenset(term for term, _, _ in term_spans(label, language))
