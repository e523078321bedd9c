"""A replay's speakers as the editor lists them: who, in which order, with role and photo."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import FileStorage

from archive.catalogue.operations import get_or_create_speaker, match_speaker, set_speakers
from archive.editor.photos import store_photo
from archive.models import Replay, Speaker


@dataclass(frozen=True)
class SpeakerInput:
    """One speaker row of the details form."""

    name: str
    role_title: str = ""
    organisation: str = ""
    photo: FileStorage | None = None
    remove_photo: bool = False


def apply_speakers(replay: Replay, rows: list[SpeakerInput]) -> list[str]:
    """Make ``rows`` the replay's speakers, in order; returns photo keys no longer used."""
    speakers: list[Speaker] = []
    dropped: list[str] = []
    for row in rows:
        if not row.name.strip():
            continue
        speaker = get_or_create_speaker(row.name)
        if speaker in speakers:
            continue
        # A speaker is shared by every replay they appear in: role and organisation are theirs.
        speaker.role_title = row.role_title.strip()[:200] or None
        speaker.organisation = row.organisation.strip()[:200] or None
        if row.photo is not None and row.photo.filename:
            old = speaker.photo_key
            speaker.photo_key = store_photo(row.photo, speaker.slug)
            dropped += [old] if old else []
        elif row.remove_photo and speaker.photo_key:
            dropped.append(speaker.photo_key)
            speaker.photo_key = None
        speakers.append(speaker)
    set_speakers(replay, speakers)
    relink_cue_speakers(replay)
    return dropped


def relink_cue_speakers(replay: Replay) -> None:
    """Point each transcript line at the replay speaker its name designates, if any."""
    transcript = replay.transcript
    if transcript is None:
        return
    for cue in transcript.cues:
        cue.speaker = match_speaker(replay.speakers, cue.speaker_name)
