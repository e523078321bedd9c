"""Posters, storyboards and audio covers a viewer sees on the replay page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from media_jobs.probe import probe
from media_jobs.thumbnails import make_audio_cover, make_poster, make_storyboard
from tests.fixtures.corpus import Corpus

_CUE = re.compile(
    r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n"
    r"storyboard\.jpg#xywh=(\d+),(\d+),(\d+),(\d+)$"
)

VIDEOS = ["h264_aac.mp4", "rotated.mp4", "odd_sar.mkv", "interlaced.mp4", "fade_in.mp4",
          "one_second.mp4", "tiny.mp4", "vp9_opus.webm"]  # fmt: skip


def _seconds(hours: str, minutes: str, seconds: str, millis: str) -> float:
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


@pytest.mark.parametrize("name", VIDEOS)
def test_poster_is_a_real_picture_in_the_right_shape(
    corpus: Corpus, tmp_path: Path, name: str
) -> None:
    source = corpus(name)
    info = probe(source)
    assert info.video is not None
    poster = tmp_path / "poster.jpg"
    make_poster(source, info, poster, timeout=60)
    with Image.open(poster) as image:
        assert image.format == "JPEG"
        width, height = image.size
        grey = image.convert("L")
        # Not black, not flat: the fade-in recording starts with three black seconds.
        assert ImageStat.Stat(grey).mean[0] > 40 and ImageStat.Stat(grey).var[0] > 200
    shown = info.video.display_width / info.video.display_height
    assert abs(width / height - shown) < 0.02
    assert width <= 1280 and height <= 1280 and width % 2 == 0 and height % 2 == 0
    assert list(tmp_path.iterdir()) == [poster]  # no candidate left behind


@pytest.mark.parametrize("name", VIDEOS)
def test_storyboard_track_points_into_its_sprite(corpus: Corpus, tmp_path: Path, name: str) -> None:
    source = corpus(name)
    info = probe(source)
    sprite_name, vtt_name = make_storyboard(source, info, tmp_path, timeout=60)
    assert (sprite_name, vtt_name) == ("storyboard.jpg", "storyboard.vtt")
    with Image.open(tmp_path / sprite_name) as sprite:
        assert sprite.format == "JPEG"
        sprite_w, sprite_h = sprite.size
    text = (tmp_path / vtt_name).read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\n")
    blocks = [block for block in text.split("\n\n")[1:] if block.strip()]
    assert blocks, "at least one thumbnail cue"
    previous_end = 0.0
    for block in blocks:
        match = _CUE.match(block.strip())
        assert match, block
        start, end = _seconds(*match.groups()[0:4]), _seconds(*match.groups()[4:8])
        x, y, w, h = (int(value) for value in match.groups()[8:12])
        assert start == pytest.approx(previous_end) and end > start
        assert x + w <= sprite_w and y + h <= sprite_h
        previous_end = end
    assert previous_end == pytest.approx(info.duration, abs=0.01)


def test_storyboard_honours_the_interval(corpus: Corpus, tmp_path: Path) -> None:
    source = corpus("h264_aac.mp4")
    make_storyboard(source, probe(source), tmp_path, timeout=60, interval=0.5)
    assert (tmp_path / "storyboard.vtt").read_text().count("#xywh=") == 6


@pytest.mark.parametrize("title", [None, "Table ronde : l'usine \"%{pts}\" ; drawtext=text='x'"])
def test_audio_cover_is_drawn_without_ffmpeg(
    corpus: Corpus, tmp_path: Path, title: str | None
) -> None:
    info = probe(corpus("audio.mp3"))
    cover = tmp_path / "poster.jpg"
    make_audio_cover(info, cover, title=title)
    with Image.open(cover) as image:
        assert image.format == "JPEG" and image.size == (1280, 720)
        assert ImageStat.Stat(image.convert("L")).var[0] > 100


def test_covers_of_different_replays_differ(corpus: Corpus, tmp_path: Path) -> None:
    info = probe(corpus("audio.wav"))
    make_audio_cover(info, tmp_path / "a.jpg", title="Keynote")
    make_audio_cover(info, tmp_path / "b.jpg", title="Closing panel")
    assert (tmp_path / "a.jpg").read_bytes() != (tmp_path / "b.jpg").read_bytes()
