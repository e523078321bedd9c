"""Attach a parsed transcript to a replay, linking cue speakers to the replay's speakers."""

from __future__ import annotations

from archive.extensions import db
from archive.models import Cue, Replay, Speaker, Transcript
from archive.text import fold
from archive.transcripts import ParsedTranscript


def attach_transcript(replay: Replay, parsed: ParsedTranscript, language: str) -> Transcript:
    """Make ``parsed`` the replay's current transcript."""
    by_name = {fold(s.name): s for s in replay.speakers}
    transcript = Transcript(replay=replay, language=language, source_format=parsed.format)
    for position, cue in enumerate(parsed.cues):
        transcript.cues.append(
            Cue(
                position=position,
                start=cue.start,
                end=cue.end,
                text=cue.text,
                speaker_name=cue.speaker,
                speaker=_match(by_name, cue.speaker),
            )
        )
    db.session.add(transcript)
    return transcript


def _match(by_name: dict[str, Speaker], name: str | None) -> Speaker | None:
    """The replay speaker a cue names: exact folded name, else a unique surname match."""
    if not name:
        return None
    key = fold(name).strip()
    if key in by_name:
        return by_name[key]
    candidates = [s for k, s in by_name.items() if k.split()[-1:] == key.split()[-1:]]
    return candidates[0] if len(candidates) == 1 else None
