"""A time range of a published replay, fetched from its HLS renditions rather than the original.

Only the segments covering the range are read (a few megabytes for a poster or a short
highlight), so the original, possibly gigabytes on S3, is never downloaded. Every video
segment starts on a keyframe (the transcode forces them on segment boundaries), so segment
boundaries are exactly where a stream copy may cut.
"""

from __future__ import annotations

import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archive.models import Replay
from archive.sentences import N_
from archive.storage import Storage
from media_jobs import hls
from media_jobs.cutting import Fetched


class NoPublishedMedia(ValueError):
    """The replay has no published renditions to take pictures or clips from."""


@dataclass(frozen=True)
class Renditions:
    """Storage keys of the media playlists to cut from: the best video and the audio."""

    video: str | None
    audio: str | None
    #: pixel size of the video rendition
    size: tuple[int, int] | None


def published_renditions(storage: Storage, replay: Replay) -> Renditions:
    """The best video rendition and the audio rendition, read from the master playlist."""
    if not replay.hls_key or replay.media_prefix is None:
        raise NoPublishedMedia(N_("This replay has no processed recording yet."))
    master_key = replay.media_key(replay.hls_key)
    folder = posixpath.dirname(master_key)
    with storage.open_stream(master_key) as stream:
        lines = stream.read().decode("utf-8").splitlines()
    audio, best, size = None, None, None
    for number, line in enumerate(lines):
        if line.startswith("#EXT-X-MEDIA:") and hls.attributes(line).get("TYPE") == "AUDIO":
            audio = _join(folder, hls.attributes(line)["URI"])
        elif line.startswith("#EXT-X-STREAM-INF:") and number + 1 < len(lines):
            attributes, uri = hls.attributes(line), lines[number + 1].strip()
            if "RESOLUTION" not in attributes:  # audio only: the one variant is the audio
                audio = audio or _join(folder, uri)
                continue
            width, height = (int(v) for v in attributes["RESOLUTION"].split("x"))
            if size is None or width * height > size[0] * size[1]:
                best, size = _join(folder, uri), (width, height)
    return Renditions(video=best, audio=audio, size=size)


def fetch_range(
    storage: Storage, playlist_key: str, start: float, end: float, out: Path
) -> Fetched:
    """Write the init section and the segments overlapping ``start``..``end`` to ``out``."""
    folder = posixpath.dirname(playlist_key)
    playlist, boundaries = _read_playlist(storage, playlist_key)
    chosen = [
        (begin, segment)
        for begin, segment in zip(boundaries, playlist.segments, strict=True)
        if begin + segment.duration > start and begin < end
    ]
    if not chosen:
        raise NoPublishedMedia(N_("The range is outside the recording."))
    parts = ([playlist.init_uri] if playlist.init_uri else []) + [s.uri for _, s in chosen]
    with out.open("wb") as joined:
        for part in parts:
            with storage.open_stream(_join(folder, part)) as stream:
                while chunk := stream.read(1024 * 1024):
                    joined.write(chunk)
    return Fetched(path=out, offset=chosen[0][0], boundaries=boundaries)


def segment_starts(storage: Storage, playlist_key: str) -> list[float]:
    """When each segment of a rendition starts (its keyframes, for video): the playlist only."""
    return _read_playlist(storage, playlist_key)[1]


def _read_playlist(storage: Storage, playlist_key: str) -> tuple[hls.MediaPlaylist, list[float]]:
    with tempfile.TemporaryDirectory(prefix="playlist-") as tmp:
        local = Path(tmp) / "index.m3u8"
        storage.get_file(playlist_key, local)
        playlist = hls.read_media_playlist(local)
    boundaries, position = [], 0.0
    for segment in playlist.segments:
        boundaries.append(position)
        position += segment.duration
    return playlist, boundaries


def _join(folder: str, uri: str) -> str:
    """The storage key of a playlist entry, refusing anything that leaves the replay's folder."""
    if "://" in uri or uri.startswith("/") or ".." in uri.split("/"):
        raise NoPublishedMedia(N_("The published playlist names a file outside the replay."))
    return posixpath.join(folder, uri)
