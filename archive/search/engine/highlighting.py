"""Where a query's words are said in a transcript: the same analysis as search, per language.

A replay page opened from a search result marks every cue holding a word the query looks
for. The terms come from the query builder that search uses (stemming, folding, accents
restored from the index vocabulary, wildcards expanded), and each cue is re-analysed with
its track's language, so "usines" marks "usine" and never the "usin" inside "cousin".
Excluded words (``-word``) are never marked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from whoosh.reading import IndexReader

from archive.search.engine.analysis import LANGUAGES, Language
from archive.search.engine.matching import QueryBuilder
from archive.search.engine.schema import text_field
from archive.search.engine.snippets import marked_spans
from archive.search.engine.syntax import parse

#: Index terms to mark, per transcript language.
QueryTerms = Mapping[Language, frozenset[str]]


@dataclass(frozen=True)
class CueMarks:
    """The marked words of one cue: its position in the track and (start, end) spans.

    Offsets count UTF-16 code units, as a browser's strings do.
    """

    index: int
    spans: tuple[tuple[int, int], ...]


def query_terms(reader: IndexReader, q: str) -> dict[Language, frozenset[str]]:
    """The index terms each language's transcripts are searched for (nothing excluded)."""
    parsed = parse(q)
    if parsed.is_empty:
        return {}
    specs = [(text_field(language), language) for language in LANGUAGES]
    built = QueryBuilder(reader).build(parsed, specs)
    if built is None:
        return {}
    return {
        part.language: frozenset(term for group in part.groups for term in group.terms)
        for part in built.languages
    }


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def cue_marks(texts: Iterable[str], language: Language, terms: Collection[str]) -> list[CueMarks]:
    """The cues of one track that hold a query word, in order, with the words to mark."""
    if not terms:
        return []
    found = []
    for index, text in enumerate(texts):
        spans = marked_spans(text, language, terms)
        if spans:
            found.append(
                CueMarks(index, tuple((_utf16(text, s), _utf16(text, e)) for s, e in spans))
            )
    return found
