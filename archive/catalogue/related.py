"""Replays related to one another, and a speaker's moments in transcripts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from archive.catalogue.listing import replays_for_cards
from archive.extensions import db
from archive.models import Cue, Replay, ReplayStatus, Speaker, Theme, Transcript

#: Why two replays are related, by weight: a shared speaker says most about a session.
SPEAKER_WEIGHT, THEME_WEIGHT, EVENT_WEIGHT = 3, 2, 1
CANDIDATES = 60


def related_replays(replay: Replay, limit: int = 6) -> list[Replay]:
    """Listed, published replays sharing speakers, themes or the event, most related first."""
    speaker_ids = {s.id for s in replay.speakers}
    theme_ids = {t.id for t in replay.themes}
    links = [
        Replay.speakers.any(Speaker.id.in_(speaker_ids)),
        Replay.themes.any(Theme.id.in_(theme_ids)),
    ]
    if replay.event_id is not None:
        links.append(Replay.event_id == replay.event_id)
    query = (
        replays_for_cards()
        .options(selectinload(Replay.themes))
        .where(Replay.id != replay.id, Replay.status == ReplayStatus.PUBLISHED, or_(*links))
        .limit(CANDIDATES)
    )
    candidates = db.session.scalars(query).all()

    def score(other: Replay) -> int:
        shared_speakers = len(speaker_ids & {s.id for s in other.speakers})
        shared_themes = len(theme_ids & {t.id for t in other.themes})
        same_event = int(other.event_id is not None and other.event_id == replay.event_id)
        return (
            shared_speakers * SPEAKER_WEIGHT
            + shared_themes * THEME_WEIGHT
            + same_event * EVENT_WEIGHT
        )

    return sorted(candidates, key=lambda other: -score(other))[:limit]


@dataclass(frozen=True)
class Moment:
    """A line a speaker said, in a replay, at a time."""

    replay: Replay
    start: float
    text: str


def speaker_moments(speaker: Speaker, replays: list[Replay], limit: int = 12) -> list[Moment]:
    """The first lines this speaker said in each of these replays, a few per replay."""
    published = {r.id: r for r in replays if r.status == ReplayStatus.PUBLISHED}
    if not published:
        return []
    current = (
        db.select(func.max(Transcript.id))
        .where(Transcript.replay_id.in_(published))
        .group_by(Transcript.replay_id)
    )
    rows = db.session.execute(
        db.select(Transcript.replay_id, Cue.start, Cue.text)
        .join(Cue.transcript)
        .where(Cue.speaker_id == speaker.id, Transcript.id.in_(current))
        .order_by(Transcript.replay_id, Cue.start)
    ).all()
    per_replay: dict[str, int] = {}
    moments: list[Moment] = []
    share = max(1, limit // len(published))
    for replay_id, start, text in rows:
        if per_replay.get(replay_id, 0) < share and len(text) > 20:
            per_replay[replay_id] = per_replay.get(replay_id, 0) + 1
            moments.append(Moment(published[replay_id], start, text))
    return moments[:limit]
