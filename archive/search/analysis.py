"""How words become index terms, per language: elision, folding, stop words, stemming.

One function, :func:`analyse`, turns text into ``(term, position, startchar, endchar)``
tuples. The index (through :class:`TranscriptAnalyzer`), the query builder and the snippet
highlighter all use it, so a word is always turned into the same term everywhere.

Rules, in order, for each word of the text:

* a word may hold inner apostrophes and hyphens: ``l'usine``, ``aujourd'hui``,
  ``intelligence-artificielle``;
* French elisions (``l' d' qu' j' n' s' c' m' t' jusqu' lorsqu' puisqu'``) are cut off;
  English drops a possessive ``'s``;
* a hyphenated word gives its parts, at consecutive positions, and the joined form at the
  position of its first part, so both ``intelligence artificielle`` and
  ``intelligenceartificielle`` find it;
* stop words are dropped and positions renumbered, so a phrase query skips them the same way;
* the stem is taken from the accented word (Snowball stems ``décarbonée`` better than
  ``decarbonee``), then folded: lower case, no accents, ligatures opened (``cœur`` → ``coeur``).

Queries typed without accents are re-accented from the index vocabulary before stemming
(see :mod:`archive.search.matching`), which keeps both sides on the same term.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.lang.snowball.english import EnglishStemmer
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists

from archive.text import fold


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
_ELISION = re.compile(
    rf"(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu){_APOSTROPHE_CLASS}", re.IGNORECASE
)
_POSSESSIVE = re.compile(rf"{_APOSTROPHE_CLASS}s?$", re.IGNORECASE)
_TO_APOSTROPHE = str.maketrans({"\u2019": "'", "\u02bc": "'"})

_STEMMERS = {Language.FRENCH: FrenchStemmer().stem, Language.ENGLISH: EnglishStemmer().stem}
_STOP_WORDS = {
    Language.FRENCH: frozenset(fold(w) for w in stoplists["fr"]),
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


def is_stop_word(word: str, language: Language) -> bool:
    """Whether ``word`` is too common to be indexed in ``language``."""
    return fold(word) in _STOP_WORDS[language]


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


def strip_clitics(word: str, language: Language) -> tuple[int, str]:
    """Cut a French elision or an English possessive; returns (chars cut in front, rest)."""
    if language is Language.FRENCH:
        elided = _ELISION.match(word)
        if elided and elided.end() < len(word):
            return elided.end(), word[elided.end() :]
        return 0, word
    return 0, _POSSESSIVE.sub("", word) or word


def split_hyphens(word: str) -> list[tuple[int, str]]:
    """The parts of a hyphenated word with their offsets: "re-industrie" → [(0, "re"), ...]."""
    parts: list[tuple[int, str]] = []
    offset = 0
    for part in _HYPHEN_SPLIT.split(word):
        if part:
            parts.append((offset, part))
        offset += len(part) + 1
    return parts


def analyse(text: str, language: Language) -> Iterator[tuple[str, int, int, int]]:
    """Index terms of ``text`` as (term, position, startchar, endchar)."""
    position = 0
    for match in WORD.finditer(text):
        cut, word = strip_clitics(match.group(), language)
        start = match.start() + cut
        parts = split_hyphens(word)
        first_position = position
        for offset, part in parts:
            term = term_for(part, language)
            if term is not None:
                yield term, position, start + offset, start + offset + len(part)
                position += 1
        if len(parts) > 1:
            joined = term_for("".join(part for _, part in parts), language)
            if joined is not None:
                yield joined, first_position, start, match.end()
                position = max(position, first_position + 1)


def spelling_words(text: str, language: Language) -> Iterator[tuple[str, str]]:
    """Words for spelling suggestions as (folded, as written in lower case), stop words out."""
    for match in WORD.finditer(text):
        _, word = strip_clitics(match.group(), language)
        for _, part in split_hyphens(word):
            lowered = normalise_word(part)
            folded = fold(lowered)
            if len(folded) > 2 and not folded.isdigit() and folded not in _STOP_WORDS[language]:
                yield folded, lowered


class TranscriptAnalyzer(Analyzer):  # type: ignore[misc]
    """Whoosh's view of :func:`analyse` for one language (pickled in the index schema)."""

    def __init__(self, language: Language) -> None:
        self.language = Language(language)

    def __repr__(self) -> str:
        return f"TranscriptAnalyzer({self.language.value!r})"

    def __call__(  # type: ignore[override]
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
