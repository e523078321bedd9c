"""What probe reports about every kind of recording editors upload."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from media_jobs.probe import probe
from tests.fixtures.corpus import Corpus

# name -> demuxer, video codec (None: audio only), display size, bit depth
KINDS = {
    "h264_aac.mp4": ("mov", "h264", (1280, 720), 8),
    "hevc.mkv": ("matroska", "hevc", (640, 360), 8),
    "vp9_opus.webm": ("matroska", "vp9", (640, 360), 8),
    "mpeg2.ts": ("mpegts", "mpeg2video", (720, 576), 8),
    "prores.mov": ("mov", "prores", (640, 360), 10),
    "ten_bit.mkv": ("matroska", "h264", (640, 360), 10),
    "odd_sar.mkv": ("matroska", "mpeg4", (853, 481), 8),
    "rotated.mp4": ("mov", "h264", (360, 640), 8),
    "audio.mp3": ("mp3", None, None, None),
    "audio.m4a": ("mov", None, None, None),
    "audio.wav": ("wav", None, None, None),
    "audio.opus.ogg": ("ogg", None, None, None),
}


@pytest.mark.parametrize("name", KINDS)
def test_probe_names_container_codec_and_shown_size(corpus: Corpus, name: str) -> None:
    demuxer, codec, size, depth = KINDS[name]
    info = probe(corpus(name))
    assert info.demuxer == demuxer and demuxer in info.format_name.split(",")
    assert info.duration > 0.9 and info.size_bytes == corpus(name).stat().st_size
    if codec is None:
        assert info.kind == "audio" and info.video is None and info.audio
        return
    assert info.kind == "video" and info.video is not None
    assert info.video.codec == codec and info.video.bit_depth == depth
    assert (info.video.display_width, info.video.display_height) == size


def test_portrait_phone_clip_reports_its_rotation(corpus: Corpus) -> None:
    video = probe(corpus("rotated.mp4")).video
    assert video is not None
    assert (video.width, video.height, video.rotation) == (640, 360, 90)


def test_interlaced_and_variable_rate_sources_are_recognised(corpus: Corpus) -> None:
    interlaced, uneven, steady = (
        probe(corpus(name)).video for name in ("interlaced.mp4", "vfr.mkv", "h264_aac.mp4")
    )
    assert interlaced is not None and interlaced.interlaced and interlaced.fps == 25
    assert uneven is not None and uneven.is_vfr
    assert steady is not None and not steady.is_vfr and not steady.interlaced


def test_default_audio_track_comes_first(corpus: Corpus) -> None:
    tracks = probe(corpus("two_tracks.mkv")).audio
    assert [(t.language, t.default) for t in tracks] == [("fra", True), ("eng", False)]


def test_video_without_audio(corpus: Corpus) -> None:
    info = probe(corpus("no_audio.mp4"))
    assert info.kind == "video" and info.audio == []


def test_recording_without_a_stated_duration_is_measured(corpus: Corpus, tmp_path: Path) -> None:
    # Browsers' MediaRecorder writes WebM without a duration in the header.
    live = tmp_path / "browser.webm"
    subprocess.run(  # noqa: S603
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            str(corpus("vp9_opus.webm")),
            "-c",
            "copy",
            "-f",
            "webm",
            "-live",
            "1",
            str(live),
        ],  # fmt: skip
        check=True,
        timeout=60,
    )
    assert probe(live).duration == pytest.approx(2.0, abs=0.15)
