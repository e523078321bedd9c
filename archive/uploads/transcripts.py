"""Attach an uploaded transcript to a replay, linking cue speakers to the replay's speakers."""

from __future__ import annotations

from functools import partial

from archive.catalogue.operations import match_speaker
from archive.models import Replay, Transcript, TranscriptOrigin
from archive.tracks import attach_cues
from archive.transcripts import ParsedTranscript


def attach_transcript(
    replay: Replay,
    parsed: ParsedTranscript,
    language: str,
    *,
    origin: TranscriptOrigin = TranscriptOrigin.UPLOADED,
) -> Transcript:
    """Make ``parsed`` the replay's track in ``language``, replacing that language's track."""
    speakers = list(replay.speakers)  # loaded before the new rows exist, so no early flush
    return attach_cues(
        replay,
        parsed.cues,
        language,
        source_format=parsed.format,
        origin=origin,
        speaker_of=partial(match_speaker, speakers),
    )
