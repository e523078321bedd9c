"""Attach a parsed transcript to a replay, linking cue speakers to the replay's speakers."""

from __future__ import annotations

from archive.catalogue.operations import match_speaker
from archive.extensions import db
from archive.models import Cue, Replay, Transcript
from archive.transcripts import ParsedTranscript


def attach_transcript(replay: Replay, parsed: ParsedTranscript, language: str) -> Transcript:
    """Make ``parsed`` the replay's current transcript."""
    speakers = list(replay.speakers)  # loaded before the new rows exist, so no early flush
    transcript = Transcript(replay=replay, language=language, source_format=parsed.format)
    db.session.add(transcript)
    for position, cue in enumerate(parsed.cues):
        transcript.cues.append(
            Cue(
                position=position,
                start=cue.start,
                end=cue.end,
                text=cue.text,
                speaker_name=cue.speaker,
                speaker=match_speaker(speakers, cue.speaker),
            )
        )
    return transcript
