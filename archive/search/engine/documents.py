"""What the app hands the index (plain dataclasses) and the Whoosh documents made from them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from archive.search.engine.analysis import Language, language_of, spelling_words
from archive.search.engine.completion import (
    CompletionKind,
    SaidForms,
    completion_entries,
    said_forms,
)
from archive.search.engine.folding import fold
from archive.search.engine.schema import (
    ACCENT_SEPARATOR,
    COMPLETIONS,
    FACET_SEPARATOR,
    START_COLUMN,
    VISIBILITIES,
    Facet,
    facet_column,
    meta_field,
    names_field,
    spelling_field,
    text_field,
    title_field,
)

#: Words that name each session type, in both languages, for fielded matching.
SESSION_TYPE_WORDS = {
    "keynote": "keynote",
    "masterclass": "masterclass",
    "round_table": "round table, table ronde",
    "talk": "talk",
    "interview": "interview",
}


@dataclass(frozen=True)
class MomentDoc:
    """One transcript cue: what was said, when, and by whom."""

    cue_id: int
    start: float
    end: float
    text: str
    speaker: str | None
    #: the language of the words (their track's); None: the replay's language
    language: str | None = None


@dataclass(frozen=True)
class ReplayDoc:
    """One replay as the catalogue knows it, with every cue of its transcript."""

    replay_id: str
    title: str
    description: str
    language: str
    visibility: str  # "public" | "unlisted" | "private"
    event: str | None
    event_slug: str | None
    year: int | None
    speakers: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    session_type: str | None = None
    moments: list[MomentDoc] = field(default_factory=list)
    #: chapter titles, in order
    chapters: list[str] = field(default_factory=list)


def speaker_key(name: str) -> str:
    """The filter key of a speaker name: "Élodie  GARNIER" and "elodie garnier" are one."""
    return re.sub(r"\s+", " ", fold(name)).strip()


def replay_doc_id(replay_id: str) -> str:
    """The unique id of a replay document."""
    return f"replay:{replay_id}"


def _visibility(doc: ReplayDoc) -> str:
    """The replay's visibility; anything unknown is treated as private."""
    return doc.visibility if doc.visibility in VISIBILITIES else "private"


def _facet_value(value: str, label: str) -> bytes:
    return f"{value}{FACET_SEPARATOR}{label}".encode()


def _shared_fields(doc: ReplayDoc, language: Language) -> dict[str, Any]:
    """Fields every document of a replay carries, for filters, facets and display."""
    year = str(doc.year) if doc.year is not None else ""
    fields: dict[str, Any] = {
        "replay_id": doc.replay_id,
        "title": doc.title,
        "event_slug": doc.event_slug or "",
        "year": year,
        "language": language.value,
        "visibility": _visibility(doc),
        facet_column(Facet.LANGUAGE): _facet_value(language.value, language.value),
    }
    if doc.event_slug:
        fields[facet_column(Facet.EVENT)] = _facet_value(doc.event_slug, doc.event or "")
    if year:
        fields[facet_column(Facet.YEAR)] = _facet_value(year, year)
    return fields


def _moment_fields(doc: ReplayDoc, moment: MomentDoc, language: Language) -> dict[str, Any]:
    fields = {
        "cue_id": moment.cue_id,
        "start": float(moment.start),
        "end": float(moment.end),
        "text": moment.text,
        "speaker": moment.speaker or "",
        text_field(language): moment.text,
        START_COLUMN: float(moment.start),
    }
    if moment.speaker:
        key = speaker_key(moment.speaker)
        fields["speaker_key"] = key
        fields[facet_column(Facet.SPEAKER)] = _facet_value(key, moment.speaker)
    return fields


def _vocabulary(doc: ReplayDoc, language: Language, said: SaidForms) -> tuple[str, str]:
    """The replay's words for spelling suggestions, and its accented words' folded forms.

    Names (speakers, event, chapters) are re-accented too, for fielded matching, but never
    suggested as corrections.
    """
    folded_words: set[str] = set()
    accents: set[str] = set()
    texts = [doc.title, doc.description, *doc.themes, *said.written]
    names = [*_speakers(doc), doc.event or "", *doc.chapters]
    for spelt, text in [*((True, t) for t in texts), *((False, n) for n in names)]:
        for folded, written in spelling_words(text, language):
            if spelt:
                folded_words.add(folded)
            if folded != written:
                accents.add(f"{folded}{ACCENT_SEPARATOR}{written}")
    return " ".join(sorted(folded_words)), " ".join(sorted(accents))


def _speakers(doc: ReplayDoc) -> list[str]:
    """The replay's speakers, then any other name its cues are said by."""
    names = list(doc.speakers)
    known = {speaker_key(name) for name in names}
    for name in dict.fromkeys(m.speaker for m in doc.moments if m.speaker):
        if speaker_key(name) not in known:
            known.add(speaker_key(name))
            names.append(name)
    return names


def _names(doc: ReplayDoc) -> str:
    """What names the replay, for fielded matching: a query word found here counts as met."""
    session = SESSION_TYPE_WORDS.get(doc.session_type or "", "")
    return "\n".join(
        [doc.title, *_speakers(doc), doc.event or "", *doc.themes, *doc.chapters, session]
    )


def _completions(doc: ReplayDoc, language: Language, said: SaidForms) -> bytes:
    names = [
        *((CompletionKind.SPEAKER, name) for name in _speakers(doc)),
        (CompletionKind.TITLE, doc.title),
        *((CompletionKind.THEME, theme) for theme in doc.themes),
        *([(CompletionKind.EVENT, doc.event)] if doc.event else []),
    ]
    return "\n".join(completion_entries(said, names, language)).encode()


def _replay_fields(doc: ReplayDoc, language: Language) -> dict[str, Any]:
    said = said_forms(moment.text for moment in doc.moments)
    spelling, accents = _vocabulary(doc, language, said)
    meta = "\n".join([doc.description, *doc.speakers, doc.event or "", *doc.themes])
    return {
        "doc_id": replay_doc_id(doc.replay_id),
        "event": doc.event or "",
        "session_type": doc.session_type or "",
        "description": doc.description,
        "speakers": list(doc.speakers),
        title_field(language): doc.title,
        meta_field(language): meta,
        names_field(language): _names(doc),
        spelling_field(_visibility(doc)): spelling,
        COMPLETIONS: _completions(doc, language, said),
        "accents": accents,
    }


def whoosh_documents(doc: ReplayDoc) -> Iterator[dict[str, Any]]:
    """The replay document, then one moment document per cue, as Whoosh field dicts.

    A replay's documents are written together and each track's moments in time order:
    passages (:mod:`archive.search.engine.passages`) find a cue's neighbours by document
    number, a start earlier than the one before marking where the next track begins.
    """
    language = language_of(doc.language)
    shared = _shared_fields(doc, language)
    yield {**shared, **_replay_fields(doc, language)}
    # One transcript track after the other (the replay's language first), each in time order:
    # a cue's neighbours are the cues of its own track.
    tracks = {language_of(m.language or doc.language) for m in doc.moments}
    for track in sorted(tracks, key=lambda t: (t != language, t.value)):
        fields = shared if track == language else _shared_fields(doc, track)
        moments = [m for m in doc.moments if language_of(m.language or doc.language) == track]
        for moment in sorted(moments, key=lambda m: m.start):
            if moment.text.strip():
                yield {**fields, **_moment_fields(doc, moment, track)}
