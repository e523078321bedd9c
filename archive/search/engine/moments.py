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
the window) and in the replays whose names meet it. Matches are arrays and sets of cues are
masks over the segment (:mod:`archive.search.engine.vectors`), so that common words (a
hundred thousand cues each at 10,000 hours) cost no Python step per cue; only the cues that
may form a passage are walked one by one. Ties at the cut keep the lowest document numbers,
as the final order does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from heapq import nlargest
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from archive.search.engine.analysis import Language, term_spans
from archive.search.engine.collecting import (
    RESCORE_DEPTH,
    Collected,
    blocked_mask,
    collect,
    rescored,
)
from archive.search.engine.evaluation import SegmentEvaluation
from archive.search.engine.matching import BuiltQuery, LanguageQuery
from archive.search.engine.passages import find_passages
from archive.search.engine.schema import FACET_SEPARATOR, Facet
from archive.search.engine.segments import MomentTimes, SegmentTables
from archive.search.engine.vectors import (
    DocArray,
    Mask,
    Matches,
    as_matches,
    best_matches,
    both,
    docs_matching,
    group_matches,
    mask_of,
    merged,
    term_matches,
    visible,
)

#: Each cue a passage spans beyond the first divides its score by 1 + this.
PASSAGE_SPREAD = 0.5
#: A passage said by a speaker the query names scores this much more.
SPEAKER_PREFERENCE = 1.5
#: The best passage scores at most this fraction of the weakest one-cue moment.
BELOW_ONE_CUE = 0.9
_SPEAKER_COLUMN = list(Facet).index(Facet.SPEAKER)


@dataclass(frozen=True)
class NamedReplays:
    """For each group of a language's query, the replays (ids) whose names meet it; what
    follows from that is worked out once per search, not once per segment."""

    groups: tuple[frozenset[bytes], ...]

    def __getitem__(self, group: int) -> frozenset[bytes]:
        return self.groups[group]

    def __iter__(self) -> Iterator[frozenset[bytes]]:
        return iter(self.groups)

    @cached_property
    def met(self) -> dict[bytes, int]:
        """For each replay a group's names meet, the bits of the groups met."""
        masks: dict[bytes, int] = {}
        for i, replays in enumerate(self.groups):
            bit = 1 << i
            for replay in replays:
                masks[replay] = masks.get(replay, 0) | bit
        return masks

    @cached_property
    def simple(self) -> dict[int, frozenset[bytes]]:
        """The replays whose names meet every group but one (or all), by the group(s) left
        (bit ``i``: group ``i``; 0: none), with set operations (in C)."""
        found: dict[int, frozenset[bytes]] = {}
        if not self.groups:
            return found
        every = frozenset.intersection(*self.groups)
        if every:
            found[0] = every
        for left, replays in enumerate(self.groups):
            others = [named for i, named in enumerate(self.groups) if i != left]
            meeting = (frozenset.intersection(*others) if others else frozenset()) - replays
            if meeting:
                found[1 << left] = meeting
        return found


@dataclass
class SegmentMoments:
    """What one language's query finds in one segment (document numbers local to it)."""

    #: cues saying every group, with the AND's score
    one_cue: Matches
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
        blocked = blocked_mask(tables, reader, visibilities)
        for language, met in zip(built.languages, named, strict=True):
            found = segment_moments(evaluation, tables, language, met, filters, blocked)
            ids, scores = found.one_cue
            firsts = np.array([passage[0] for passage in found.passages], dtype=np.intp)
            collected.total += len(ids) + len(firsts)
            collected.counter.add(tables.tracks(reader), np.concatenate((ids, firsts)))
            if len(ids):
                weakest = min(weakest, float(scores.min()))
                best.extend(best_matches(found.one_cue, kept, offset))
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
    return NamedReplays(tuple(frozenset(replay_ids) for replay_ids in found))


def segment_moments(
    evaluation: SegmentEvaluation,
    tables: SegmentTables,
    language: LanguageQuery,
    named: NamedReplays,
    filters: wq.Query | None,
    blocked: Mask,
) -> SegmentMoments:
    """One-cue moments and passages of one language's query in one segment (``blocked``
    marks the documents the visitor may not see and the deleted ones)."""
    if len(language.groups) == 1:
        q = _restricted(language.query, filters).normalize()
        return SegmentMoments(visible(group_matches(evaluation, q), blocked))
    size = evaluation.reader.doc_count_all()
    within: set[int] | None = None
    if filters is not None:
        allowed = docs_matching(evaluation, filters.normalize())
        blocked = blocked | ~mask_of(allowed, size)
        within = set(allowed.tolist())
    groups = [group.said for group in language.groups]
    # The AND's order (rarest first), so that one-cue scores add up exactly as the AND's.
    order = sorted(range(len(groups)), key=lambda i: groups[i].estimate_size(evaluation.reader))
    rarest = order[0]
    first = visible(group_matches(evaluation, groups[rarest], within), blocked)
    said: dict[int, Matches] = {rarest: first}
    # A word's matches are all read from its posting lists (``whole``); any other group's
    # (a phrase's) are evaluated where the rarest group is said first, then around it (below).
    whole = {i for i, group in enumerate(groups) if _is_word(evaluation, group)}
    in_first = set(first[0].tolist()) if len(whole) < len(groups) else None
    for i in order[1:]:
        found = term_matches(evaluation, groups[i]) if i in whole else None
        said[i] = found if found is not None else as_matches(evaluation.scores(groups[i], in_first))
    one_cue = first
    for i in order[1:]:
        one_cue = both(one_cue, said[i], size)
    times = tables.times(evaluation.reader)
    # Where the names meet every group but one (or all), a cue saying the rest is a moment
    # by itself and no passage can form: those are found with masks alone.
    simple = named.simple
    simple_replays = frozenset().union(*simple.values())
    # Elsewhere every passage holds a cue of the rarest group that does not say every group,
    # unless the replay's names meet that group: only those cues' neighbours, and those
    # replays, can hold one.
    in_one_cue = mask_of(one_cue[0], size)
    partial = first[0][~in_one_cue[first[0]]]
    if simple_replays:
        partial = partial[~times.of_replays(simple_replays)[partial]]
    candidates = times.near(partial) | times.of_replays(named[rarest] - simple_replays)
    candidates &= ~blocked
    if len(whole) < len(groups):
        around = np.flatnonzero(candidates & ~mask_of(first[0], size))
        for i in order[1:]:
            if i not in whole:
                more = group_matches(evaluation, groups[i], set(around.tolist()))
                said[i] = merged(said[i], more)
    alone = _said_enough(evaluation, groups, said, whole, simple, times)
    alone &= ~in_one_cue & ~blocked
    holding = [ids[candidates[ids]] for ids, _ in (said[i] for i in range(len(groups)))]
    words = np.zeros(size, dtype=np.bool_)
    for cues in holding:
        words[cues] = True
    words &= ~in_one_cue
    barred = np.zeros(size, dtype=np.bool_)
    if language.excluded is not None:
        # Any cue between two cues of a passage is among the candidates.
        area = candidates | in_one_cue | alone
        barred[docs_matching(evaluation, language.excluded.normalize(), area)] = True
        kept = ~barred[one_cue[0]]
        one_cue = one_cue[0][kept], one_cue[1][kept]
        in_one_cue &= ~barred
        words &= ~barred
        alone &= ~barred
    finder = _PassageFinder(tables, evaluation, language, said, named, times)
    found = finder.passages(words, holding, barred | in_one_cue)
    found.extend((docnum,) for docnum in np.flatnonzero(alone).tolist())
    finder.found = found
    return SegmentMoments(one_cue, found, finder)


def _is_word(evaluation: SegmentEvaluation, q: wq.Query) -> bool:
    """Whether ``q`` is a word (or alternative words) whose matches are read all at once."""
    if isinstance(q, wq.Or):
        return bool(q.subqueries) and all(_is_word(evaluation, sub) for sub in q.subqueries)
    return isinstance(q, wq.Term) and evaluation.reader.schema[q.fieldname].scorable


def _said_enough(
    evaluation: SegmentEvaluation,
    groups: list[wq.Query],
    said: dict[int, Matches],
    whole: set[int],
    simple: dict[int, frozenset[bytes]],
    times: MomentTimes,
) -> Mask:
    """The cues of the replays of ``simple`` that say the group their names leave (any, when
    their names meet all); ``said`` gains the matches of the groups not ``whole`` there."""
    found = np.zeros(len(times.starts), dtype=np.bool_)
    for need, replay_ids in simple.items():
        in_replays = times.of_replays(replay_ids)
        for i in [need.bit_length() - 1] if need else range(len(groups)):
            if i not in whole:
                ids = said[i][0]
                unknown = in_replays.copy()
                unknown[ids] = False
                wanted = set(np.flatnonzero(unknown).tolist())
                said[i] = merged(said[i], group_matches(evaluation, groups[i], wanted))
            ids = said[i][0]
            found[ids[in_replays[ids]]] = True
    return found


class _Marked(AbstractSet[int]):
    """The documents a mask marks, as a set (ranges of them are checked in C)."""

    def __init__(self, mask: Mask) -> None:
        self.mask = mask

    def __contains__(self, docnum: object) -> bool:
        return isinstance(docnum, int) and 0 <= docnum < len(self.mask) and bool(self.mask[docnum])

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self.mask).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.mask))

    def isdisjoint(self, other: Iterable[Any]) -> bool:
        """Whether none of ``other`` is marked (a range is checked as a slice)."""
        if isinstance(other, range) and other.step == 1:
            return not self.mask[max(other.start, 0) : max(other.stop, 0)].any()
        return not any(docnum in self for docnum in other)


class _PassageFinder:
    """Finds and scores the passages of one language's query in one segment."""

    def __init__(
        self,
        tables: SegmentTables,
        evaluation: SegmentEvaluation,
        language: LanguageQuery,
        said: dict[int, Matches],
        named: NamedReplays,
        times: MomentTimes,
    ) -> None:
        self.facets = tables.facets(evaluation.reader)
        self.language = language
        self.matches = said
        self.named = named
        self.met = named.met
        self.times = times
        self.full = (1 << len(language.groups)) - 1
        #: the groups each cue looked at says (bit ``i``: group ``i``)
        self.masks: dict[int, int] = {}
        #: the cues no passage spans
        self.breaks: AbstractSet[int] = frozenset()
        #: the passages found (scores are looked up in their windows only)
        self.found: list[tuple[int, ...]] = []
        self._said: dict[int, dict[int, float]] | None = None

    @property
    def said(self) -> dict[int, dict[int, float]]:
        """Each group's scores in the windows of the passages found (to look cues up in)."""
        if self._said is None:
            firsts = np.array([passage[0] for passage in self.found], dtype=np.intp)
            region = self.times.near(firsts)
            self._said = {}
            for i, (ids, scores) in self.matches.items():
                kept = region[ids]
                self._said[i] = dict(zip(ids[kept].tolist(), scores[kept].tolist(), strict=True))
        return self._said

    def passages(self, words: Mask, holding: list[DocArray], breaks: Mask) -> list[tuple[int, ...]]:
        """Every passage of the cues ``words`` marks (``holding[i]``: the cues saying group
        ``i``).

        A cue saying all that its replay's names do not meet is a moment by itself (and breaks
        passages, as a cue saying every group does).
        """
        held = [cues[words[cues]] for cues in holding]
        alone = self._enough_alone(words, held) if self.met else None
        if alone is not None and alone.any():
            words, breaks = words & ~alone, breaks | alone
            held = [cues[~alone[cues]] for cues in held]
        # Finding passages costs per cue, and most cues can be in none: only those with a cue
        # saying another group within the window are looked at, found with masks.
        useful = np.zeros(len(words), dtype=np.bool_)
        for cues in held:
            others = words.copy()
            others[cues] = False
            if len(cues) and others.any():
                useful |= others & self.times.near(cues)
        docs = np.flatnonzero(useful)
        codes = np.zeros(len(docs), dtype=np.int64)
        for i, cues in enumerate(held):
            codes |= mask_of(cues, len(words))[docs].astype(np.int64) << i
        self.masks = dict(zip(docs.tolist(), codes.tolist(), strict=True))
        self.breaks = _Marked(breaks)
        found = self._passages(docs.tolist(), self.breaks)
        if alone is not None:
            found.extend((docnum,) for docnum in np.flatnonzero(alone).tolist())
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

    def _enough_alone(self, words: Mask, held: list[DocArray]) -> Mask:
        """The cues ``words`` marks that say every group their replay's names do not meet."""
        cues = words.copy()
        for group_cues, replay_ids in zip(held, self.named, strict=True):
            if not cues.any():
                break
            in_group = mask_of(group_cues, len(words))
            lacking = cues & ~in_group
            cues &= in_group
            if replay_ids and lacking.any():
                cues |= lacking & self.times.of_replays(replay_ids)
        return cues

    def _said_mask(self, docnum: int) -> int:
        """The groups a cue says (one not looked at by :meth:`passages`)."""
        return sum(1 << i for i, scores in self.said.items() if docnum in scores)

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
