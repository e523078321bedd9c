"""Plan the renditions of a recording: a pure function from ``MediaInfo`` to a ``Ladder``."""

from __future__ import annotations

import math
from dataclasses import dataclass

from media_jobs.probe import MediaInfo

#: The ladder, as data: name, bounding box (landscape), target, peak and buffer bits per second.
#: Peaks at 1.5x the target and a two-second buffer keep segments within Apple's authoring
#: guidance (peak at most twice the average) while letting busy scenes breathe.
TIERS: tuple[tuple[str, int, int, int, int, int], ...] = (
    # name     width  height  bitrate    maxrate    bufsize
    ("1080p", 1920, 1080, 5_000_000, 7_500_000, 10_000_000),
    ("720p", 1280, 720, 2_800_000, 4_200_000, 5_600_000),
    ("480p", 854, 480, 1_400_000, 2_100_000, 2_800_000),
    ("360p", 640, 360, 800_000, 1_200_000, 1_600_000),
)

#: AAC-LC stereo, encoded once and shared by every video rung.
AUDIO_BITRATE = 128_000
#: libx264 preset: the speed/size trade-off PeerTube also ships by default.
X264_PRESET = "veryfast"
#: H.264 levels as (name, max macroblocks per second, max macroblocks per frame, High-profile
#: max bit rate) from ITU-T H.264 Annex A, tables A-1 and A-2 (High: 1.25 x the Main limits).
H264_LEVELS: tuple[tuple[str, int, int, int], ...] = (
    ("3.0", 40_500, 1_620, 12_500_000),
    ("3.1", 108_000, 3_600, 17_500_000),
    ("3.2", 216_000, 5_120, 25_000_000),
    ("4.0", 245_760, 8_192, 25_000_000),
    ("4.1", 245_760, 8_192, 62_500_000),
    ("4.2", 522_240, 8_704, 62_500_000),
    ("5.0", 589_824, 22_080, 168_750_000),
    ("5.1", 983_040, 36_864, 300_000_000),
)
#: Above this, frames are dropped.
MAX_FPS = 60.0
#: Players and encoders assume some rate; a stream without one is treated as this.
DEFAULT_FPS = 30.0
#: Constant rates a variable-rate source (a phone clip, a screen capture) is brought to.
COMMON_RATES = (24.0, 25.0, 30.0, 48.0, 50.0, 60.0)


@dataclass(frozen=True)
class Rung:
    """One video rendition to encode."""

    name: str
    width: int
    height: int
    video_bitrate: int
    maxrate: int
    bufsize: int
    profile: str
    level: str


@dataclass(frozen=True)
class Ladder:
    """Every rendition of one recording, largest first, and what they share."""

    rungs: list[Rung]
    audio_bitrate: int
    segment_seconds: int
    fps: float


def plan_ladder(info: MediaInfo, *, segment_seconds: int = 4) -> Ladder:
    """The renditions worth encoding for ``info``: never upscaled, aspect and orientation kept."""
    video = info.video
    if video is None:
        return Ladder([], AUDIO_BITRATE, segment_seconds, 0.0)
    fps = output_fps(video.fps, video.is_vfr)
    width, height = video.display_width, video.display_height
    rungs: list[Rung] = []
    for name, box_w, box_h, bitrate, maxrate, bufsize in TIERS:
        # A portrait clip stays portrait: the tier's height bounds the short side.
        if height > width:
            box_w, box_h = box_h, box_w
        scale = min(box_w / width, box_h / height)
        if scale > 1:
            continue  # never upscale
        size = (even(width * scale, width), even(height * scale, height))
        if any((r.width, r.height) == size for r in rungs):
            continue  # tiny or odd sources can round two tiers to the same size
        # Bits follow pixels: a source narrower than 16:9 needs fewer than the tier's box.
        share = min(1.0, size[0] * size[1] / (box_w * box_h))
        rungs.append(_rung(name, size, fps, share, (bitrate, maxrate, bufsize)))
    if not rungs:
        # Smaller than the smallest tier: one rung at the source's own (even) size.
        name, box_w, box_h, *rates = TIERS[-1]
        size = (even(width, width), even(height, height))
        share = size[0] * size[1] / (box_w * box_h)
        rungs.append(_rung(f"{min(size)}p", size, fps, share, tuple(rates)))
    return Ladder(rungs, AUDIO_BITRATE, segment_seconds, fps)


def output_fps(fps: float, is_vfr: bool) -> float:
    """The constant frame rate every rung is encoded at."""
    if fps <= 0:
        return DEFAULT_FPS  # a stream that states no rate gets a common one
    if is_vfr:
        # An average of uneven frames (18.4) is no rate to encode at: take the common rate
        # just above it, so no captured motion is lost.
        return next((rate for rate in COMMON_RATES if rate >= fps - 0.01), MAX_FPS)
    return min(fps, MAX_FPS)  # above 60 viewers gain nothing and every rung costs more


def _rung(
    name: str, size: tuple[int, int], fps: float, share: float, rates: tuple[int, ...]
) -> Rung:
    # Even small pictures need some bits; a quarter of the tier's keeps them watchable.
    bitrate, maxrate, bufsize = (round(rate * max(share, 0.25)) for rate in rates)
    # Frame rates above 30 carry more motion per second: give them half as many bits again.
    if fps > 31:
        bitrate, maxrate, bufsize = (round(rate * 1.5) for rate in (bitrate, maxrate, bufsize))
    return Rung(
        name=name,
        width=size[0],
        height=size[1],
        video_bitrate=bitrate,
        maxrate=maxrate,
        bufsize=bufsize,
        profile="high",
        level=h264_level(size[0], size[1], fps, maxrate),
    )


def h264_level(width: int, height: int, fps: float, maxrate: int) -> str:
    """The lowest H.264 level whose limits fit the picture size, frame rate and peak rate."""
    macroblocks = math.ceil(width / 16) * math.ceil(height / 16)
    for name, per_second, per_frame, max_bitrate in H264_LEVELS:
        if macroblocks <= per_frame and macroblocks * fps <= per_second and maxrate <= max_bitrate:
            return name
    return H264_LEVELS[-1][0]


def even(value: float, limit: int | None = None) -> int:
    """The nearest even whole number, at least 2 and at most ``limit`` (4:2:0 needs even sizes)."""
    nearest = round(value / 2) * 2
    if limit is not None:
        nearest = min(nearest, limit - limit % 2)  # rounding must never upscale an odd source
    return max(2, nearest)
