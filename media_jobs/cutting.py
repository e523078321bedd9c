"""ffmpeg cuts of fetched renditions: a poster frame, or a clip by stream copy or re-encode.

Like the rest of ``media_jobs`` this knows nothing of Flask or the database: files in, a
file out, and the same hardening (file protocol only, the demuxer named, never guessed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ffmpeg as ffmpeg_python

from media_jobs import ffmpeg
from media_jobs.errors import N_, MediaError
from media_jobs.ffmpeg import ProgressCallback
from media_jobs.thumbnails import POSTER_BOX, fit

#: Our own HLS outputs are fragmented MP4: the demuxer is known, never probed from the bytes.
RENDITION_DEMUXER = "mov"
#: A cut point this close to a keyframe counts as on it (half a frame at 25 fps).
KEYFRAME_TOLERANCE_S = 0.02
#: The clip is an intermediate the pipeline transcodes again: fast, and nearly lossless.
CLIP_ENCODING = {"c:v": "libx264", "preset": "superfast", "crf": 16, "pix_fmt": "yuv420p"}


@dataclass(frozen=True)
class Fetched:
    """Consecutive segments of one rendition, joined into one fragmented MP4 file."""

    path: Path
    #: the replay time, in seconds, at which the file starts
    offset: float
    #: start times of every segment of the rendition (keyframes, for video)
    boundaries: list[float]


def on_keyframes(start: float, end: float, keyframes: list[float], duration: float) -> bool:
    """Whether both ends of the range fall on keyframes (or the end is the recording's end)."""

    def near(moment: float) -> bool:
        return any(abs(moment - keyframe) <= KEYFRAME_TOLERANCE_S for keyframe in keyframes)

    return near(start) and (near(end) or end >= duration - KEYFRAME_TOLERANCE_S)


def cut_clip(
    video: Fetched | None,
    audio: Fetched | None,
    start: float,
    end: float,
    out: Path,
    *,
    copy: bool,
    timeout: float,
    progress: ProgressCallback | None = None,
) -> None:
    """Write ``start``..``end`` as an MP4 at ``out``: video copied or re-encoded, audio copied;
    ``progress`` receives the fraction done (0..1)."""
    streams = []
    for fetched, kind in ((video, "v"), (audio, "a")):
        if fetched is not None:
            source = ffmpeg.media_input(
                fetched.path, RENDITION_DEMUXER, t=_seconds(end - start), **_at(start)
            )
            streams.append(source[kind])
    if not streams:
        raise ValueError("nothing to cut: no video and no audio")
    options: dict[str, object] = {
        "f": "mp4",
        "c:a": "copy",
        "movflags": "+faststart",
        "map_metadata": -1,
        "avoid_negative_ts": "make_zero",
    }
    if video is not None:
        options.update({"c:v": "copy"} if copy else CLIP_ENCODING)
    output = ffmpeg_python.output(*streams, str(out), **options)
    command = ffmpeg.compile_args(output, "-progress", "pipe:1", "-nostats")
    ffmpeg.run(
        command,
        timeout=timeout,
        failure=N_("The highlight could not be cut from the replay."),
        duration=end - start,
        progress=progress,
    )


def grab_frame(
    video: Fetched, at: float, size: tuple[int, int], out: Path, *, timeout: float
) -> None:
    """Write the frame shown at ``at`` seconds as a JPEG poster at ``out``."""
    width, height = fit(size[0], size[1], POSTER_BOX)
    stream = (
        ffmpeg.media_input(video.path, RENDITION_DEMUXER, **_at(at))["v"]
        .filter("scale", width, height)
        .filter("setsar", 1)
        .filter("format", "yuvj420p")
    )
    output = stream.output(str(out), vframes=1, f="image2", update=1, **{"q:v": 3})
    ffmpeg.run(
        ffmpeg.compile_args(output, loglevel="error"),
        timeout=timeout,
        failure=N_("The picture could not be taken from the replay at that time."),
    )
    if not out.is_file() or out.stat().st_size == 0:
        raise MediaError(N_("There is no picture at that time of the replay."))


def _at(moment: float) -> dict[str, str]:
    """Input options to start reading at ``moment`` on the replay's own clock.

    Fragments keep their place on the replay's timeline (each carries its decode time), so
    the joined segments are addressed by absolute time: video and audio, which start a few
    milliseconds apart, stay in sync.
    """
    return {"ss": _seconds(moment), "seek_timestamp": "1"}


def _seconds(value: float) -> str:
    return f"{max(0.0, value):.3f}"
