"""From a parsed user query to Whoosh queries, one per language field, with bounded cost.

Each word is analysed with the language of the field it is looked up in, so a French
transcript's ``text_fr`` gets French stems and an English one's ``text_en`` English stems.
A word typed without accents is first re-accented from the index vocabulary (``ecole`` →
``école``) because stems are taken from accented words. Wildcards expand to at most
:data:`MAX_EXPANSIONS` terms and never from a leading wildcard.
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice, product

from whoosh import query as wq
from whoosh.reading import IndexReader

from archive.search.engine.analysis import (
    Language,
    analyse,
    normalise_word,
    split_hyphens,
    strip_clitics,
    term_for,
)
from archive.search.engine.folding import fold
from archive.search.engine.phrases import AdjacentWords
from archive.search.engine.schema import ACCENT_SEPARATOR
from archive.search.engine.segments import SegmentTables
from archive.search.engine.syntax import Item, ItemKind, ParsedQuery

MAX_EXPANSIONS = 64
MAX_WILDCARD_SCAN = 2000
MAX_PHRASE_VARIANTS = 8
MIN_WILDCARD_PREFIX = 2

#: A field and the language its words are analysed with.
FieldSpec = tuple[str, Language]


@dataclass(frozen=True)
class GroupQuery:
    """One group of the query (a word, a phrase, or alternatives) in one language."""

    #: where it is said: the moment or title/details fields
    said: wq.Query
    #: where it names a replay (fielded matching); None when not asked for
    names: wq.Query | None = None
    #: the index terms it looks for
    terms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LanguageQuery:
    """The query in one language: groups that must all be met, and what must not be said."""

    language: Language
    groups: list[GroupQuery]
    excluded: wq.Query | None = None

    @property
    def query(self) -> wq.Query:
        """Every group said in one document, nothing excluded."""
        said = [group.said for group in self.groups]
        positive: wq.Query = said[0] if len(said) == 1 else wq.And(said)
        if self.excluded is not None:
            positive = wq.AndNot(positive, self.excluded)
        return positive


@dataclass
class BuiltQuery:
    """A Whoosh query, its phrase bonus, and the index terms to highlight, per language.

    The bonus (plain words typed together that also follow each other in the text) is only
    scored for the best candidates (see :mod:`archive.search.engine.collecting`): reading word
    positions for every match would cost more than the whole search.
    """

    #: one query per language: a document is in one language, so they never overlap
    languages: list[LanguageQuery]
    terms: dict[Language, set[str]] = field(default_factory=dict)
    bonus: wq.Query | None = None

    @property
    def parts(self) -> list[wq.Query]:
        """Each language's query, every group said in one document."""
        return [language.query for language in self.languages]

    @property
    def query(self) -> wq.Query:
        """All languages in one query."""
        return _any(self.parts)


class QueryBuilder:
    """Builds Whoosh queries against one reader (for its vocabulary and term lists)."""

    def __init__(self, reader: IndexReader, tables: SegmentTables | None = None) -> None:
        self.reader = reader
        #: with them, written forms are read from the segments' sorted accent lists
        self.tables = tables
        self._accents: dict[str, list[str]] = {}
        self.terms: dict[Language, set[str]] = {}

    def accented_forms(self, written: str) -> list[str]:
        """The word as typed, and its accented spellings found in the index when typed bare."""
        word = normalise_word(written)
        if fold(word) != word:
            return [word]
        if word not in self._accents:
            prefix = f"{word}{ACCENT_SEPARATOR}"
            found = self._accent_terms(prefix)
            forms = [_text(b).split(ACCENT_SEPARATOR, 1)[1] for b in found]
            self._accents[word] = [word, *forms]
        return self._accents[word]

    def _accent_terms(self, prefix: str) -> list[str | bytes]:
        """The first terms of the ``accents`` field starting with ``prefix``, in order."""
        if self.tables is None:
            return list(islice(self.reader.expand_prefix("accents", prefix), MAX_PHRASE_VARIANTS))
        found: set[str] = set()
        for leaf, _ in self.reader.leaf_readers():
            words = self.tables.accent_words(leaf)
            at = bisect_left(words, prefix)
            for word in islice(words, at, at + MAX_PHRASE_VARIANTS):
                if not word.startswith(prefix):
                    break
                found.add(word)
        return list(sorted(found)[:MAX_PHRASE_VARIANTS])

    def word_terms(self, written: str, language: Language) -> list[str]:
        """Distinct index terms one written word (no hyphen, no elision) may stand for."""
        terms: list[str] = []
        for form in self.accented_forms(written):
            term = term_for(form, language)
            if term is not None and term not in terms:
                terms.append(term)
        return terms

    def sequence(self, text: str, spec: FieldSpec) -> wq.Query | None:
        """Words that must follow each other (one word is a sequence of one)."""
        fieldname, language = spec
        positions: dict[int, list[str]] = {}
        joined: list[str] = []
        for _term, position, start, end in analyse(text, language):
            written = text[start:end]
            if position in positions:
                # The joined form of a hyphenated word, spelt as the analyser joins it.
                glued = "".join(part for _, part in split_hyphens(written, language))
                joined.extend(self.word_terms(glued, language))
            else:
                positions[position] = self.word_terms(written, language)
        slots = [terms for terms in positions.values() if terms]
        if not slots:
            return None
        self.terms.setdefault(language, set()).update(t for s in slots for t in s)
        if len(slots) == 1:
            found: list[wq.Query] = [wq.Term(fieldname, t) for t in slots[0]]
        else:
            variants = islice(product(*slots), MAX_PHRASE_VARIANTS)
            found = [AdjacentWords(fieldname, list(words)) for words in variants]
        if joined and len(text.split()) == 1:
            self.terms[language].update(joined)
            found.extend(wq.Term(fieldname, t) for t in joined)
        return found[0] if len(found) == 1 else wq.Or(found)

    def wildcard(self, pattern: str, spec: FieldSpec) -> wq.Query | None:
        """Terms matching a pattern, at most MAX_EXPANSIONS of them; None for a leading wildcard."""
        fieldname, language = spec
        _, pattern = strip_clitics(fold(normalise_word(pattern)), language)
        prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
        if len(prefix) < MIN_WILDCARD_PREFIX:
            return None
        if pattern == prefix + "*":
            # Terms are stems: "usines*" must start from the stem "usin".
            stem = term_for(prefix, language) or prefix
            prefix = _common_prefix(prefix, stem)
            pattern = prefix + "*"
            if len(prefix) < MIN_WILDCARD_PREFIX:
                return None
        matcher = re.compile(fnmatch.translate(pattern))
        scanned = islice(self.reader.expand_prefix(fieldname, prefix), MAX_WILDCARD_SCAN)
        words = (_text(b) for b in scanned)
        terms = list(islice((w for w in words if matcher.match(w)), MAX_EXPANSIONS))
        if not terms:
            return None
        self.terms.setdefault(language, set()).update(terms)
        return wq.Or([wq.Term(fieldname, t) for t in terms])

    def item(self, item: Item, specs: Sequence[FieldSpec]) -> wq.Query | None:
        """One item looked up in every field of ``specs``."""
        parts = [
            self.wildcard(item.text, spec)
            if item.kind is ItemKind.WILDCARD
            else self.sequence(item.text, spec)
            for spec in specs
        ]
        found = [p for p in parts if p is not None]
        if not found:
            return None
        return found[0] if len(found) == 1 else wq.Or(found)

    def build(
        self,
        parsed: ParsedQuery,
        specs: Sequence[FieldSpec],
        names: Sequence[FieldSpec] = (),
    ) -> BuiltQuery | None:
        """The whole query over ``specs``; None when nothing positive is left to match.

        Each language gets its own complete query, ORed with the others: a document is in
        one language, and a word that is a stop word there ("la" in French) must not be
        required just because it is an ordinary word elsewhere. With ``names``, each group
        also gets its query over those fields of its language (fielded matching).
        """
        by_language: dict[Language, list[FieldSpec]] = {}
        for spec in specs:
            by_language.setdefault(spec[1], []).append(spec)
        queries = _present(
            self.build_one(parsed, same, [n for n in names if n[1] is language])
            for language, same in by_language.items()
        )
        if not queries:
            return None
        bonuses = _present(self.phrase_bonus(parsed, same) for same in by_language.values())
        return BuiltQuery(queries, self.terms, _any(bonuses) if bonuses else None)

    def build_one(
        self, parsed: ParsedQuery, specs: Sequence[FieldSpec], names: Sequence[FieldSpec] = ()
    ) -> LanguageQuery | None:
        """The query over fields of one language."""
        language = specs[0][1]
        groups: list[GroupQuery] = []
        for group in parsed.groups:
            found = self.group(group, specs, names)
            if found is not None and all(found.said != known.said for known in groups):
                groups.append(found)
        if not groups:
            return None
        excluded = _present(self.item(item, specs) for item in parsed.excluded)
        return LanguageQuery(language, groups, _any(excluded) if excluded else None)

    def group(
        self, items: list[Item], specs: Sequence[FieldSpec], names: Sequence[FieldSpec]
    ) -> GroupQuery | None:
        """One group (alternatives) said in ``specs``, and naming a replay in ``names``."""
        language = specs[0][1]
        kept = self.terms
        self.terms = {}
        said = _any_or_none(_present(self.item(i, specs) for i in items))
        terms = frozenset(self.terms.get(language, ()))
        named = None
        if said is not None and names:
            named = _any_or_none(_present(self.item(i, names) for i in items))
        # Only the terms looked for in what was said are marked in snippets.
        self.terms = kept
        if said is None:
            return None
        self.terms.setdefault(language, set()).update(terms)
        return GroupQuery(said.normalize(), named, terms)

    def phrase_bonus(self, parsed: ParsedQuery, specs: Sequence[FieldSpec]) -> wq.Query | None:
        """Scores a match where plain words typed together also follow each other."""
        words = [g[0].text for g in parsed.groups if len(g) == 1 and g[0].kind is ItemKind.WORD]
        text = " ".join(words)
        if len({position for _, position, _, _ in analyse(text, specs[0][1])}) < 2:
            return None
        saved = {language: set(terms) for language, terms in self.terms.items()}
        bonus = self.item(Item(ItemKind.PHRASE, text), specs)
        self.terms = saved
        return bonus


def _present(queries: Iterable[wq.Query | None]) -> list[wq.Query]:
    return [q for q in queries if q is not None]


def _any(queries: list[wq.Query]) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _any_or_none(queries: list[wq.Query]) -> wq.Query | None:
    return _any(queries) if queries else None


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return a[:size]
