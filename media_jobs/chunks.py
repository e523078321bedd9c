"""Chunked transcoding: a long recording's video encoded in ranges, joined into one encode.

Each chunk starts on a segment boundary, which the ladder already makes a keyframe on every
rung, so joining chunks never needs a keyframe the one-piece encode would not have had. A
chunk decodes only its range (seek before the input) and encodes the whole ladder in one
process, with the timestamps of the whole recording: the same frames get the same
timestamps, the same forced keyframes and, once joined, the same segments. The audio is
encoded once for the whole recording (chunked audio would click at every seam: AAC priming
samples), and the join is a stream copy that writes the HLS renditions the one-piece
transcode would have written.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import ffmpeg as ffmpeg_python

from media_jobs import ffmpeg, loudness
from media_jobs.errors import N_
from media_jobs.ladder import Ladder
from media_jobs.probe import MediaInfo
from media_jobs.transcode import (
    AUDIO_NAME,
    HLS_DIR,
    TranscodeResult,
    deinterlace,
    encode_command,
    frame_rate,
    hls_options,
    package,
    scaled_chain,
    video_options,
)

#: A chunk file per rung, named after it, in the chunk's folder.
CHUNK_SUFFIX = ".mp4"
#: Source read past a chunk's end, so the frame-rate filter sees the frame after its last.
_READ_PAST_S = 1.0


@dataclass(frozen=True)
class Chunk:
    """A range of the output frames, from one segment boundary to another (or the end)."""

    index: int
    first_frame: int  #: at the ladder's frame rate, counted from the recording's start
    frames: int | None  #: None for the last chunk: to the end of the recording
    first_segment: int  #: how many segments come before it
    start: float  #: seconds, the time of ``first_frame``

    def as_dict(self) -> dict[str, object]:
        """The chunk as JSON-friendly values (a job row's parameters)."""
        return {
            "index": self.index,
            "first_frame": self.first_frame,
            "frames": self.frames,
            "first_segment": self.first_segment,
            "start": self.start,
        }

    @classmethod
    def from_dict(cls, values: dict[str, object]) -> Chunk:
        """The chunk saved by ``as_dict``."""
        frames = values["frames"]
        return cls(
            index=int(values["index"]),  # type: ignore[call-overload]
            first_frame=int(values["first_frame"]),  # type: ignore[call-overload]
            frames=None if frames is None else int(frames),  # type: ignore[call-overload]
            first_segment=int(values["first_segment"]),  # type: ignore[call-overload]
            start=float(values["start"]),  # type: ignore[arg-type]
        )


def plan_chunks(
    duration: float, fps: float, *, segment_seconds: int, chunk_seconds: float
) -> list[Chunk]:
    """Split ``duration`` into chunks of about ``chunk_seconds``, cut on segment boundaries.

    Chunks are whole numbers of segments (the segment is the keyframe interval), as even as
    that allows: the last chunk is never much longer or shorter than the others, so it does
    not hold the end back on a worker while the others wait.
    """
    segments = max(1, math.ceil(duration / segment_seconds - 1e-9))
    count = min(segments, max(1, math.floor(duration / chunk_seconds + 0.5)))
    firsts = [k * segments // count for k in range(count)]  # first segment of each chunk
    rate = Fraction(frame_rate(fps))
    frames = [boundary_frame(first * segment_seconds, rate) for first in firsts]
    chunks = []
    for index, (first_segment, first) in enumerate(zip(firsts, frames, strict=True)):
        last = index == count - 1
        chunks.append(
            Chunk(
                index=index,
                first_frame=first,
                frames=None if last else frames[index + 1] - first,
                first_segment=first_segment,
                start=first * _time_base(rate),
            )
        )
    return chunks


def boundary_frame(seconds: float, rate: Fraction) -> int:
    """The frame the ladder forces a keyframe on for the boundary at ``seconds``.

    ffmpeg forces it on the first frame whose time, ``n * (1/rate)`` in floating point,
    reaches the boundary; the same arithmetic here picks the same frame.
    """
    time_base = _time_base(rate)
    frame = math.ceil(Fraction(seconds) * rate)
    while frame > 0 and (frame - 1) * time_base >= seconds:
        frame -= 1
    while frame * time_base < seconds:
        frame += 1
    return frame


def _time_base(rate: Fraction) -> float:
    """The encoder's time base as ffmpeg's ``av_q2d`` computes it."""
    return rate.denominator / rate.numerator


def chunk_command(
    source: Path, info: MediaInfo, ladder: Ladder, chunk: Chunk, out_dir: Path
) -> list[str]:
    """The ffmpeg command encoding ``chunk`` of the video to every rung, one MP4 per rung."""
    assert info.video is not None, "only a video is chunked"
    rate = Fraction(frame_rate(ladder.fps))
    # Seek a frame early: the first frame must not be lost to the rounding of the seek time.
    seek = max(0.0, chunk.start - _time_base(rate))
    options: dict[str, object] = {"ss": f"{seek:.6f}"}
    if chunk.frames is not None:
        end = (chunk.first_frame + chunk.frames) * _time_base(rate)
        options["t"] = f"{end - seek + _READ_PAST_S:.6f}"
    video = ffmpeg.media_input(source, info.demuxer, **options)[str(info.video.index)]
    for filter_name, filter_options in deinterlace(info):
        video = video.filter(filter_name, **filter_options)
    # Back on the whole recording's clock, then the same frame grid as the one-piece encode,
    # starting exactly on the chunk's first frame.
    video = video.filter("setpts", f"PTS+{seek:.6f}/TB")
    video = video.filter("fps", fps=str(rate), start_time=f"{chunk.start:.9f}")
    outputs = []
    for rung, scaled in zip(ladder.rungs, scaled_chain(video, ladder.rungs), strict=True):
        rung_options = video_options(rung, ladder, first_segment=chunk.first_segment)
        # The frame-rate filter made the frames constant already; "cfr" here would pad the
        # chunk with copies of its first frame back to the recording's start.
        rung_options["fps_mode"] = "passthrough"
        if chunk.frames is not None:
            rung_options["frames:v"] = chunk.frames
        path = out_dir / f"{rung.name}{CHUNK_SUFFIX}"
        outputs.append(scaled.output(str(path), f="mp4", an=None, **rung_options))
    return ffmpeg.compile_args(
        ffmpeg_python.merge_outputs(*outputs), "-progress", "pipe:1", "-nostats"
    )


def encode_chunk(
    source: Path,
    info: MediaInfo,
    ladder: Ladder,
    chunk: Chunk,
    out_dir: Path,
    *,
    timeout: float,
    progress: Callable[[float], None] | None = None,
) -> list[Path]:
    """Encode one chunk of the video into ``out_dir``; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rate = Fraction(frame_rate(ladder.fps))
    seconds = (
        chunk.frames * _time_base(rate)
        if chunk.frames is not None
        else max(0.1, info.duration - chunk.start)
    )
    ffmpeg.run(
        chunk_command(source, info, ladder, chunk, out_dir),
        timeout=timeout,
        failure=N_("The recording could not be transcoded; it may be damaged or truncated."),
        duration=seconds,
        progress=progress,
    )
    return [out_dir / f"{rung.name}{CHUNK_SUFFIX}" for rung in ladder.rungs]


def encode_audio(
    source: Path,
    info: MediaInfo,
    ladder: Ladder,
    measured: dict[str, float],
    out_dir: Path,
    *,
    timeout: float,
    progress: Callable[[float], None] | None = None,
) -> Path:
    """Encode the whole recording's audio rendition, as the one-piece transcode does."""
    folder = out_dir / HLS_DIR / AUDIO_NAME
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    audio_only = replace(ladder, rungs=[])
    ffmpeg.run(
        encode_command(source, info, audio_only, out_dir, loudness.normalise_filter(measured)),
        timeout=timeout,
        failure=N_("The recording's audio could not be encoded."),
        duration=info.duration,
        progress=progress,
    )
    return folder


def join_command(parts: list[tuple[Chunk, Path]], ladder: Ladder, out_dir: Path) -> list[str]:
    """The stream-copy command joining every rung's chunks into its HLS rendition."""
    time_base = _time_base(Fraction(frame_rate(ladder.fps)))
    outputs = []
    for rung in ladder.rungs:
        listing = out_dir / f".{rung.name}-chunks.txt"
        lines = ["ffconcat version 1.0"]
        for chunk, folder in parts:
            lines.append(f"file '{ffmpeg.local_url(folder / (rung.name + CHUNK_SUFFIX))}'")
            # A chunk file's own duration counts from zero, not from its first frame: say
            # how long each one lasts, or the next would start late.
            if chunk.frames is not None:
                lines.append(f"duration {chunk.frames * time_base:.6f}")
        listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
        folder = out_dir / HLS_DIR / rung.name
        joined = ffmpeg.media_input(listing, "concat", safe=0)["v"]
        outputs.append(
            joined.output(
                str(folder / "index.m3u8"),
                c="copy",
                **hls_options(folder, ladder.segment_seconds),
            )
        )
    return ffmpeg.compile_args(ffmpeg_python.merge_outputs(*outputs))


def join_chunks(
    parts: list[tuple[Chunk, Path]],
    info: MediaInfo,
    ladder: Ladder,
    measured: dict[str, float],
    out_dir: Path,
    *,
    timeout: float,
) -> TranscodeResult:
    """Join the chunks (each with the folder it was encoded to, in order) into the renditions,
    beside the audio ``encode_audio`` wrote.

    What comes out is what ``transcode`` writes: the same files, bandwidths and master.
    """
    for rung in ladder.rungs:
        folder = out_dir / HLS_DIR / rung.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    try:
        ffmpeg.run(
            join_command(parts, ladder, out_dir),
            timeout=timeout,
            failure=N_("The transcoded parts of the recording could not be joined."),
        )
    finally:
        for listing in out_dir.glob(".*-chunks.txt"):
            listing.unlink()
    return package(out_dir, ladder, info, measured, timeout=timeout)
