"""Choosing a replay's poster: the frame at a moment the editor picked in the player."""

from __future__ import annotations

import tempfile
from pathlib import Path

from archive import services
from archive.extensions import db
from archive.models import MediaKind, Replay
from archive.processing.segments import NoPublishedMedia, fetch_range, published_renditions
from archive.sentences import N_
from archive.storage import StorageError
from archive.times import format_precise
from media_jobs.cutting import grab_frame
from media_jobs.errors import MediaError

#: The pipeline's own poster; ours are named by their time so a new choice gets a new URL.
PIPELINE_POSTER = "poster.jpg"
#: Taking one frame from one segment takes well under a second; this bounds a stuck ffmpeg.
FRAME_TIMEOUT_S = 30.0


class PosterError(ValueError):
    """No poster can be taken; the message is one sentence."""


def choose_poster(replay: Replay, at: float) -> str:
    """Make the frame at ``at`` seconds the replay's poster; returns its key (media-relative)."""
    if replay.media_kind != MediaKind.VIDEO:
        raise PosterError(N_("An audio replay has no frames to choose a poster from."))
    if replay.duration is not None and not 0 <= at < replay.duration:
        raise PosterError(
            N_("Choose a time between 0:00 and %(duration)s.")
            % {"duration": format_precise(replay.duration)}
        )
    storage = services.storage()
    try:
        renditions = published_renditions(storage, replay)
        if renditions.video is None or renditions.size is None:
            raise PosterError(N_("This replay has no video rendition to take a picture from."))
        with tempfile.TemporaryDirectory(prefix="poster-") as tmp:
            folder = Path(tmp)
            fetched = fetch_range(storage, renditions.video, at, at + 0.001, folder / "range.mp4")
            grab_frame(fetched, at, renditions.size, folder / "poster.jpg", timeout=FRAME_TIMEOUT_S)
            relative = f"poster-{round(at * 1000)}.jpg"
            storage.put_file(
                replay.media_key(relative), folder / "poster.jpg", content_type="image/jpeg"
            )
    except (NoPublishedMedia, MediaError, StorageError) as err:
        raise PosterError(getattr(err, "sentence", None) or str(err)) from None
    previous = replay.poster_key
    replay.poster_key = relative
    db.session.commit()
    if previous and previous not in (PIPELINE_POSTER, relative):
        storage.delete(replay.media_key(previous))
    return relative
