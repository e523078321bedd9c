"""Spelling suggestions ("did you mean"): a corrected query when a word finds nothing.

A word "finds nothing" when nothing the visitor may see holds it. Corrections come from
Whoosh's spelling machinery (``terms_within``, a Levenshtein automaton with
transpositions) run over the folded, unstemmed words of the replays the visitor may see,
one ``spell_<visibility>`` field per visibility, so a private replay's vocabulary never
leaks into a suggestion. The chosen word is shown as written in the transcripts
(``reindustrialisation`` → ``réindustrialisation``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any

from whoosh.reading import IndexReader

from archive.search.engine.analysis import Language, normalise_word, strip_clitics
from archive.search.engine.folding import fold
from archive.search.engine.schema import ACCENT_SEPARATOR, VISIBILITIES, spelling_field
from archive.search.engine.segments import SegmentTables
from archive.search.engine.syntax import Item, ItemKind, ParsedQuery
from archive.search.engine.whoosh_internals import (
    CandidateCorrector,
    damerau_levenshtein,
    levenshtein_dfa,
)

MAX_DISTANCE = 2
MIN_WORD_LENGTH = 4
MAX_WORDS_CHECKED = 6


class VisibleWordsCorrector(CandidateCorrector):
    """Suggests words from the spelling fields of the given visibilities.

    Ranked by edit distance, then by how many replays use the word (Whoosh's
    ``ReaderCorrector`` ranks by frequency alone). Each segment's spelling words are read
    once into a sorted list (:meth:`SegmentTables.spelling_words`), which the Levenshtein
    automaton walks by bisection instead of seeking through the term file.
    """

    def __init__(
        self, reader: IndexReader, visibilities: frozenset[str], tables: SegmentTables
    ) -> None:
        self.reader = reader
        self.tables = tables
        self.fields = [spelling_field(v) for v in VISIBILITIES if v in visibilities]

    def candidates(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        """Visible words within ``maxdist`` edits, by distance then by use."""
        dfa = levenshtein_dfa(text, maxdist, prefix)
        seen: dict[str, float] = {}
        for fieldname in self.fields:
            for leaf, _ in self.reader.leaf_readers():
                words, frequencies = self.tables.spelling_words(leaf, fieldname)
                for at in accepted(dfa, words):
                    word = words[at]
                    distance = damerau_levenshtein(word, text)
                    score = -distance + min(frequencies[at], 1000) / 1001
                    seen[word] = max(seen.get(word, -maxdist - 1), score)
        yield from ((score, word) for word, score in seen.items())


def accepted(dfa: Any, words: Sequence[str]) -> Iterator[int]:
    """Where the words an automaton accepts are in the sorted ``words``: it is asked for the
    smallest accepted string from each word on, and the list for the first word from there."""
    match = dfa.next_valid_string("\0")
    while match:
        at = bisect_left(words, match)
        if at == len(words):
            return
        word = words[at]
        if word == match:
            yield at
            word += "\0"
        match = dfa.next_valid_string(word)


def written_form(reader: IndexReader, folded: str) -> str:
    """The word as transcripts write it (with its accents), or ``folded`` if it has none."""
    prefix = f"{folded}{ACCENT_SEPARATOR}"
    for raw in islice(reader.expand_prefix("accents", prefix), 1):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return text.split(ACCENT_SEPARATOR, 1)[1]
    return folded


def _words_to_check(parsed: ParsedQuery, all_known: bool) -> Iterator[Item]:
    """Plain words that may be misspelled; with ``all_known``, only those given as alternatives."""
    words = [
        item
        for group in parsed.groups
        if not (all_known and len(group) == 1)
        for item in group
        if item.kind is ItemKind.WORD and len(item.text) >= MIN_WORD_LENGTH
    ]
    return islice(iter(words), MAX_WORDS_CHECKED)


def _replace_word(text: str, word: str, replacement: str) -> str:
    """``text`` with the first whole-word ``word`` (any case) replaced."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda _: replacement, text, count=1)


def suggest(
    reader: IndexReader,
    q: str,
    parsed: ParsedQuery,
    visibilities: frozenset[str],
    has_hits: Callable[[Item], bool],
    all_known: bool,
    tables: SegmentTables,
) -> str | None:
    """The query with its unmatched words corrected, or None when there is nothing to correct.

    ``all_known`` says the whole query already found hits, so only words given as
    alternatives (``a OR b``) may still be unmatched.
    """
    corrector = VisibleWordsCorrector(reader, visibilities, tables)
    corrected = q
    for item in _words_to_check(parsed, all_known):
        _, bare = strip_clitics(normalise_word(item.text), Language.FRENCH)
        if not bare.isalpha() or has_hits(item):
            continue
        folded = fold(bare)
        found = corrector.suggest(folded, limit=1, maxdist=MAX_DISTANCE, prefix=1)
        if found and found[0] != folded:
            corrected = _replace_word(corrected, bare, written_form(reader, found[0]))
    return corrected if corrected != q else None
