"""Suggestions as you type, for the search box and ``/api/v1/suggest``: from what the visitor
may see only (the same privacy filter as search: editors are offered more)."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import unquote_to_bytes

from werkzeug.datastructures import MultiDict

from archive.accounts.access import listed_visibilities
from archive.search.access import search_index
from archive.search.engine.completion import Completion
from archive.search.engine.index import IndexUnavailable
from archive.search.indexing import rebuild_index

MAX_PREFIX_CHARS = 100
#: Unicode categories that are not text: controls, surrogates, unassigned and private use.
_NOT_TEXT = frozenset({"Cc", "Cs", "Cn", "Co"})
_NOT_TEXT_MESSAGE = "'q' must be UTF-8 text, without control characters."


class BadPrefix(ValueError):
    """A prefix that cannot be completed; the message is one sentence."""


def parse_prefix(args: MultiDict[str, str], query_string: bytes = b"") -> str:
    """The ``q`` argument of ``/api/v1/suggest``: the beginning of what is being typed.

    ``query_string`` is the request's, undecoded: Werkzeug keeps bytes that are not UTF-8 as
    their ``%XX`` escapes, which would otherwise read as text.
    """
    typed = args.get("q", "")
    if len(typed) > MAX_PREFIX_CHARS:
        raise BadPrefix(f"'q' must be at most {MAX_PREFIX_CHARS} characters.")
    for pair in query_string.split(b"&"):
        try:
            unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadPrefix(_NOT_TEXT_MESSAGE) from None
    if "\ufffd" in typed or any(unicodedata.category(c) in _NOT_TEXT for c in typed):
        raise BadPrefix(_NOT_TEXT_MESSAGE)
    if not any(c.isalnum() for c in typed):
        raise BadPrefix("'q' must be the beginning of a word or a name.")
    return typed


def suggestions(typed: str) -> list[Completion]:
    """Completions of ``typed``; a missing or corrupt index is rebuilt, not an error."""
    index = search_index()
    try:
        return index.complete(typed, listed_visibilities())
    except IndexUnavailable:
        rebuild_index()
        return index.complete(typed, listed_visibilities())


def suggestions_json(found: list[Completion]) -> dict[str, Any]:
    """The contract's JSON for suggestions."""
    return {"suggestions": [{"text": c.text, "kind": c.kind.value} for c in found]}
