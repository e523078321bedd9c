"""Transcript tracks as files: WebVTT for players, SubRip and plain text for people to download.

Made from the cue rows on each request (never stored), behind the same visibility policy as
the replay page: a visitor who may not see the replay gets 404.
"""

from __future__ import annotations

from flask import Response, abort, url_for
from flask.typing import ResponseReturnValue

from archive.accounts.access import can_view
from archive.extensions import db
from archive.models import Replay, Transcript
from archive.playback import bp
from archive.transcripts import ParsedCue, write_srt, write_text, write_webvtt

#: File formats by extension: writer and media type.
FORMATS = {
    "vtt": (write_webvtt, "text/vtt"),
    "srt": (write_srt, "application/x-subrip"),
    "txt": (write_text, "text/plain"),
}


def track_cues(transcript: Transcript) -> list[ParsedCue]:
    """A track's cues as the writers take them, speakers named as the catalogue names them."""
    return [
        ParsedCue(c.start, c.end, c.text, c.speaker.name if c.speaker else c.speaker_name)
        for c in transcript.cues
    ]


def track_url(replay: Replay, language: str, extension: str = "vtt") -> str:
    """The URL of one track of the replay in one format."""
    return url_for(
        "playback.transcript_file", replay_id=replay.id, language=language, extension=extension
    )


def track_json(replay: Replay, transcript: Transcript) -> dict[str, object]:
    """One transcript track as the API lists it."""
    return {
        "language": transcript.language,
        "origin": str(transcript.origin),
        "machine_translation": transcript.machine_translation,
        "url": track_url(replay, transcript.language),
        "downloads": {ext: track_url(replay, transcript.language, ext) for ext in ("srt", "txt")},
    }


@bp.route("/replays/<replay_id>/transcripts/<language>.<extension>")
def transcript_file(replay_id: str, language: str, extension: str) -> ResponseReturnValue:
    """One transcript track of a replay the visitor may see, as WebVTT, SRT or text."""
    replay = db.session.get(Replay, replay_id)
    if replay is None or not can_view(replay) or extension not in FORMATS:
        abort(404)
    transcript = replay.track(language)
    if transcript is None or not transcript.cues:
        abort(404)
    write, media_type = FORMATS[extension]
    response = Response(write(track_cues(transcript)), mimetype=media_type)
    response.headers["Cache-Control"] = "private, max-age=60"
    if extension != "vtt":
        filename = f"{replay.id}.{language}.{extension}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
