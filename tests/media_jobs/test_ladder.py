"""The ladder: which renditions a recording gets (pure function, no ffmpeg)."""

from __future__ import annotations

import pytest

from media_jobs.ladder import TIERS, h264_level, plan_ladder
from media_jobs.probe import AudioStream, MediaInfo, VideoStream


def _info(width: int, height: int, *, sar: float = 1.0, rotation: int = 0, fps: float = 25.0,
          vfr: bool = False) -> MediaInfo:  # fmt: skip
    display_w, display_h = round(width * sar), height
    if rotation in (90, 270):
        display_w, display_h = display_h, display_w
    video = VideoStream(0, "h264", width, height, display_w, display_h, rotation, fps, vfr,
                        False, "yuv420p", 8)  # fmt: skip
    audio = [AudioStream(1, "aac", 2, 48000, None, True)]
    return MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", "mov", 60.0, 1000, video, audio, "video")


def _sizes(info: MediaInfo) -> list[tuple[str, int, int]]:
    return [(r.name, r.width, r.height) for r in plan_ladder(info).rungs]


def test_full_hd_gets_every_tier_largest_first() -> None:
    assert _sizes(_info(1920, 1080)) == [
        ("1080p", 1920, 1080),
        ("720p", 1280, 720),
        ("480p", 854, 480),
        ("360p", 640, 360),
    ]


def test_4k_is_capped_at_1080p() -> None:
    assert _sizes(_info(3840, 2160))[0] == ("1080p", 1920, 1080)


def test_720p_source_is_never_upscaled() -> None:
    assert [name for name, _w, _h in _sizes(_info(1280, 720))] == ["720p", "480p", "360p"]


def test_portrait_phone_clip_stays_portrait() -> None:
    sizes = _sizes(_info(1920, 1080, rotation=90))
    assert sizes[0] == ("1080p", 1080, 1920)
    assert all(height > width for _name, width, height in sizes)


def test_pixel_aspect_ratio_is_applied_and_sizes_are_even() -> None:
    # DV PAL widescreen: 720x576 stored, 1024x576 shown.
    sizes = _sizes(_info(720, 576, sar=64 / 45))
    assert sizes == [("480p", 854, 480), ("360p", 640, 360)]
    for _name, width, height in _sizes(_info(640, 481, sar=853 / 640)):
        assert width % 2 == 0 and height % 2 == 0
        assert abs(width / height - 853 / 481) < 0.01


def test_tiny_source_gets_one_rung_at_its_own_size() -> None:
    assert _sizes(_info(160, 120)) == [("120p", 160, 120)]
    assert _sizes(_info(161, 121)) == [("120p", 160, 120)]


def test_cinema_scope_keeps_its_aspect_ratio() -> None:
    top = _sizes(_info(1920, 800))[0]
    assert top == ("1080p", 1920, 800)


def test_bitrates_come_from_the_tier_table_and_fall_with_size() -> None:
    ladder = plan_ladder(_info(1920, 1080))
    assert [r.video_bitrate for r in ladder.rungs] == [tier[3] for tier in TIERS]
    assert all(r.maxrate > r.video_bitrate and r.profile == "high" for r in ladder.rungs)


@pytest.mark.parametrize(
    ("size", "fps", "level"),
    [
        ((1920, 1080), 30, "4.0"),
        ((1920, 1080), 60, "4.2"),
        ((1280, 720), 30, "3.1"),
        ((640, 360), 30, "3.0"),
    ],  # fmt: skip
)
def test_h264_level_fits_size_and_rate(size: tuple[int, int], fps: float, level: str) -> None:
    assert h264_level(*size, fps, 7_500_000) == level


def test_variable_frame_rate_becomes_a_common_constant_rate() -> None:
    assert plan_ladder(_info(640, 360, fps=18.4, vfr=True)).fps == 24.0
    assert plan_ladder(_info(640, 360, fps=29.97, vfr=True)).fps == 30.0
    assert plan_ladder(_info(640, 360, fps=120.0)).fps == 60.0


def test_audio_only_has_no_video_rung() -> None:
    audio = [AudioStream(0, "mp3", 2, 44100, None, True)]
    ladder = plan_ladder(MediaInfo("mp3", "mp3", 60.0, 1000, None, audio, "audio"))
    assert ladder.rungs == [] and ladder.audio_bitrate > 0
