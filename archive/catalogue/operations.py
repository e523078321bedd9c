"""Catalogue operations shared by the CLI, the editor forms and the demo."""

from __future__ import annotations

import re

from sqlalchemy import update

from archive.extensions import db
from archive.models import Event, Replay, Speaker, Theme, replay_speakers
from archive.text import fold, slugify


def get_or_create_event(name: str, **details: object) -> Event:
    """The event with this name, created when missing."""
    slug = slugify(name)
    event = db.session.scalar(db.select(Event).where(Event.slug == slug))
    if event is None:
        year = re.search(r"\b(19|20)\d\d\b", name)
        details.setdefault("year", int(year.group()) if year else None)
        event = Event(slug=slug, name=name.strip()[:200], **details)
        db.session.add(event)
    return event


def get_or_create_speaker(name: str, **details: object) -> Speaker:
    """The speaker with this name, created when missing."""
    slug = slugify(name)
    speaker = db.session.scalar(db.select(Speaker).where(Speaker.slug == slug))
    if speaker is None:
        speaker = Speaker(slug=slug, name=name.strip()[:200], **details)
        db.session.add(speaker)
    return speaker


def get_or_create_theme(name: str) -> Theme:
    """The theme with this name, created when missing."""
    slug = slugify(name)
    theme = db.session.scalar(db.select(Theme).where(Theme.slug == slug))
    if theme is None:
        theme = Theme(slug=slug, name=name.strip()[:200])
        db.session.add(theme)
    return theme


def match_speaker(speakers: list[Speaker], name: str | None) -> Speaker | None:
    """The speaker a transcript name designates: the same name, else a unique surname."""
    if not name or not name.strip():
        return None
    key = fold(name).strip()
    for speaker in speakers:
        if fold(speaker.name) == key:
            return speaker
    surname = key.split()[-1]
    candidates = [s for s in speakers if fold(s.name).split()[-1:] == [surname]]
    return candidates[0] if len(candidates) == 1 else None


def set_speakers(replay: Replay, speakers: list[Speaker]) -> None:
    """Make ``speakers`` the replay's speakers, keeping their order on the replay's pages."""
    replay.speakers = speakers
    db.session.flush()
    for position, speaker in enumerate(speakers):
        db.session.execute(
            update(replay_speakers)
            .where(replay_speakers.c.replay_id == replay.id)
            .where(replay_speakers.c.speaker_id == speaker.id)
            .values(position=position)
        )
