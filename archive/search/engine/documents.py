"""What the app hands the index (plain dataclasses) and the Whoosh documents made from them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from archive.search.engine.analysis import Language, language_of, spelling_words
from archive.search.engine.folding import fold
from archive.search.engine.schema import (
    ACCENT_SEPARATOR,
    FACET_SEPARATOR,
    VISIBILITIES,
    Facet,
    facet_column,
    meta_field,
    spelling_field,
    text_field,
    title_field,
)


@dataclass(frozen=True)
class MomentDoc:
    """One transcript cue: what was said, when, and by whom."""

    cue_id: int
    start: float
    end: float
    text: str
    speaker: str | None


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
    }
    if moment.speaker:
        key = speaker_key(moment.speaker)
        fields["speaker_key"] = key
        fields[facet_column(Facet.SPEAKER)] = _facet_value(key, moment.speaker)
    return fields


def _vocabulary(doc: ReplayDoc, language: Language) -> tuple[str, str]:
    """The replay's words for spelling suggestions, and its accented words' folded forms."""
    texts = [doc.title, doc.description, *doc.themes, *(m.text for m in doc.moments)]
    folded_words: set[str] = set()
    accents: set[str] = set()
    for text in texts:
        for folded, written in spelling_words(text, language):
            folded_words.add(folded)
            if folded != written:
                accents.add(f"{folded}{ACCENT_SEPARATOR}{written}")
    return " ".join(sorted(folded_words)), " ".join(sorted(accents))


def _replay_fields(doc: ReplayDoc, language: Language) -> dict[str, Any]:
    spelling, accents = _vocabulary(doc, language)
    meta = "\n".join([doc.description, *doc.speakers, doc.event or "", *doc.themes])
    return {
        "doc_id": replay_doc_id(doc.replay_id),
        "event": doc.event or "",
        "session_type": doc.session_type or "",
        "description": doc.description,
        "speakers": list(doc.speakers),
        title_field(language): doc.title,
        meta_field(language): meta,
        spelling_field(_visibility(doc)): spelling,
        "accents": accents,
    }


def whoosh_documents(doc: ReplayDoc) -> Iterator[dict[str, Any]]:
    """The replay document, then one moment document per cue, as Whoosh field dicts."""
    language = language_of(doc.language)
    shared = _shared_fields(doc, language)
    yield {**shared, **_replay_fields(doc, language)}
    for moment in doc.moments:
        if moment.text.strip():
            yield {**shared, **_moment_fields(doc, moment, language)}
