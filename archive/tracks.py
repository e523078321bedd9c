"""Transcript tracks of a replay: one current track per language, replaced as a whole.

Uploads, the editor and speech to text all store a track through ``attach_cues``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from archive.extensions import db
from archive.models import Cue, Replay, Speaker, Transcript, TranscriptOrigin
from archive.transcripts import CueLike

#: Finds the replay speaker a cue's speaker name stands for.
SpeakerMatcher = Callable[[str | None], Speaker | None]


def attach_cues(
    replay: Replay,
    cues: Sequence[CueLike],
    language: str,
    *,
    source_format: str,
    origin: TranscriptOrigin,
    speaker_of: SpeakerMatcher | None = None,
    model_name: str | None = None,
    machine_translation: bool = False,
    uncertain: Sequence[list[list[int]] | None] | None = None,
) -> Transcript:
    """Make ``cues`` the replay's track in ``language``, replacing that language's track.

    ``uncertain`` gives, cue by cue, the character spans of words the engine was unsure of.
    """
    for old in [t for t in replay.transcripts if t.language == language]:
        replay.transcripts.remove(old)
    transcript = Transcript(
        replay=replay,
        language=language,
        source_format=source_format,
        origin=origin,
        model_name=model_name,
        machine_translation=machine_translation,
    )
    db.session.add(transcript)
    for position, cue in enumerate(cues):
        transcript.cues.append(
            Cue(
                position=position,
                start=cue.start,
                end=cue.end,
                text=cue.text,
                speaker_name=cue.speaker,
                speaker=speaker_of(cue.speaker) if speaker_of else None,
                uncertain=(uncertain[position] or None) if uncertain else None,
            )
        )
    return transcript
