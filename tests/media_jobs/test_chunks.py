"""Chunked transcoding: boundaries on segment multiples, and a joined encode that is the
one-piece encode again (same frames, same timestamps, same keyframes, valid playlists)."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from media_jobs import chunks, hls, loudness
from media_jobs.ladder import plan_ladder
from media_jobs.probe import probe
from media_jobs.timeline import read_timeline
from media_jobs.transcode import HLS_DIR, MASTER, transcode


def test_chunks_are_whole_segments_and_cover_every_frame() -> None:
    planned = chunks.plan_chunks(240, 25.0, segment_seconds=4, chunk_seconds=60)
    assert [c.first_frame for c in planned] == [0, 1500, 3000, 4500]
    assert [c.frames for c in planned] == [1500, 1500, 1500, None]
    assert [c.first_segment for c in planned] == [0, 15, 30, 45]
    assert [c.start for c in planned] == [0.0, 60.0, 120.0, 180.0]


def test_chunks_are_as_even_as_whole_segments_allow() -> None:
    # 240 s in 4-second segments and chunks of about 30 s: 60 segments in 8 chunks.
    planned = chunks.plan_chunks(240, 30.0, segment_seconds=4, chunk_seconds=30)
    assert [c.first_segment for c in planned] == [0, 7, 15, 22, 30, 37, 45, 52]
    assert [c.start for c in planned] == [4.0 * c.first_segment for c in planned]
    assert {c.frames for c in planned[:-1]} == {7 * 120, 8 * 120}
    # 250 s: the remainder is spread, not left to a last chunk of its own or added to one.
    lengths = _lengths(chunks.plan_chunks(250, 25.0, segment_seconds=4, chunk_seconds=60), 250)
    assert len(lengths) == 4 and max(lengths) - min(lengths) <= 6


def test_a_short_recording_is_one_chunk_and_never_more_chunks_than_segments() -> None:
    assert len(chunks.plan_chunks(70, 25.0, segment_seconds=2, chunk_seconds=60)) == 1
    assert len(chunks.plan_chunks(95, 25.0, segment_seconds=2, chunk_seconds=60)) == 2
    assert len(chunks.plan_chunks(20, 25.0, segment_seconds=2, chunk_seconds=60)) == 1
    assert len(chunks.plan_chunks(9, 25.0, segment_seconds=4, chunk_seconds=1)) == 3


def _lengths(planned: list[chunks.Chunk], duration: float) -> list[float]:
    ends = [c.start for c in planned[1:]] + [duration]
    return [end - c.start for c, end in zip(planned, ends, strict=True)]


@pytest.mark.parametrize(
    ("fps", "seconds", "frame"),
    [
        (30000 / 1001, 8, 240),  # 239.76 frames: the keyframe is the next frame, 8.008 s
        (30000 / 1001, 60, 1799),  # 1798.2 frames
        (24000 / 1001, 4, 96),  # 95.904 frames
        (25.0, 60, 1500),  # exact
        (30.0, 4, 120),
    ],
)
def test_boundaries_fall_on_the_frame_the_ladder_forces_a_keyframe_on(
    fps: float, seconds: int, frame: int
) -> None:
    rate = Fraction(chunks.frame_rate(fps))
    assert chunks.boundary_frame(seconds, rate) == frame
    # ffmpeg's rule: the first frame whose time reaches the boundary.
    time_base = rate.denominator / rate.numerator
    assert frame * time_base >= seconds > (frame - 1) * time_base


@pytest.fixture(scope="module")
def talk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """21 s of 854x480 at 29.97 fps with a tone: two rungs, boundaries between frames."""
    path = tmp_path_factory.mktemp("chunks") / "talk.mp4"
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=30000/1001:duration=21",
            "-f", "lavfi", "-i", "sine=frequency=300:duration=21",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "300",
            "-c:a", "aac", "-shortest", str(path),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path


def test_a_chunked_encode_is_the_one_piece_encode(talk: Path, tmp_path: Path) -> None:
    info = probe(talk)
    ladder = plan_ladder(info, segment_seconds=2)
    assert [r.name for r in ladder.rungs] == ["480p", "360p"]
    whole = transcode(talk, info, ladder, tmp_path / "whole", timeout=300)

    planned = chunks.plan_chunks(info.duration, ladder.fps, segment_seconds=2, chunk_seconds=8)
    assert len(planned) == 3
    measured = loudness.measure(talk, info, timeout=60)
    out = tmp_path / "chunked"
    chunks.encode_audio(talk, info, ladder, measured, out, timeout=300)
    parts = []
    for chunk in reversed(planned):  # any order: each part is self-contained
        folder = tmp_path / f"part-{chunk.index}"
        chunks.encode_chunk(talk, info, ladder, chunk, folder, timeout=300)
        parts.insert(0, (chunk, folder))
    joined = chunks.join_chunks(parts, info, ladder, measured, out, timeout=300)

    frame = 1 / Fraction(chunks.frame_rate(ladder.fps))
    seams = {Fraction(c.first_frame) * frame for c in planned[1:]}
    for rung in ladder.rungs:
        one = read_timeline(tmp_path / "whole" / HLS_DIR / rung.name / "index.m3u8")
        parted = read_timeline(out / HLS_DIR / rung.name / "index.m3u8")
        assert parted.problems(frame) == []  # no gap, overlap or repeat, at the seams too
        assert len(parted.pts) == len(one.pts) > 600
        assert parted.pts == one.pts
        assert parted.keyframes == one.keyframes
        assert parted.segment_starts == one.segment_starts
        delay = one.pts[0]  # B-frame reordering shifts every timestamp alike
        assert {seam + delay for seam in seams} <= set(parted.segment_starts)
    # Keyframes aligned across rungs: a player switches rung at any segment.
    timelines = [read_timeline(out / HLS_DIR / r.name / "index.m3u8") for r in ladder.rungs]
    assert timelines[0].keyframes == timelines[1].keyframes
    assert hls.verify_master(out / MASTER) == []
    for a, b in zip(whole.variants, joined.variants, strict=True):
        assert (a.name, a.width, a.height, a.codecs, a.frame_rate, a.playlist) == (
            b.name, b.width, b.height, b.codecs, b.frame_rate, b.playlist,
        )  # fmt: skip
        # Measured the same way from segments of two encodes: close, not byte-identical.
        assert b.average_bandwidth == pytest.approx(a.average_bandwidth, rel=0.15)
    audio = out / HLS_DIR / "audio" / "index.m3u8"
    assert audio.read_text() == (tmp_path / "whole" / HLS_DIR / "audio" / "index.m3u8").read_text()
    assert joined.mp4 is not None and (out / joined.mp4).stat().st_size > 0
