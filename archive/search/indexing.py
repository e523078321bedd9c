"""From the catalogue to the search index: the documents of one replay, and full rebuilds."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator

from sqlalchemy.orm import selectinload

from archive.extensions import db
from archive.models import Replay, ReplayStatus
from archive.search.access import search_index
from archive.search.engine.documents import MomentDoc, ReplayDoc


def replay_document(replay: Replay) -> ReplayDoc:
    """The search documents of one replay: its metadata, chapters and every cue of every
    transcript track, each searched in its own language."""
    transcript = replay.transcript
    moments = [
        MomentDoc(
            cue_id=cue.id,
            start=cue.start,
            end=cue.end,
            text=cue.text,
            speaker=cue.speaker.name if cue.speaker else cue.speaker_name,
            language=track.language,
        )
        for track in replay.tracks
        for cue in track.cues
    ]
    return ReplayDoc(
        replay_id=replay.id,
        title=replay.title,
        description=replay.description or "",
        language=(transcript.language if transcript else replay.language) or "fr",
        visibility=str(replay.visibility),
        event=replay.event.name if replay.event else None,
        event_slug=replay.event.slug if replay.event else None,
        year=replay.year,
        speakers=[s.name for s in replay.speakers],
        themes=[t.name for t in replay.themes],
        session_type=str(replay.session_type),
        moments=moments,
        chapters=[chapter.title for chapter in sorted(replay.chapters, key=lambda c: c.start)],
    )


def index_replay(replay_id: str) -> None:
    """Bring one replay's documents up to date: replaced when published, removed otherwise."""
    index = search_index()
    replay = db.session.get(Replay, replay_id)
    if replay is None or replay.status != ReplayStatus.PUBLISHED:
        index.delete_replay(replay_id)
        return
    index.replace_replay(replay_document(replay))


def published_documents() -> Iterator[ReplayDoc]:
    """Every published replay's documents, for a full rebuild."""
    query = (
        db.select(Replay)
        .where(Replay.status == ReplayStatus.PUBLISHED)
        .options(
            selectinload(Replay.transcripts),
            selectinload(Replay.speakers),
            selectinload(Replay.chapters),
        )
        .execution_options(yield_per=100)
    )
    for replay in db.session.scalars(query):
        yield replay_document(replay)


def fingerprint(doc: ReplayDoc) -> str:
    """A digest of everything the index holds of one replay: equal digests, equal documents."""
    canonical = json.dumps(dataclasses.asdict(doc), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def published_fingerprints() -> dict[str, str]:
    """The fingerprint of every published replay's documents, by replay id."""
    return {doc.replay_id: fingerprint(doc) for doc in published_documents()}


def rebuild_index() -> int:
    """Rebuild the whole index from the database; returns the number of replays indexed."""
    return search_index().rebuild(published_documents())
