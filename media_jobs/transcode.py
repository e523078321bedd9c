"""Transcode a probed recording into HLS renditions and a download MP4, decoding it once.

One ffmpeg process reads the source, deinterlaces and fixes the frame rate once, then
scales each rung from the previous one (cheaper than from the source) and encodes every
rung with keyframes on the segment boundaries, so players can switch between rungs at any
segment. The audio is normalised (EBU R128) and encoded once, as an HLS audio group that
every video rung shares. The download MP4 is a remux of a middle rung, not a new encode.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import ffmpeg as ffmpeg_python

from media_jobs import ffmpeg, hls, loudness
from media_jobs.errors import N_, MediaTimeout
from media_jobs.ladder import X264_PRESET, Ladder, Rung
from media_jobs.probe import MediaInfo

HLS_DIR = "hls"
AUDIO_NAME = "audio"
MASTER = f"{HLS_DIR}/master.m3u8"
DOWNLOAD = "download.mp4"
#: Our encoder writes AAC-LC (MPEG-4 audio object type 2), RFC 6381 "mp4a.40.2".
AAC_LC = "mp4a.40.2"
AUDIO_SAMPLE_RATE = 48_000
#: The tier a viewer on a phone or laptop would download; otherwise the middle rung.
PREFERRED_DOWNLOAD = "480p"

# Share of the progress bar each step takes: the encode is nearly all the work.
_MEASURE_DONE, _ENCODE_DONE = 0.03, 0.95


@dataclass(frozen=True)
class Variant:
    """One playable variant of the master playlist."""

    name: str
    width: int | None
    height: int | None
    bandwidth: int  #: peak bits per second measured from the segments (audio included)
    average_bandwidth: int
    codecs: str  #: e.g. "avc1.640028,mp4a.40.2"
    frame_rate: float | None
    playlist: str  #: relative to the output folder, e.g. "hls/720p/index.m3u8"


@dataclass(frozen=True)
class TranscodeResult:
    """Everything the transcode wrote, as paths relative to the output folder."""

    master_playlist: str
    variants: list[Variant]
    mp4: str | None
    loudness: dict[str, float]
    files: list[str]  #: every file written, the master playlist last


def transcode(
    source: Path,
    info: MediaInfo,
    ladder: Ladder,
    out_dir: Path,
    *,
    timeout: float,
    progress: Callable[[float], None] | None = None,
) -> TranscodeResult:
    """Encode ``source`` to the ``ladder`` under ``out_dir``; the master playlist comes last."""
    deadline = time.monotonic() + timeout
    report = progress or (lambda _fraction: None)
    report(0.0)
    measured = (
        loudness.measure(source, info, timeout=_remaining(deadline, timeout)) if info.audio else {}
    )
    report(_MEASURE_DONE)
    for folder in _rendition_folders(out_dir, ladder, info):
        shutil.rmtree(folder, ignore_errors=True)  # a retried job starts clean
        folder.mkdir(parents=True)
    ffmpeg.run(
        encode_command(source, info, ladder, out_dir, loudness.normalise_filter(measured)),
        timeout=_remaining(deadline, timeout),
        failure=N_("The recording could not be transcoded; it may be damaged or truncated."),
        duration=info.duration,
        progress=lambda done: report(_MEASURE_DONE + (_ENCODE_DONE - _MEASURE_DONE) * done),
    )
    result = package(out_dir, ladder, info, measured, timeout=_remaining(deadline, timeout))
    report(1.0)
    return result


def package(
    out_dir: Path, ladder: Ladder, info: MediaInfo, measured: dict[str, float], *, timeout: float
) -> TranscodeResult:
    """Measure the renditions written under ``out_dir``, remux the download, write the master."""
    variants, audio = _measure(out_dir, ladder, info)
    mp4 = _remux_download(out_dir, ladder, info, timeout=timeout)
    hls.write_master(out_dir / MASTER, [_stream_inf(v, audio) for v in variants], audio)
    return TranscodeResult(
        master_playlist=MASTER,
        variants=variants,
        mp4=mp4,
        loudness=measured,
        files=[*_written(out_dir), MASTER],
    )


def encode_command(
    source: Path,
    info: MediaInfo,
    ladder: Ladder,
    out_dir: Path,
    normalise: dict[str, object] | None,
) -> list[str]:
    """The single ffmpeg command that decodes ``source`` once and writes every rendition."""
    source_input = ffmpeg.media_input(source, info.demuxer)
    outputs = []
    if info.video is not None:
        video = source_input[str(info.video.index)]
        for filter_name, options in deinterlace(info):
            video = video.filter(filter_name, **options)
        video = video.filter("fps", fps=frame_rate(ladder.fps))  # constant, even from VFR
        for rung, scaled in zip(ladder.rungs, scaled_chain(video, ladder.rungs), strict=True):
            folder = out_dir / HLS_DIR / rung.name
            options = {**video_options(rung, ladder), **hls_options(folder, ladder.segment_seconds)}
            outputs.append(scaled.output(str(folder / "index.m3u8"), **options))
    if info.audio:
        audio = source_input[str(info.audio[0].index)]
        if normalise is not None:
            audio = audio.filter("loudnorm", **normalise)
        # loudnorm works at 192 kHz; bring it back to the rate players expect.
        audio = audio.filter("aresample", AUDIO_SAMPLE_RATE)
        folder = out_dir / HLS_DIR / AUDIO_NAME
        outputs.append(
            audio.output(str(folder / "index.m3u8"), **_audio_options(info, ladder, folder))
        )
    return ffmpeg.compile_args(
        ffmpeg_python.merge_outputs(*outputs), "-progress", "pipe:1", "-nostats"
    )


def deinterlace(info: MediaInfo) -> list[tuple[str, dict[str, object]]]:
    """The deinterlacing filter an interlaced source needs before any scaling; else none."""
    if info.video is None or not info.video.interlaced:
        return []
    # bwdif keeps one frame per frame (send_frame): the rate stays what the probe said.
    return [("bwdif", {"mode": "send_frame", "deint": "all"})]


def frame_rate(fps: float) -> str:
    """``fps`` as the exact fraction ffmpeg should use, e.g. 29.97 -> "30000/1001"."""
    return str(Fraction(fps).limit_denominator(1001))


def scaled_chain(
    video: ffmpeg_python.nodes.FilterableStream, rungs: list[Rung]
) -> list[ffmpeg_python.nodes.FilterableStream]:
    """One stream per rung, each scaled from the rung above it rather than from the source."""
    streams: list[ffmpeg_python.nodes.FilterableStream] = []
    current = video
    for position, rung in enumerate(rungs):
        current = current.filter("scale", rung.width, rung.height, flags="bicubic")
        if position == 0:
            current = current.filter("format", "yuv420p")  # 8-bit 4:2:0, whatever came in
        # Sizes already include the source's pixel aspect ratio: output pixels are square.
        current = current.filter("setsar", 1)
        if position == len(rungs) - 1:
            streams.append(current)
        else:
            split = current.filter_multi_output("split", 2)
            streams.append(split.stream(0))
            current = split.stream(1)
    return streams


def video_options(rung: Rung, ladder: Ladder, *, first_segment: int = 0) -> dict[str, object]:
    """The encoder options of one rung; a chunk's keyframes count on from ``first_segment``."""
    seconds = ladder.segment_seconds
    forced = f"(n_forced+{first_segment})" if first_segment else "n_forced"
    return {
        "c:v": "libx264",
        "preset": X264_PRESET,
        "profile:v": rung.profile,
        "level:v": rung.level,
        "pix_fmt": "yuv420p",
        "b:v": rung.video_bitrate,
        "maxrate": rung.maxrate,
        "bufsize": rung.bufsize,
        "fps_mode": "cfr",
        # Keyframes exactly on segment boundaries, and nowhere else decided by content,
        # so every rung cuts its segments on the same frames.
        "force_key_frames": f"expr:gte(t,{forced}*{seconds})",
        "sc_threshold": 0,
        "g": max(1, math.ceil(seconds * ladder.fps)),
    }


def _audio_options(info: MediaInfo, ladder: Ladder, folder: Path) -> dict[str, object]:
    return {
        "c:a": "aac",
        "b:a": ladder.audio_bitrate,
        "ac": _channels(info),
        "ar": AUDIO_SAMPLE_RATE,
        **hls_options(folder, ladder.segment_seconds),
    }


def hls_options(folder: Path, seconds: int) -> dict[str, object]:
    """The HLS muxer options of one rendition (fMP4 segments of ``seconds``)."""
    return {
        "f": "hls",
        "hls_time": seconds,
        "hls_playlist_type": "vod",
        # fMP4 segments play in Safari (iOS 10+, macOS) and hls.js alike, and concatenate
        # into a plain MP4 for the download.
        "hls_segment_type": "fmp4",
        "hls_fmp4_init_filename": "init.mp4",
        "hls_segment_filename": str(folder / "seg_%05d.m4s"),
        "hls_flags": "independent_segments",
        # The uploader's tags (names, GPS positions, software) are not ours to publish.
        "map_metadata": -1,
        "map_chapters": -1,
        "max_muxing_queue_size": 4096,
    }


def _channels(info: MediaInfo) -> int:
    return 1 if info.audio and info.audio[0].channels == 1 else 2


def _rendition_folders(out_dir: Path, ladder: Ladder, info: MediaInfo) -> list[Path]:
    names = [rung.name for rung in ladder.rungs] + ([AUDIO_NAME] if info.audio else [])
    return [out_dir / HLS_DIR / name for name in names]


def _measure(
    out_dir: Path, ladder: Ladder, info: MediaInfo
) -> tuple[list[Variant], hls.AudioRendition | None]:
    """Variants with bandwidths measured from the segments written, and the audio group."""
    audio, audio_rate = None, hls.Bandwidth(peak=0, average=0)
    if info.audio:
        audio_rate = hls.measure_bandwidth(out_dir / HLS_DIR / AUDIO_NAME / "index.m3u8")
        language = info.audio[0].language
        audio = hls.AudioRendition(f"{AUDIO_NAME}/index.m3u8", _channels(info), language)
    if not ladder.rungs:  # audio only: the audio rendition is the one variant, no group
        playlist = f"{HLS_DIR}/{AUDIO_NAME}/index.m3u8"
        only = Variant(AUDIO_NAME, None, None, *_rates(audio_rate), AAC_LC, None, playlist)
        return [only], None
    variants = []
    for rung in ladder.rungs:
        folder = out_dir / HLS_DIR / rung.name
        # A variant's bandwidth covers everything a player fetches: its video and the audio.
        rate = hls.measure_bandwidth(folder / "index.m3u8")
        rates = (rate.peak + audio_rate.peak, rate.average + audio_rate.average)
        codecs = hls.avc_codec(folder / "init.mp4") + (f",{AAC_LC}" if audio else "")
        playlist = f"{HLS_DIR}/{rung.name}/index.m3u8"
        size = (rung.width, rung.height)
        variants.append(Variant(rung.name, *size, *rates, codecs, ladder.fps, playlist))
    return variants, audio


def _rates(rate: hls.Bandwidth) -> tuple[int, int]:
    return rate.peak, rate.average


def _stream_inf(variant: Variant, audio: hls.AudioRendition | None) -> hls.StreamInf:
    return hls.StreamInf(
        uri=variant.playlist.removeprefix(f"{HLS_DIR}/"),
        bandwidth=variant.bandwidth,
        average_bandwidth=variant.average_bandwidth,
        codecs=variant.codecs,
        resolution=(variant.width, variant.height) if variant.width and variant.height else None,
        frame_rate=variant.frame_rate,
        audio_group=hls.AUDIO_GROUP if audio else None,
    )


def _remux_download(out_dir: Path, ladder: Ladder, info: MediaInfo, *, timeout: float) -> str:
    """Write the progressive download MP4 by copying already-encoded segments (no encode)."""
    names = [rung.name for rung in ladder.rungs]
    tracks = []
    if names:
        tracks.append(PREFERRED_DOWNLOAD if PREFERRED_DOWNLOAD in names else names[len(names) // 2])
    if info.audio:
        tracks.append(AUDIO_NAME)
    joined = [hls.join_segments(out_dir / HLS_DIR / name / "index.m3u8") for name in tracks]
    try:
        inputs = [ffmpeg.media_input(path, "mov") for path in joined]
        streams = [
            media[("v" if name != AUDIO_NAME else "a")]
            for media, name in zip(inputs, tracks, strict=True)
        ]
        command = ffmpeg.compile_args(
            ffmpeg_python.output(
                *streams, str(out_dir / DOWNLOAD), c="copy", f="mp4", movflags="+faststart"
            )
        )
        ffmpeg.run(command, timeout=timeout, failure=N_("The download file could not be written."))
    finally:
        for path in joined:
            path.unlink(missing_ok=True)
    return DOWNLOAD


def _written(out_dir: Path) -> list[str]:
    """Every file under the HLS folder and the download, as sorted relative paths."""
    files = [p for p in (out_dir / HLS_DIR).rglob("*") if p.is_file()]
    files += [out_dir / DOWNLOAD] if (out_dir / DOWNLOAD).is_file() else []
    return sorted(str(p.relative_to(out_dir)) for p in files if p != out_dir / MASTER)


def _remaining(deadline: float, timeout: float) -> float:
    """Seconds left before ``deadline``; raises ``MediaTimeout`` when none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise MediaTimeout(
            N_("Transcoding took longer than %(limit)s and was stopped.")
            % {"limit": ffmpeg.describe_limit(timeout)},
            transient=True,
        )
    return left
