"""Probe an upload with ffprobe, safely, into a typed ``MediaInfo``.

An upload is hostile until probed. ffprobe is told to use only the file protocol and only
demuxers of real media containers (``-format_whitelist``): a playlist, a concat list, an
SDP file or an image sequence is refused before its demuxer opens anything it names.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from media_jobs import ffmpeg
from media_jobs.errors import N_, MediaError, MediaRejected

#: Real media containers, by ffmpeg demuxer name. Everything else (hls, concat, sdp, image2,
#: png_pipe, lavfi, tty, ...) is refused before it can read another file or open a socket.
ALLOWED_DEMUXERS = (
    "mov",  # mp4, m4a, 3gp, QuickTime
    "matroska",  # mkv, webm
    "avi",
    "mpegts",
    "mpeg",  # MPEG program stream (vob, mpg)
    "flv",
    "asf",  # wmv, wma
    "mxf",
    "dv",
    "wav",
    "w64",
    "aiff",
    "caf",
    "mp3",
    "ogg",  # vorbis, opus, theora
    "flac",
    "aac",  # ADTS
)

#: Codecs that hold pictures rather than moving video; one frame of them is a still image.
IMAGE_CODECS = frozenset(
    {"png", "mjpeg", "jpegls", "bmp", "gif", "webp", "tiff", "jpeg2000", "qoi", "apng"}
)

#: Beyond 8K a frame is a decoding bomb rather than a conference recording.
MAX_PIXELS = 8192 * 8192

#: Shorter than this, a file holds no moment anyone could watch (a one-second clip is fine):
#: 25 frames declared at a million frames a second would otherwise publish as a 0 s replay.
MIN_DURATION_S = 0.5

#: Packets read from the start of the file to judge whether frames are evenly spaced.
_TIMING_PACKETS = 240

NOT_READABLE = N_("The file is not a recording ffmpeg can read.")

# Files that pose as media get a sentence naming what they really are.
_REFUSED_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"#EXTM3U", N_("The file is a streaming playlist, not a recording.")),
    (b"ffconcat", N_("The file is a list of other files, not a recording.")),
    (b"v=0", N_("The file is a network session description, not a recording.")),
    (b"\x89PNG", N_("The file is a still image, not a recording.")),
    (b"\xff\xd8\xff", N_("The file is a still image, not a recording.")),
    (b"GIF8", N_("The file is a still image, not a recording.")),
)
_PROTOCOL_NAMES = (b"concat:", b"subfile,", b"file:", b"http:", b"https:", b"tcp:", b"udp:")

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")
_BIT_DEPTH = re.compile(r"p(9|10|12|14|16)(le|be)?$")


@dataclass(frozen=True)
class VideoStream:
    """The video stream that will be transcoded."""

    index: int
    codec: str
    width: int
    height: int
    display_width: int  #: after the sample aspect ratio and the rotation are applied
    display_height: int
    rotation: int  #: 0, 90, 180 or 270
    fps: float
    is_vfr: bool
    interlaced: bool
    pix_fmt: str
    bit_depth: int


@dataclass(frozen=True)
class AudioStream:
    """One audio track of the recording."""

    index: int
    codec: str
    channels: int
    sample_rate: int
    language: str | None
    default: bool


@dataclass(frozen=True)
class MediaInfo:
    """What ffprobe found in an accepted recording."""

    format_name: str  #: as probed, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    demuxer: str  #: the allowed demuxer every later ffmpeg call passes with -f, e.g. "mov"
    duration: float
    size_bytes: int
    video: VideoStream | None
    audio: list[AudioStream]  #: the default track first
    kind: Literal["video", "audio"]


def probe(
    path: Path,
    *,
    timeout: float = 60,
    max_duration: float | None = None,
    max_bytes: int | None = None,
) -> MediaInfo:
    """Read what ``path`` holds, or raise ``MediaRejected`` with one clear sentence."""
    url = ffmpeg.local_url(path)
    size = _regular_file_size(path)
    if max_bytes is not None and size > max_bytes:
        raise MediaRejected(
            N_("The file is larger than the %(limit)s limit.") % {"limit": _bytes(max_bytes)}
        )
    report = _ffprobe(path, url, timeout)
    info = _media_info(path, report, size, timeout)
    if info.duration < MIN_DURATION_S:
        raise MediaRejected(N_("The recording is shorter than half a second."))
    if max_duration is not None and info.duration > max_duration:
        raise MediaRejected(
            N_("The recording is longer than the %(limit)s limit.")
            % {"limit": _hours(max_duration)}
        )
    return info


def _regular_file_size(path: Path) -> int:
    """Size of a regular file; devices and pipes never end and are refused."""
    try:
        status = os.stat(path)
    except FileNotFoundError as error:
        raise MediaRejected(N_("The recording file does not exist.")) from error
    if not stat.S_ISREG(status.st_mode):
        raise MediaRejected(N_("The recording must be a regular file."))
    if status.st_size == 0:
        raise MediaRejected(N_("The file is empty."))
    return status.st_size


def _ffprobe(path: Path, url: str, timeout: float) -> dict[str, Any]:
    command = [
        ffmpeg.FFPROBE,
        "-hide_banner",
        "-loglevel",
        "error",
        "-protocol_whitelist",
        ffmpeg.PROTOCOL_WHITELIST,
        "-format_whitelist",
        ",".join(ALLOWED_DEMUXERS),
        # Streams, format, and the timing of the first packets (to spot uneven frame rates).
        "-show_entries",
        "format:stream:packet=stream_index,pts_time",
        "-read_intervals",
        f"%+#{_TIMING_PACKETS}",
        "-of",
        "json",
        url,
    ]
    try:
        completed = ffmpeg.run(command, timeout=timeout, failure=NOT_READABLE)
    except MediaError as error:
        if error.transient:
            raise
        sentence = _why_unreadable(path, error.log_tail or "")
        raise MediaRejected(sentence, log_tail=error.log_tail) from error
    report: dict[str, Any] = json.loads(completed.stdout or "{}")
    return report


def _media_info(path: Path, report: dict[str, Any], size: int, timeout: float) -> MediaInfo:
    fmt = report.get("format") or {}
    format_name = str(fmt.get("format_name", ""))
    demuxer = next((d for d in format_name.split(",") if d in ALLOWED_DEMUXERS), None)
    if demuxer is None:  # ffprobe honoured the whitelist; this is a second lock on the door
        raise MediaRejected(NOT_READABLE)
    streams = report.get("streams") or []
    video = _video_stream(streams, report.get("packets") or [])
    audio = _audio_streams(streams)
    duration = _number(fmt.get("duration")) or _longest_stream(streams)
    _reject_unusable(video, audio, streams, duration)
    if duration is None:
        duration = _measure_duration(path, demuxer, timeout)
    return MediaInfo(
        format_name=format_name,
        demuxer=demuxer,
        duration=duration,
        size_bytes=size,
        video=video,
        audio=audio,
        kind="video" if video else "audio",
    )


def _reject_unusable(
    video: VideoStream | None,
    audio: list[AudioStream],
    streams: list[dict[str, Any]],
    duration: float | None,
) -> None:
    """Refuse still pictures, streamless files and decoding bombs with one sentence each."""
    if video is not None and video.codec in IMAGE_CODECS and not audio:
        raw = next(s for s in streams if s.get("index") == video.index)
        frames = int(_number(raw.get("nb_frames")) or 0)
        if frames <= 1 or not duration or duration * video.fps < 1.5:
            raise MediaRejected(N_("The file is a still image, not a recording."))
    if video is None and not audio:
        raise MediaRejected(N_("The file has neither video nor audio."))
    if video is not None and (
        video.width <= 0 or video.height <= 0 or video.width * video.height > MAX_PIXELS
    ):
        raise MediaRejected(N_("The video picture size is not supported (8K at most)."))


def _measure_duration(path: Path, demuxer: str, timeout: float) -> float:
    """Duration of a file whose header has none (browser-recorded WebM), by demuxing it."""
    stream = ffmpeg.media_input(path, demuxer).output("-", f="null", c="copy", map="0")
    command = ffmpeg.compile_args(stream, "-progress", "pipe:1", "-nostats")
    try:
        result = ffmpeg.run(command, timeout=timeout, failure=NOT_READABLE)
    except MediaError as error:
        if error.transient:
            raise
        raise MediaRejected(error.sentence, log_tail=error.log_tail) from error
    times = re.findall(r"^out_time_us=(\d+)$", result.stdout, flags=re.MULTILINE)
    if not times or int(times[-1]) <= 0:
        raise MediaRejected(N_("The recording has no duration ffmpeg can read."))
    return int(times[-1]) / 1_000_000


def _why_unreadable(path: Path, log: str) -> str:
    """The sentence for a file ffprobe refused, from its first bytes and ffprobe's complaint."""
    with open(path, "rb") as file:
        head = file.read(4096)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for prefix, sentence in _REFUSED_PREFIXES:
        if start.startswith(prefix):
            return sentence
    if b"\0" not in head and _is_text(head):
        if any(name in head for name in _PROTOCOL_NAMES):
            return N_("The file names other files or addresses, not a recording.")
        return N_("The file is text, not a recording.")
    if head[4:8] == b"ftyp" and "moov atom not found" in log:
        return N_("The file is incomplete: its upload may have been cut short.")
    return NOT_READABLE


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a character cut at the end of the sample
    return True


def _video_stream(
    streams: list[dict[str, Any]], packets: list[dict[str, Any]]
) -> VideoStream | None:
    for raw in streams:
        disposition = raw.get("disposition") or {}
        if raw.get("codec_type") != "video" or disposition.get("attached_pic"):
            continue  # cover art inside an mp3/m4a is not the recording's video
        width, height = int(raw.get("width") or 0), int(raw.get("height") or 0)
        rotation = _rotation(raw)
        display_width = _display_width(raw, width)
        if rotation in (90, 270):
            display_width, display_height = height, display_width
        else:
            display_height = height
        average, nominal = _rate(raw.get("avg_frame_rate")), _rate(raw.get("r_frame_rate"))
        fps = average or nominal or 30.0
        pix_fmt = str(raw.get("pix_fmt") or "")
        depth = _BIT_DEPTH.search(pix_fmt)
        return VideoStream(
            index=int(raw["index"]),
            codec=str(raw.get("codec_name") or "unknown"),
            width=width,
            height=height,
            display_width=display_width,
            display_height=display_height,
            rotation=rotation,
            fps=fps,
            is_vfr=_uneven(average, nominal, _packet_times(packets, int(raw["index"]))),
            interlaced=raw.get("field_order") in {"tt", "bb", "tb", "bt"},
            pix_fmt=pix_fmt,
            bit_depth=int(depth.group(1)) if depth else 8,
        )
    return None


def _audio_streams(streams: list[dict[str, Any]]) -> list[AudioStream]:
    tracks = [
        AudioStream(
            index=int(raw["index"]),
            codec=str(raw.get("codec_name") or "unknown"),
            channels=int(raw.get("channels") or 0),
            sample_rate=int(_number(raw.get("sample_rate")) or 0),
            language=_language(raw),
            default=bool((raw.get("disposition") or {}).get("default")),
        )
        for raw in streams
        if raw.get("codec_type") == "audio"
    ]
    # sorted() is stable: the first default track leads, the others keep their order.
    return sorted(tracks, key=lambda track: not track.default)


def _packet_times(packets: list[dict[str, Any]], index: int) -> list[float]:
    times = (_number(p.get("pts_time")) for p in packets if p.get("stream_index") == index)
    return sorted(t for t in times if t is not None)


def _uneven(average: float | None, nominal: float | None, times: list[float]) -> bool:
    """Whether frames come at a variable rate, from the header rates and the first frames."""
    # A real average rate that differs from the nominal one means uneven frame timing.
    if average is None or nominal is None or abs(average - nominal) > 0.01 * nominal:
        return True
    # Matroska and WebM headers state one rate whatever the frames do: look at the frames.
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False) if b > a)
    if len(gaps) < 3:
        return False
    typical = gaps[len(gaps) // 2]
    return gaps[-1] - gaps[0] > 0.5 * typical


def _rotation(raw: dict[str, Any]) -> int:
    """Rotation in degrees (0, 90, 180, 270), from the display matrix or an older tag."""
    for side_data in raw.get("side_data_list") or []:
        if "rotation" in side_data:
            return _quarter_turns(side_data["rotation"])
    return _quarter_turns((raw.get("tags") or {}).get("rotate", 0))


def _quarter_turns(value: object) -> int:
    try:
        degrees = float(str(value))
    except ValueError:
        return 0
    return round(degrees / 90) * 90 % 360 if math.isfinite(degrees) else 0


def _display_width(raw: dict[str, Any], width: int) -> int:
    sar = _rate(raw.get("sample_aspect_ratio"), separator=":")
    return max(round(width * sar), 1) if sar else width


def _language(raw: dict[str, Any]) -> str | None:
    # The tag is uploader-controlled and ends up in the master playlist: only a plain
    # language code (ISO 639 / BCP 47 shape) is kept.
    language = str((raw.get("tags") or {}).get("language") or "")
    return language if _LANGUAGE_TAG.fullmatch(language) and language != "und" else None


def _rate(text: object, separator: str = "/") -> float | None:
    """A positive ffprobe ratio such as "30000/1001" or "4:3", or None."""
    try:
        num, den = str(text).split(separator)
        value = Fraction(int(num), int(den))
    except (ValueError, ZeroDivisionError):
        return None
    return float(value) if 0 < value <= 1000 else None


def _number(text: object) -> float | None:
    try:
        value = float(str(text))
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _longest_stream(streams: list[dict[str, Any]]) -> float | None:
    durations = [d for d in (_number(s.get("duration")) for s in streams) if d]
    return max(durations) if durations else None


def _bytes(limit: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if limit >= size:
            return f"{limit / size:g} {unit}"
    return N_("%(count)d bytes") % {"count": limit}


def _hours(limit: float) -> str:
    if limit >= 3600:
        return N_("%(count)s-hour") % {"count": f"{limit / 3600:g}"}
    if limit >= 60:
        return N_("%(count)s-minute") % {"count": f"{limit / 60:g}"}
    return N_("%(count)s-second") % {"count": f"{limit:g}"}
