"""Cue text as safe HTML with the matched words in ``<mark>``.

The cue is re-analysed with its language's rules, so a word is marked when its index term
is one the query looked for: "usines" marks "usine", "ecole" marks "École". Everything
else is HTML-escaped. Long cues are cut to a window around the first match. A passage shows
each of its cues that holds a query word, one after the other.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape as _escape
from itertools import compress
from operator import not_

from archive.search.engine.analysis import WORD, Language, word_starts, word_term_sets, word_terms

MAX_SNIPPET_CHARS = 300
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Text made safe inside an HTML element (quotes need no escaping there)."""
    return _escape(text, quote=False)


def marked_spans(text: str, language: Language, terms: Collection[str]) -> list[list[int]]:
    """Merged (start, end) character spans of the words whose term is in ``terms``.

    The words of the cue are told apart first, each written form analysed once; only the
    places of those that carry a wanted term are then looked for (a page marks twenty cues).
    The passes over every word run in C (findall, map, compress); Python sees only the
    marked words, whose places str.find gives.
    """
    wanted_terms = terms if isinstance(terms, set | frozenset) else set(terms)
    distinct = list(set(WORD.findall(text)))
    term_sets = word_term_sets(distinct, language)
    wanted = list(compress(distinct, map(not_, map(wanted_terms.isdisjoint, term_sets))))
    if not wanted:
        return []
    spans = sorted(
        (start + begin, start + end)
        for word in wanted
        for start in word_starts(text, word)
        for term, begin, end, _ in word_terms(word, language)
        if term in wanted_terms
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _window(text: str, spans: list[list[int]], size: int) -> tuple[int, int]:
    """A window of about ``size`` characters around the first span, on word boundaries."""
    if len(text) <= size:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - size // 3, len(text) - size))
    end = min(len(text), start + size)
    if start > 0:
        space = text.find(" ", start, first if spans else end)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, spans[0][1] if spans else start), end)
        end = space if space != -1 else end
    return start, end


def snippet_html(
    text: str, language: Language, terms: Collection[str], max_chars: int = MAX_SNIPPET_CHARS
) -> str:
    """The cue (or a window of it) escaped, with matched words wrapped in ``<mark>``."""
    spans = marked_spans(text, language, terms) if terms else []
    start, end = _window(text, spans, max_chars)
    pieces = [ELLIPSIS] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return "".join(pieces)


#: Between the cues of a passage's snippet.
CUE_SEPARATOR = f" {ELLIPSIS} "
#: The least each cue of a passage is given, however many cues it spans.
MIN_CUE_CHARS = 100


def passage_snippet_html(
    texts: Sequence[str],
    language: Language,
    terms: Collection[str],
    max_chars: int = MAX_SNIPPET_CHARS,
) -> str:
    """The cues of a passage, each escaped and marked, joined: each cue's words are shown."""
    size = max(MIN_CUE_CHARS, max_chars // max(1, len(texts)))
    return CUE_SEPARATOR.join(snippet_html(text, language, terms, size) for text in texts)
