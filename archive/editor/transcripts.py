"""Uploading a transcript track to a replay, or replacing one language's; the index follows."""

from __future__ import annotations

from pathlib import PurePath

from werkzeug.datastructures import FileStorage

from archive.extensions import db
from archive.models import Replay, Transcript
from archive.processing.reindex import replay_changed
from archive.sentences import N_
from archive.transcripts import parse_transcript_bytes
from archive.uploads.transcripts import attach_transcript

#: A transcript of a full day of talks is a few megabytes; anything bigger is a wrong file.
MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024


class TranscriptUploadError(ValueError):
    """The upload is not a transcript we can read; the message is one sentence."""


def replace_transcript(replay: Replay, upload: FileStorage | None, language: str) -> Transcript:
    """Parse the file and make it the replay's track in ``language`` (replacing that one).

    Raises :class:`archive.transcripts.TranscriptError` (``file:line: reason``) when the file
    is not a valid transcript, and nothing changes.
    """
    if not upload or not upload.filename:
        raise TranscriptUploadError(N_("Choose a transcript file to upload."))
    name = PurePath(upload.filename.replace("\\", "/")).name[:200] or "transcript"
    data = upload.stream.read(MAX_TRANSCRIPT_BYTES + 1)
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptUploadError(N_("%(name)s: the file is larger than 20 MB.") % {"name": name})
    parsed = parse_transcript_bytes(data, name)
    transcript = attach_transcript(replay, parsed, language)
    db.session.commit()
    replay_changed(replay.id)
    return transcript


def remove_track(replay: Replay, language: str) -> bool:
    """Remove the replay's track in ``language``; False when it has none. Captions, the
    transcript and search follow."""
    rows = [t for t in replay.transcripts if t.language == language]
    for row in rows:
        replay.transcripts.remove(row)
    db.session.commit()
    replay_changed(replay.id)
    return bool(rows)
