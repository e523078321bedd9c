"""Suggestions as you type: words and phrases said, speakers, titles, themes and events.

Each replay document keeps its completion entries in a column, one a line,
``key<US>kind<US>text``: the key is the folded text with anything but letters and digits made
a space (what a typed prefix is compared with). Each segment's entries are read once into one
sorted table per visibility, so a visitor is only ever offered what the replays they may see
say or are called, and a prefix is a binary search away.

* words said: every word but stop words, numbers and words of one or two letters, shown as
  transcripts write them (in lower case when they ever appear so: "souveraineté", "Europe");
* phrases said: two words said one after the other at least :data:`MIN_PHRASE_COUNT` times
  in a replay ("jumeau numérique");
* names: speakers, titles, themes and events, found from the start of any of their words
  but the stop words ("vass" finds "Claire Vasseur").

Suggestions rank by how many replays hold the entry (names weigh more than words), then
shortest first.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from heapq import nsmallest

from whoosh.reading import IndexReader

from archive.search.engine.analysis import (
    APOSTROPHES,
    HYPHENS,
    WORD,
    Language,
    is_stop_word,
    normalise_word,
    strip_clitics,
)
from archive.search.engine.folding import fold
from archive.search.engine.schema import COMPLETIONS

#: Separates the key, the kind and the text of an entry.
ENTRY_SEPARATOR = "\x1f"
MIN_PHRASE_COUNT = 2
MIN_WORD_LENGTH = 3
DEFAULT_LIMIT = 8

_NOT_WORD = re.compile(r"[\W_]+")
# Speech repeats itself: each written word is looked at once.
_WORD_CACHE: dict[tuple[str, Language], str | None] = {}
_KEY_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 500_000
_SPACES_ONLY = re.compile(r"\s+")
#: What ends a phrase: any character that is neither part of a word nor a space.
_PUNCTUATION = re.compile(rf"[^\w\s{re.escape(APOSTROPHES + HYPHENS)}]+")


class CompletionKind(enum.StrEnum):
    """What a suggestion is."""

    WORD = "word"
    SPEAKER = "speaker"
    TITLE = "title"
    THEME = "theme"
    EVENT = "event"


#: How much more a replay holding a name counts than one saying a word.
KIND_WEIGHT = {
    CompletionKind.SPEAKER: 3.0,
    CompletionKind.THEME: 3.0,
    CompletionKind.TITLE: 2.0,
    CompletionKind.EVENT: 2.0,
    CompletionKind.WORD: 1.0,
}


@dataclass(frozen=True)
class Completion:
    """One suggestion: the text to search for and what it is."""

    text: str
    kind: CompletionKind


def completion_key(text: str) -> str:
    """What a text is looked up by: folded, punctuation made single spaces."""
    found = _KEY_CACHE.get(text)
    if found is None:
        found = _NOT_WORD.sub(" ", fold(text)).strip()
        if len(_KEY_CACHE) > _CACHE_LIMIT:
            _KEY_CACHE.clear()
        _KEY_CACHE[text] = found
    return found


def _entry(key: str, kind: CompletionKind, text: str) -> str:
    text = _SPACES_ONLY.sub(" ", text).strip()
    return ENTRY_SEPARATOR.join((key, kind.value, text))


def _parse(entry: str) -> tuple[str, CompletionKind, str]:
    key, kind, text = entry.split(ENTRY_SEPARATOR, 2)
    return key, CompletionKind(kind), text


# Writing ---------------------------------------------------------------------------------


def _said_word(written: str, language: Language) -> str | None:
    """The word as said, without its elision; None when it is not worth suggesting."""
    key = (written, language)
    if key in _WORD_CACHE:
        return _WORD_CACHE[key]
    _, bare = strip_clitics(normalise_word(written), language)
    folded = fold(bare)
    word: str | None = written[len(written) - len(bare) :]
    if len(folded) < MIN_WORD_LENGTH or folded.isdigit() or is_stop_word(folded, language):
        word = None
    if len(_WORD_CACHE) > _CACHE_LIMIT:
        _WORD_CACHE.clear()
    _WORD_CACHE[key] = word
    return word


@dataclass(frozen=True)
class SaidForms:
    """The words of a transcript as written, and the pairs said one after the other, counted."""

    written: Counter[str]
    pairs: Counter[tuple[str, str]]


def said_forms(texts: Iterable[str]) -> SaidForms:
    """Every written word of ``texts`` and every two words with only spaces between them."""
    said: list[str] = []
    adjacent: list[tuple[str, str]] = []
    for text in texts:
        for run in _PUNCTUATION.split(text):
            found = WORD.findall(run)
            said.extend(found)
            adjacent.extend(zip(found, found[1:], strict=False))
    return SaidForms(Counter(said), Counter(adjacent))


def _said(forms: SaidForms, language: Language) -> tuple[Counter[str], Counter[str]]:
    """Words and two-word phrases worth suggesting, as said, with how often each is said."""
    words: Counter[str] = Counter()
    for form, count in forms.written.items():
        word = _said_word(form, language)
        if word is not None:
            words[word] += count
    phrases: Counter[str] = Counter()
    for (first, second), count in forms.pairs.items():
        if count < MIN_PHRASE_COUNT:
            continue
        one, two = _said_word(first, language), _said_word(second, language)
        if one is not None and two is not None:
            phrases[f"{one} {two}"] += count
    return words, phrases


def _shown_forms(counts: Counter[str]) -> dict[str, str]:
    """The form to show for each key: a lower-case form when there is one, else the commonest."""
    forms: dict[str, Counter[str]] = {}
    for written, count in counts.items():
        forms.setdefault(completion_key(written), Counter())[written] += count
    shown = {}
    for key, spellings in forms.items():
        lower = [(count, form) for form, count in spellings.items() if form == form.lower()]
        shown[key] = max(lower)[1] if lower else spellings.most_common(1)[0][0]
    return shown


def _name_entries(name: str, kind: CompletionKind, language: Language) -> Iterator[str]:
    """A name, found from the start of each of its words but stop words."""
    words = completion_key(name).split()
    for start, word in enumerate(words):
        if start == 0 or not is_stop_word(word, language):
            yield _entry(" ".join(words[start:]), kind, name)


def completion_entries(
    said: SaidForms,
    names: Iterable[tuple[CompletionKind, str]],
    language: Language,
) -> list[str]:
    """The completion terms of one replay: what it says and what it is called, each once."""
    words, phrases = _said(said, language)
    entries = {_entry(key, CompletionKind.WORD, text) for key, text in _shown_forms(words).items()}
    repeated = Counter({p: n for p, n in phrases.items() if n >= MIN_PHRASE_COUNT})
    entries.update(
        _entry(key, CompletionKind.WORD, text) for key, text in _shown_forms(repeated).items()
    )
    for kind, name in names:
        if completion_key(name):
            entries.update(_name_entries(name, kind, language))
    return sorted(entries)


# Reading ---------------------------------------------------------------------------------


class CompletionTable:
    """One segment's completion entries of the replays of one visibility, sorted by key."""

    def __init__(self, entries: dict[str, list[int]]) -> None:
        self.keys: list[str] = []
        #: (kind, text, replay documents holding the entry)
        self.entries: list[tuple[CompletionKind, str, tuple[int, ...]]] = []
        for entry in sorted(entries):
            key, kind, text = _parse(entry)
            self.keys.append(key)
            self.entries.append((kind, text, tuple(entries[entry])))

    def starting_with(self, prefix: str) -> Iterator[tuple[CompletionKind, str, tuple[int, ...]]]:
        """The entries whose key starts with ``prefix``."""
        at = bisect_left(self.keys, prefix)
        while at < len(self.keys) and self.keys[at].startswith(prefix):
            yield self.entries[at]
            at += 1


def read_tables(reader: IndexReader) -> dict[str, CompletionTable]:
    """The completion tables of one segment, by visibility, from its replay documents."""
    found: dict[str, dict[str, list[int]]] = {}
    if not reader.has_column(COMPLETIONS):
        return {}
    column = reader.column_reader(COMPLETIONS)
    for term in reader.lexicon("doc_id"):
        for docnum in reader.postings("doc_id", term).all_ids():
            visibility = reader.stored_fields(docnum).get("visibility", "private")
            entries = found.setdefault(visibility, {})
            for entry in column[docnum].decode("utf-8").split("\n"):
                if entry:
                    entries.setdefault(entry, []).append(docnum)
    return {visibility: CompletionTable(entries) for visibility, entries in found.items()}


#: A segment's table and the documents deleted from that segment since it was read.
TableView = tuple[CompletionTable, frozenset[int]]


def _prefixes(typed: str) -> list[tuple[str, str]]:
    """(words kept in front, key prefix to complete) for what was typed, best first.

    The whole text is completed first ("jumeau num" → "jumeau numérique"); then only its last
    word, the words before it kept ("soudure numé" → "soudure numériques").
    """
    first, _, rest = typed.strip().partition(" ")
    _, bare = strip_clitics(normalise_word(first), Language.FRENCH)
    typed = f"{first[len(first) - len(bare) :]} {rest}".strip()
    whole = completion_key(typed)
    if not whole:
        return []
    found = [("", whole)]
    head, _, last = typed.rpartition(" ")
    last_key = completion_key(last)
    if head.strip() and last_key and last_key != whole:
        found.append((head.strip() + " ", last_key))
    return found


def complete(
    tables: Sequence[TableView], typed: str, limit: int = DEFAULT_LIMIT
) -> list[Completion]:
    """The best ``limit`` completions of ``typed`` found in ``tables``.

    After the completions of the whole text come those of its last word (words said only),
    the words before it kept.
    """
    found: list[Completion] = []
    seen: set[tuple[CompletionKind, str]] = set()
    for kept, prefix in _prefixes(typed):
        # A few more than needed: some may only be held by deleted replays.
        for (kind, text), alive in _ranked(tables, prefix, limit * 4):
            if len(found) == limit:
                return found
            shown = kept + text
            if (kept and kind is not CompletionKind.WORD) or not alive:
                continue
            if (kind, fold(shown)) not in seen:
                seen.add((kind, fold(shown)))
                found.append(Completion(shown, kind))
    return found


def _ranked(
    tables: Sequence[TableView], prefix: str, size: int
) -> list[tuple[tuple[CompletionKind, str], bool]]:
    """The ``size`` entries starting with ``prefix`` held by the most replays, and whether any
    of those replays is still there.

    Replays writing a word differently ("Souveraineté" at the start of a sentence) count
    together, shown in lower case when one writes it so.
    """
    counts: Counter[tuple[CompletionKind, str]] = Counter()
    forms: dict[tuple[CompletionKind, str], Counter[str]] = {}
    places: dict[tuple[CompletionKind, str], list[tuple[tuple[int, ...], frozenset[int]]]] = {}
    for table, deleted in tables:
        for kind, text, docnums in table.starting_with(prefix):
            entry = (kind, text.casefold())
            counts[entry] += len(docnums)
            forms.setdefault(entry, Counter())[text] += len(docnums)
            places.setdefault(entry, []).append((docnums, deleted))
    best = nsmallest(
        size,
        counts,
        key=lambda entry: (-counts[entry] * KIND_WEIGHT[entry[0]], len(entry[1]), entry[1]),
    )
    return [
        (
            (entry[0], _shown(forms[entry])),
            any(not deleted.issuperset(docnums) for docnums, deleted in places[entry]),
        )
        for entry in best
    ]


def _shown(forms: Counter[str]) -> str:
    """The lower-case form when there is one, else the one most replays write."""
    lower = [form for form in forms if form == form.lower()]
    return lower[0] if lower else forms.most_common(1)[0][0]
