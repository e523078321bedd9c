"""How words become index terms, per language: elision, folding, stop words, stemming.

One function, :func:`analyse`, turns text into ``(term, position, startchar, endchar)``
tuples. The index (through :class:`TranscriptAnalyzer`), the query builder and the snippet
highlighter all use it, so a word is always turned into the same term everywhere.

Rules, in order, for each word of the text:

* a word may hold inner apostrophes and hyphens: ``l'usine``, ``aujourd'hui``,
  ``intelligence-artificielle``;
* French elisions (``l' d' qu' j' n' s' c' m' t' jusqu' lorsqu' puisqu'``) are cut off,
  also inside a hyphenated word (``main-d'œuvre``); English drops a possessive ``'s``;
* a hyphenated word gives its parts, at consecutive positions, and the joined form at the
  position of its first part, so both ``intelligence artificielle`` and
  ``intelligenceartificielle`` find it;
* stop words are dropped and positions renumbered, so a phrase query skips them the same way;
* the stem is taken from the accented word (Snowball stems ``décarbonée`` better than
  ``decarbonee``), then folded: lower case, no accents, ligatures opened (``cœur`` → ``coeur``).

Queries typed without accents are re-accented from the index vocabulary before stemming
(see :mod:`archive.search.engine.matching`), which keeps both sides on the same term.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.lang.snowball.english import EnglishStemmer
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists

from archive.search.engine.folding import fold


class Language(enum.StrEnum):
    """A transcript language the index analyses with its own rules."""

    FRENCH = "fr"
    ENGLISH = "en"


#: Languages in the order their fields are searched.
LANGUAGES: tuple[Language, ...] = (Language.FRENCH, Language.ENGLISH)

APOSTROPHES = "'\u2019\u02bc"
HYPHENS = "-\u2010\u2011"
_APOSTROPHE_CLASS = f"[{re.escape(APOSTROPHES)}]"
_HYPHEN_CLASS = f"[{re.escape(HYPHENS)}]"
WORD = re.compile(rf"\w+(?:(?:{_APOSTROPHE_CLASS}|{_HYPHEN_CLASS})\w+)*")
_HYPHEN_SPLIT = re.compile(_HYPHEN_CLASS)
# Text that a WORD match going on would take in: a word character, and maybe a joiner after it.
_WORD_GOES_ON = re.compile(rf"\w(?:{_APOSTROPHE_CLASS}|{_HYPHEN_CLASS})?\Z")
_ELISION = re.compile(
    rf"(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu){_APOSTROPHE_CLASS}", re.IGNORECASE
)
_POSSESSIVE = re.compile(rf"{_APOSTROPHE_CLASS}s?$", re.IGNORECASE)
_TO_APOSTROPHE = str.maketrans({"\u2019": "'", "\u02bc": "'"})

_STEMMERS = {Language.FRENCH: FrenchStemmer().stem, Language.ENGLISH: EnglishStemmer().stem}
# Snowball's French list misses some of the most frequent words of speech.
_MORE_FRENCH_STOP_WORDS = """les cette cet ça cela ceci celle celles celui ceux dont où car donc ni si
    leurs quel quelle quels quelles tout tous toute toutes""".split()
_STOP_WORDS = {
    Language.FRENCH: frozenset(fold(w) for w in [*stoplists["fr"], *_MORE_FRENCH_STOP_WORDS]),
    Language.ENGLISH: frozenset(fold(w) for w in stoplists["en"]),
}
# Stemming is the slowest step, and conference vocabulary is small: remember each word.
_TERM_CACHE: dict[tuple[Language, str], str | None] = {}
_TERM_CACHE_LIMIT = 500_000


def language_of(code: str | None) -> Language:
    """The analysis language for a transcript language code; unknown codes read as French."""
    try:
        return Language((code or "fr").split("-")[0].lower())
    except ValueError:
        return Language.FRENCH


def normalise_word(word: str) -> str:
    """A word in lower case with typographic apostrophes made straight."""
    return word.lower().translate(_TO_APOSTROPHE)


def term_for(word: str, language: Language) -> str | None:
    """The index term of one word without elision or hyphen (None for a stop word)."""
    key = (language, word)
    if key in _TERM_CACHE:
        return _TERM_CACHE[key]
    lowered = normalise_word(word)
    folded = fold(lowered)
    term = None if folded in _STOP_WORDS[language] else fold(_STEMMERS[language](lowered))
    if len(_TERM_CACHE) > _TERM_CACHE_LIMIT:
        _TERM_CACHE.clear()
    _TERM_CACHE[key] = term
    return term


def is_stop_word(folded: str, language: Language) -> bool:
    """Whether a folded word is one the index leaves out (``le``, ``de``, ``the``...)."""
    return folded in _STOP_WORDS[language]


def strip_clitics(word: str, language: Language) -> tuple[int, str]:
    """Cut a French elision or an English possessive; returns (chars cut in front, rest)."""
    if language is Language.FRENCH:
        elided = _ELISION.match(word)
        if elided and elided.end() < len(word):
            return elided.end(), word[elided.end() :]
        return 0, word
    return 0, _POSSESSIVE.sub("", word) or word


def split_hyphens(word: str, language: Language) -> list[tuple[int, str]]:
    """The parts of a hyphenated word with their offsets, each without its elision.

    "main-d'œuvre" → [(0, "main"), (7, "œuvre")].
    """
    parts: list[tuple[int, str]] = []
    offset = 0
    for part in _HYPHEN_SPLIT.split(word):
        cut, bare = strip_clitics(part, language) if offset else (0, part)
        if bare:
            parts.append((offset + cut, bare))
        offset += len(part) + 1
    return parts


#: One written word's terms as (term, start offset, end offset, is the joined form).
WordTerms = tuple[tuple[str, int, int, bool], ...]
# Speech repeats itself: analysing each written word once makes indexing twice as fast.
_WORD_CACHE: dict[tuple[Language, str], WordTerms] = {}
_SPELLING_CACHE: dict[tuple[Language, str], tuple[tuple[str, str], ...]] = {}
# Per language, so that a cue's words are looked up in C (map of dict.get), without a tuple each.
_TERM_SETS: dict[Language, dict[str, frozenset[str]]] = {language: {} for language in Language}


def word_terms(written: str, language: Language) -> WordTerms:
    """The terms of one written word (a match of :data:`WORD`), with where each comes from."""
    key = (language, written)
    found = _WORD_CACHE.get(key)
    if found is not None:
        return found
    cut, word = strip_clitics(written, language)
    parts = split_hyphens(word, language)
    terms = [
        (term, cut + offset, cut + offset + len(part), False)
        for offset, part in parts
        if (term := term_for(part, language)) is not None
    ]
    if len(parts) > 1:
        joined = term_for("".join(part for _, part in parts), language)
        if joined is not None:
            terms.append((joined, cut, len(written), True))
    if len(_WORD_CACHE) > _TERM_CACHE_LIMIT:
        _WORD_CACHE.clear()
    _WORD_CACHE[key] = found = tuple(terms)
    return found


def word_term_sets(written: Sequence[str], language: Language) -> list[frozenset[str]]:
    """The terms of each written word, as sets (to check against a query's terms in C)."""
    known = _TERM_SETS[language]
    found = list(map(known.get, written))
    if None in found:
        if len(known) > _TERM_CACHE_LIMIT:
            known.clear()
        found = [
            terms
            if terms is not None
            else known.setdefault(word, frozenset(term for term, *_ in word_terms(word, language)))
            for word, terms in zip(written, found, strict=True)
        ]
    return found  # type: ignore[return-value]


def word_starts(text: str, word: str) -> list[int]:
    """Where ``word`` (a match of :data:`WORD`) stands in ``text`` as a whole match, not
    inside a longer one: found with str.find, without a match object for every word."""
    starts = []
    start = text.find(word)
    while start != -1:
        match = WORD.match(text, start)
        if (
            match is not None
            and match.end() == start + len(word)
            and (start == 0 or _WORD_GOES_ON.search(text, max(0, start - 2), start) is None)
        ):
            starts.append(start)
        start = text.find(word, start + 1)
    return starts


def _words(text: str, language: Language) -> list[tuple[int, WordTerms]]:
    """Each written word of ``text``: where it starts, and its terms."""
    return [(match.start(), word_terms(match.group(), language)) for match in WORD.finditer(text)]


def analyse(text: str, language: Language) -> Iterator[tuple[str, int, int, int]]:
    """Index terms of ``text`` as (term, position, startchar, endchar)."""
    position = 0
    for start, terms in _words(text, language):
        first_position = position
        for term, begin, end, joined in terms:
            if joined:
                yield term, first_position, start + begin, start + end
                position = max(position, first_position + 1)
            else:
                yield term, position, start + begin, start + end
                position += 1


def term_spans(text: str, language: Language) -> list[tuple[str, int, int]]:
    """Index terms of ``text`` as (term, startchar, endchar): :func:`analyse` without positions.

    A list, not a generator: every search page marks its snippets' words with it.
    """
    return [
        (term, start + begin, start + end)
        for start, terms in _words(text, language)
        for term, begin, end, _ in terms
    ]


def _spelling_entries(written: str, language: Language) -> tuple[tuple[str, str], ...]:
    key = (language, written)
    found = _SPELLING_CACHE.get(key)
    if found is None:
        _, word = strip_clitics(written, language)
        entries = []
        for _, part in split_hyphens(word, language):
            lowered = normalise_word(part)
            folded = fold(lowered)
            if len(folded) > 2 and not folded.isdigit() and folded not in _STOP_WORDS[language]:
                entries.append((folded, lowered))
        if len(_SPELLING_CACHE) > _TERM_CACHE_LIMIT:
            _SPELLING_CACHE.clear()
        _SPELLING_CACHE[key] = found = tuple(entries)
    return found


def spelling_words(text: str, language: Language) -> Iterator[tuple[str, str]]:
    """Words for spelling suggestions as (folded, as written in lower case), stop words out."""
    for match in WORD.finditer(text):
        yield from _spelling_entries(match.group(), language)


class TranscriptAnalyzer(Analyzer):  # type: ignore[misc]
    """Whoosh's view of :func:`analyse` for one language (pickled in the index schema)."""

    def __init__(self, language: Language) -> None:
        self.language = Language(language)

    def __repr__(self) -> str:
        return f"TranscriptAnalyzer({self.language.value!r})"

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        """Yield one reused Token per term, as Whoosh expects."""
        kwargs.pop("tokenize", None)
        kwargs.pop("keeporiginal", None)
        token = Token(positions, chars, mode=mode, **kwargs)
        for term, position, startchar, endchar in analyse(value, self.language):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + startchar
                token.endchar = start_char + endchar
            yield token
