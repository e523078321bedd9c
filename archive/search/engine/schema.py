"""The index's fields: one moment document per cue, one replay document per replay.

Every document carries its replay's id and what the filters and facets need; only replay
documents have a ``doc_id`` (to find them again) and the replay details shown in groups,
which keeps the many moment documents small.

Moment text goes to the field of its transcript's language (``text_fr`` or ``text_en``) so
each is analysed, and each query word re-analysed, with its own language's rules. Replay
metadata goes to ``title_<lang>`` and ``meta_<lang>``; what names a replay (title, speakers,
event, themes, chapters, session type) also goes to ``names_<lang>``, which fielded matching
reads (see :mod:`archive.search.engine.moments`). Filters are untokenised ID fields; facets
read compact per-document columns holding ``value<US>label``; each moment's start time is a
column too, for passages. A replay document keeps its completion entries (suggestions as you
type, see :mod:`archive.search.engine.completion`) in a column: not indexed, so that they add
nothing to the term table every lookup searches, nor stored, which every replay hit reads.
"""

from __future__ import annotations

import enum

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from archive.search.engine.analysis import LANGUAGES, Language, TranscriptAnalyzer

#: Separates a facet's value from its label inside a facet column.
FACET_SEPARATOR = "\x1f"
#: Separates the folded and the written form of a word in the ``accents`` field.
ACCENT_SEPARATOR = "|"


class Facet(enum.StrEnum):
    """The facets counted over a whole result set, each read from its own column."""

    EVENT = "event"
    YEAR = "year"
    SPEAKER = "speaker"
    LANGUAGE = "language"


#: The catalogue's visibilities; a document with any other value is indexed as private.
VISIBILITIES = ("public", "unlisted", "private")
#: The column counting matching moments per replay.
REPLAY_COLUMN = "replay_id"
#: The column holding each moment's start time in seconds (0 for replay documents).
START_COLUMN = "moment_start"
#: The column of a replay document's completion entries (kept out of its stored fields, which
#: every replay hit reads).
COMPLETIONS = "completions"


def text_field(language: Language) -> str:
    """The field holding the words said in a transcript of ``language``."""
    return f"text_{language.value}"


def title_field(language: Language) -> str:
    """The field holding a replay title in ``language``."""
    return f"title_{language.value}"


def meta_field(language: Language) -> str:
    """The field holding a replay's description, speakers, event and themes."""
    return f"meta_{language.value}"


def names_field(language: Language) -> str:
    """The field holding what names a replay: title, speakers, event, themes, chapters."""
    return f"names_{language.value}"


def spelling_field(visibility: str) -> str:
    """The field of folded, unstemmed words of the replays with ``visibility``."""
    return f"spell_{visibility}"


def facet_column(facet: Facet) -> str:
    """The column a facet is counted from."""
    return f"facet_{facet.value}"


def build_schema() -> Schema:
    """A fresh schema; the analysers are pickled with it in the index."""
    fields: dict[str, object] = {
        "doc_id": ID(unique=True, stored=True),
        "replay_id": ID(stored=True, sortable=columns.RefBytesColumn()),
        "cue_id": STORED(),
        "start": STORED(),
        "end": STORED(),
        "text": STORED(),
        "title": STORED(),
        "speaker": STORED(),
        "event": STORED(),
        "speaker_key": ID(),
        "event_slug": ID(stored=True),
        "year": ID(stored=True),
        "language": ID(stored=True),
        "visibility": ID(stored=True),
        "session_type": STORED(),
        "description": STORED(),
        "speakers": STORED(),
        "accents": KEYWORD(lowercase=False, scorable=False),
        START_COLUMN: COLUMN(columns.NumericColumn("f")),
        COMPLETIONS: COLUMN(columns.CompressedBytesColumn()),
    }
    for language in LANGUAGES:
        analyzer = TranscriptAnalyzer(language)
        fields[text_field(language)] = TEXT(analyzer=analyzer, phrase=True)
        fields[title_field(language)] = TEXT(analyzer=analyzer, phrase=True, field_boost=2.0)
        fields[meta_field(language)] = TEXT(analyzer=analyzer, phrase=True)
        fields[names_field(language)] = TEXT(analyzer=analyzer, phrase=True)
    for visibility in VISIBILITIES:
        fields[spelling_field(visibility)] = KEYWORD(lowercase=False, scorable=False)
    for facet in Facet:
        fields[facet_column(facet)] = COLUMN(columns.RefBytesColumn())
    return Schema(**fields)
