"""Serving media: local files streamed by the app, S3 objects through short presigned redirects."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, send_file
from flask.typing import ResponseReturnValue

from archive import services
from archive.accounts.access import can_view
from archive.extensions import db
from archive.models import Replay, ReplayStatus
from archive.ops.xaccel import x_accel_response
from archive.params import BadParameter
from archive.playback import bp
from archive.playback.signing import token_allows
from archive.playback.transcript_files import track_cues
from archive.playback.urls import CAPTIONS_KEY, replay_urls
from archive.storage import InvalidKey, LocalStorage, ObjectNotFound, validate_key
from archive.storage.content_types import content_type_for
from archive.transcripts import write_webvtt

#: Presigned redirects live one minute: a replay turned private stops being served within it.
REDIRECT_TTL_S = 60


def _allowed_replay(replay_id: str, token: str) -> Replay:
    replay = db.session.get(Replay, replay_id)
    if replay is None or replay.status != ReplayStatus.PUBLISHED or not replay.media_prefix:
        abort(404)
    secret = services.settings().secret_key
    if not (can_view(replay) and token_allows(replay, token, secret)):
        abort(404)
    return replay


@bp.route("/media/<replay_id>/<token>/<path:key>")
def media(replay_id: str, token: str, key: str) -> ResponseReturnValue:
    """One published file of a replay, if the visitor may see the replay."""
    replay = _allowed_replay(replay_id, token)
    if key == CAPTIONS_KEY:
        return _captions(replay)
    try:
        validate_key(key)
    except InvalidKey:
        raise BadParameter("This media path is not valid.") from None
    storage = services.storage()
    full_key = replay.media_key(key)
    cache = (
        "public, max-age=31536000, immutable"
        if replay.visibility == "public"
        else "private, max-age=60"
    )
    if not key.endswith(".m3u8"):  # playlists are served here so their relative URLs stay ours
        # A public replay may come from the CDN; anything else gets a short presigned URL.
        public = storage.public_url(full_key) if replay.visibility == "public" else None
        target = public or storage.presigned_get(full_key, expires=REDIRECT_TTL_S)
        if target:
            response = redirect(target, code=302)
            response.headers["Cache-Control"] = (
                "public, max-age=3600" if public else "private, max-age=30"
            )
            return response
    try:
        if isinstance(storage, LocalStorage):
            # Behind nginx (ARCHIVE_X_ACCEL_PREFIX), nginx sends the file once access is checked.
            response = x_accel_response(full_key, content_type_for(key)) or send_file(
                storage.local_path(full_key),
                mimetype=content_type_for(key),
                conditional=True,
                max_age=None,
            )
        else:
            response = Response(storage.open_stream(full_key), mimetype=content_type_for(key))
    except (ObjectNotFound, FileNotFoundError):
        abort(404)
    response.headers["Cache-Control"] = cache
    return response


def _captions(replay: Replay) -> Response:
    transcript = replay.transcript
    if transcript is None or not transcript.cues:
        abort(404)
    response = Response(write_webvtt(track_cues(transcript)), mimetype="text/vtt")
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


@bp.route("/embed/<replay_id>")
def embed(replay_id: str) -> ResponseReturnValue:
    """The embeddable player (framing allowed here only)."""
    replay = db.session.get(Replay, replay_id)
    if replay is None or not can_view(replay):
        abort(404)
    return render_template(
        "playback/embed.html",
        replay=replay,
        urls=replay_urls(replay),
        show_transcript=request.args.get("transcript") in ("1", "true"),
    )
