"""Pictures of a recording: a representative poster and a storyboard for scrubbing.

The poster is the sharpest of a few candidate frames (the one whose luma varies most), so a
fade from black or a blank title card is never chosen when a real picture exists. The
storyboard is one sprite sheet plus a WebVTT track whose cues point into it with
``#xywh=`` fragments, the form video.js, Vidstack and Plyr read for preview thumbnails.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import ffmpeg as ffmpeg_python
from PIL import Image, ImageStat

from media_jobs import ffmpeg
from media_jobs.audio_cover import make_audio_cover
from media_jobs.errors import N_, MediaError
from media_jobs.ladder import even
from media_jobs.probe import MediaInfo, VideoStream
from media_jobs.transcode import deinterlace

__all__ = ["make_audio_cover", "make_poster", "make_storyboard"]

#: The poster is shown at most this size (the player's box); portrait posters turn it round.
POSTER_BOX = (1280, 720)
#: Where candidate posters are taken, as fractions of the duration.
POSTER_CANDIDATES = (0.1, 0.25, 0.5, 0.75)
#: One storyboard tile, and how many fit in a row of the sprite sheet.
TILE_BOX = (160, 90)
SPRITE_COLUMNS = 10
#: A storyboard of about this many tiles, whatever the duration.
STORYBOARD_TILES = 100
#: From this interval on, decode keyframes only: a tile then shows the nearest keyframe, which
#: camera and screen recordings place at least every ten seconds, and decoding is far cheaper.
KEYFRAMES_ONLY_FROM = 10.0
SPRITE_NAME = "storyboard.jpg"
VTT_NAME = "storyboard.vtt"


def make_poster(source: Path, info: MediaInfo, out_path: Path, *, timeout: float) -> None:
    """Write a JPEG poster of ``source`` at ``out_path``: the most detailed candidate frame."""
    video = _video(info)
    size = fit(video.display_width, video.display_height, POSTER_BOX)
    times = sorted({round(info.duration * share, 3) for share in POSTER_CANDIDATES})
    with tempfile.TemporaryDirectory(prefix="poster-", dir=out_path.parent) as tmp:
        outputs = []
        for position, seconds in enumerate(times):
            stream = ffmpeg.media_input(source, info.demuxer, ss=seconds)[str(video.index)]
            stream = _picture(stream, info, size)
            target = f"{tmp}/candidate-{position}.jpg"
            outputs.append(stream.output(target, vframes=1, f="image2", update=1, **{"q:v": 3}))
        ffmpeg.run(
            ffmpeg.compile_args(ffmpeg_python.merge_outputs(*outputs), loglevel="error"),
            timeout=timeout,
            failure=N_("The poster picture could not be taken from the recording."),
        )
        candidates = [path for path in Path(tmp).glob("candidate-*.jpg") if path.stat().st_size]
        if not candidates:
            raise MediaError(N_("The recording has no picture to take a poster from."))
        shutil.move(max(candidates, key=_detail), out_path)


def make_storyboard(
    source: Path, info: MediaInfo, out_dir: Path, *, timeout: float, interval: float | None = None
) -> tuple[str, str]:
    """Write the storyboard sprite and its WebVTT track; returns their relative paths."""
    video = _video(info)
    interval = interval or float(max(1, math.ceil(info.duration / STORYBOARD_TILES)))
    count = max(1, math.ceil(info.duration / interval))
    columns = min(count, SPRITE_COLUMNS)
    rows = math.ceil(count / columns)
    tile_w, tile_h = fit(video.display_width, video.display_height, TILE_BOX)
    options = {"skip_frame": "nokey"} if interval >= KEYFRAMES_ONLY_FROM else {}
    stream = ffmpeg.media_input(source, info.demuxer, **options)[str(video.index)]
    for name, filter_options in deinterlace(info):
        stream = stream.filter(name, **filter_options)
    stream = (
        stream.filter("fps", fps=f"1/{interval:g}", round="down")
        .filter("scale", tile_w, tile_h)
        .filter("setsar", 1)
        .filter("tile", f"{columns}x{rows}")
    )
    output = stream.output(
        str(out_dir / SPRITE_NAME), vframes=1, f="image2", update=1, **{"q:v": 5}
    )
    ffmpeg.run(
        ffmpeg.compile_args(output, loglevel="error"),
        timeout=timeout,
        failure=N_("The storyboard could not be made from the recording."),
    )
    cues = storyboard_cues(info.duration, interval, count, columns, (tile_w, tile_h))
    (out_dir / VTT_NAME).write_text(cues, encoding="utf-8")
    return SPRITE_NAME, VTT_NAME


def storyboard_cues(
    duration: float, interval: float, count: int, columns: int, tile: tuple[int, int]
) -> str:
    """The WebVTT thumbnails track: one cue per tile, pointing at the sprite by relative name."""
    lines = ["WEBVTT", ""]
    for position in range(count):
        start, end = position * interval, min((position + 1) * interval, duration)
        x, y = (position % columns) * tile[0], (position // columns) * tile[1]
        lines += [
            f"{_timestamp(start)} --> {_timestamp(max(end, start + 0.001))}",
            f"{SPRITE_NAME}#xywh={x},{y},{tile[0]},{tile[1]}",
            "",
        ]
    return "\n".join(lines)


def fit(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """``width`` x ``height`` shrunk (never enlarged) into ``box``, turned to match, even."""
    box_w, box_h = box if width >= height else (box[1], box[0])
    scale = min(1.0, box_w / width, box_h / height)
    return even(width * scale, width), even(height * scale, height)


def _picture(
    stream: ffmpeg_python.nodes.FilterableStream, info: MediaInfo, size: tuple[int, int]
) -> ffmpeg_python.nodes.FilterableStream:
    for name, options in deinterlace(info):
        stream = stream.filter(name, **options)
    return stream.filter("scale", *size).filter("setsar", 1).filter("format", "yuvj420p")


def _detail(path: Path) -> float:
    """How much a picture's brightness varies: near zero for black or flat frames."""
    with Image.open(path) as image:
        return float(ImageStat.Stat(image.convert("L")).var[0])


def _video(info: MediaInfo) -> VideoStream:
    if info.video is None:
        raise ValueError("an audio-only recording has no frames; use make_audio_cover")
    return info.video


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
