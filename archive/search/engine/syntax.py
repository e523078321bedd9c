"""The query language users type, parsed without ever failing.

* words are ANDed: ``usine énergie``;
* ``"exact phrases"`` (also « guillemets » and “curly quotes”);
* ``OR`` (or ``|``) between two items makes them alternatives: ``hydrogène OR électricité``;
* ``-word`` or ``-"a phrase"`` (or ``NOT word``) excludes;
* ``*`` and ``?`` inside a word are wildcards; a word starting with one is ignored.

Anything else is read as words: unbalanced quotes, lone ``-``, ``OR OR``, brackets and
symbols never raise. Queries are cut to :data:`MAX_QUERY_CHARS` characters and
:data:`MAX_ITEMS` items so that their cost stays bounded.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_ITEMS = 32

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"'})
_TOKEN = re.compile(r'(?P<neg>[-\u2212]?)(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))')
_WILDCARDS = frozenset("*?")


class ItemKind(enum.StrEnum):
    """What one item of a query asks for."""

    WORD = "word"
    PHRASE = "phrase"
    WILDCARD = "wildcard"


@dataclass(frozen=True)
class Item:
    """One word, phrase or wildcard pattern as typed."""

    kind: ItemKind
    text: str


@dataclass(frozen=True)
class ParsedQuery:
    """Groups that must all match (each group: alternatives), and items that must not."""

    groups: list[list[Item]] = field(default_factory=list)
    excluded: list[Item] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing positive is asked for: such a query matches nothing."""
        return not self.groups


def _item(text: str, quoted: bool) -> Item | None:
    text = text.strip()
    if not re.search(r"\w", text):
        return None
    if quoted:
        return Item(ItemKind.PHRASE, text)
    if _WILDCARDS & set(text):
        return Item(ItemKind.WILDCARD, text)
    return Item(ItemKind.WORD, text)


def _tokens(q: str) -> list[tuple[bool, Item | str]]:
    """(negated, item-or-operator) pairs; an unclosed quote is read as plain words."""
    q = q[:MAX_QUERY_CHARS].translate(_QUOTES)
    if q.count('"') % 2:
        last = q.rfind('"')
        q = q[:last] + " " + q[last + 1 :]
    tokens: list[tuple[bool, Item | str]] = []
    for match in _TOKEN.finditer(q):
        negated = bool(match.group("neg"))
        word = match.group("word")
        if word in ("OR", "|", "AND", "&&", "||", "NOT") and not negated:
            tokens.append((False, "OR" if word in ("OR", "|", "||") else word))
            continue
        item = _item(match.group("phrase") or word or "", quoted=match.group("phrase") is not None)
        if item is not None:
            tokens.append((negated, item))
    return tokens


def parse(q: str) -> ParsedQuery:
    """Parse a user query; never raises, whatever the input."""
    parsed = ParsedQuery()
    pending_or = pending_not = False
    count = 0
    for negated, token in _tokens(q):
        if isinstance(token, str):
            pending_or = token == "OR" and bool(parsed.groups)
            pending_not = token == "NOT"
            continue
        if count >= MAX_ITEMS:
            break
        count += 1
        if negated or pending_not:
            parsed.excluded.append(token)
        elif pending_or:
            parsed.groups[-1].append(token)
        else:
            parsed.groups.append([token])
        pending_or = pending_not = False
    return parsed
