"""``/api/v1/replays/<id>/transcripts/<language>``: upload, replace or delete a transcript track.

The body is the file itself (``text/vtt``, ``application/x-subrip`` or ``text/plain``) or a
``multipart/form-data`` form with a ``transcript`` file, read by the editor's own upload
operation: the same parser, the same speaker matching, the same reindexing.
"""

from __future__ import annotations

from flask import request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from archive.api import bp
from archive.api.errors import ApiError
from archive.api.guards import editable_replay
from archive.editor.audit import record
from archive.editor.transcripts import (
    MAX_TRANSCRIPT_BYTES,
    TranscriptUploadError,
    remove_track,
    replace_transcript,
)
from archive.models.audit import AuditAction
from archive.playback.transcript_files import track_json
from archive.transcripts import TranscriptError
from archive.transcripts.languages import LANGUAGES
from archive.uploads.limits import display_name, transcript_suffix

#: Media types of a transcript sent as the request body, with the file name they stand for.
MEDIA_TYPES = {
    "text/vtt": "transcript.vtt",
    "application/x-subrip": "transcript.srt",
    "text/srt": "transcript.srt",
    "text/plain": "transcript.txt",
}


@bp.put("/replays/<replay_id>/transcripts/<language>")
def put_transcript(replay_id: str, language: str) -> ResponseReturnValue:
    """Make the file the replay's track in ``language``; 201 when new, 200 when replaced."""
    replay = editable_replay(replay_id, "upload transcripts")
    _check_language(language)
    if (request.content_length or 0) > MAX_TRANSCRIPT_BYTES + 64 * 1024:
        raise ApiError("The transcript must be under 20 MB.", 413)
    upload = _transcript_file()
    existed = replay.track(language) is not None
    try:
        track = replace_transcript(replay, upload, language)
    except TranscriptError as err:
        where = f"line {err.line}: " if err.line is not None else ""
        raise ApiError(
            f"The transcript {err.filename!r} is invalid: {where}{err.reason.rstrip('.')}.", 422
        ) from None
    except TranscriptUploadError as err:
        # A file is always given here: what is left is a body larger than the limit.
        raise ApiError(str(err), 413) from None
    record(
        AuditAction.TRANSCRIPT,
        f"Uploaded a transcript of {len(track.cues)} lines ({track.source_format}).",
        replay=replay,
    )
    answer = track_json(replay, track)
    location = url_for("api.put_transcript", replay_id=replay.id, language=language)
    return answer, 200 if existed else 201, {"Location": location}


@bp.delete("/replays/<replay_id>/transcripts/<language>")
def delete_transcript(replay_id: str, language: str) -> ResponseReturnValue:
    """Remove the replay's track in ``language``; captions, transcript and search follow."""
    replay = editable_replay(replay_id, "delete transcripts")
    _check_language(language)
    if not remove_track(replay, language):
        raise ApiError(f"This replay has no transcript in {language!r}.", 404)
    record(AuditAction.TRANSCRIPT, f"Deleted the {language} transcript track.", replay=replay)
    return "", 204


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ApiError(
            f"{language!r} is not a transcript language of this archive; "
            f"use one of {', '.join(LANGUAGES)}.",
            404,
        )


def _transcript_file() -> FileStorage:
    """The transcript sent: a form's ``transcript`` file, or the body named by its type."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("transcript")
        if upload is None or not upload.filename:
            raise ApiError("The form has no 'transcript' file.")
        transcript_suffix(upload.filename)  # 415 unless a .vtt, .srt or .txt file
        upload.filename = display_name(upload.filename)
        return upload
    name = MEDIA_TYPES.get(request.mimetype)
    if name is None:
        raise ApiError(
            "Send the transcript as text/vtt, application/x-subrip or text/plain, "
            "or as the 'transcript' file of a multipart/form-data form.",
            415,
        )
    return FileStorage(stream=request.stream, filename=name, content_type=request.mimetype)
