"""The URLs of a replay's media, as pages, players and the API hand them out."""

from __future__ import annotations

from flask import url_for

from archive import services
from archive.models import Replay, ReplayStatus
from archive.playback.signing import media_token


def media_url(replay: Replay, key: str, *, external: bool = False) -> str:
    """The URL of one published file of the replay (relative to its media prefix)."""
    settings = services.settings()
    token = media_token(replay, settings.secret_key, settings.signed_url_ttl_s)
    return url_for("playback.media", replay_id=replay.id, token=token, key=key, _external=external)


def replay_urls(replay: Replay, *, external: bool = False) -> dict[str, str]:
    """``page``, ``hls``, ``mp4``, ``poster``, ``captions``, ``storyboard``: those produced."""
    urls = {"page": url_for("catalogue.replay", replay_id=replay.id, _external=external)}
    if replay.status != ReplayStatus.PUBLISHED or not replay.media_prefix:
        return urls
    for name, key in (
        ("hls", replay.hls_key),
        ("mp4", replay.mp4_key),
        ("poster", replay.poster_key),
        ("storyboard", replay.storyboard_key),
    ):
        if key:
            urls[name] = media_url(replay, key, external=external)
    if replay.transcript and replay.transcript.cues:
        urls["captions"] = media_url(replay, CAPTIONS_KEY, external=external)
    return urls


#: The captions file is made from the transcript rows on each request, never stored.
CAPTIONS_KEY = "captions.vtt"
