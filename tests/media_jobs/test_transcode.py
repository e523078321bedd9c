"""Transcoding every kind of good recording into HLS a browser plays, and a download MP4."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from media_jobs import hls
from media_jobs.errors import MediaTimeout
from media_jobs.ladder import plan_ladder
from media_jobs.probe import probe
from media_jobs.transcode import transcode
from tests.fixtures.corpus import EXPECTED_RUNGS, HEAVY, Corpus, Transcoded
from tests.media_jobs.helpers import (
    integrated_loudness,
    keyframe_times,
    moov_before_mdat,
    streams,
)

CASES = [pytest.param(name, sizes, id=name) for name, sizes in EXPECTED_RUNGS.items()] + [
    pytest.param(name, sizes, id=name, marks=pytest.mark.slow) for name, sizes in HEAVY.items()
]


@pytest.mark.parametrize(("name", "sizes"), CASES)
def test_recording_becomes_playable_hls(
    transcoded: Callable[[str], Transcoded], name: str, sizes: list[tuple[int, int]]
) -> None:
    done = transcoded(name)
    result = done.result
    assert [(v.width, v.height) for v in result.variants if v.width] == sizes
    master = done.out_dir / result.master_playlist
    assert hls.verify_master(master) == []
    has_audio = bool(done.info.audio)
    for variant in result.variants:
        read = streams(done.out_dir / variant.playlist)  # ffprobe reads every variant
        codecs = {s["codec_name"] for s in read}
        if variant.width:
            video = next(s for s in read if s["codec_type"] == "video")
            assert (video["width"], video["height"]) == (variant.width, variant.height)
            assert video["pix_fmt"] == "yuv420p" and video["profile"] == "High"
            # Turned upright once, in the pixels: no display matrix left to turn it again.
            assert not any("rotation" in d for d in video.get("side_data_list", []))
            assert variant.codecs.startswith("avc1.64")
        else:
            assert codecs == {"aac"} and variant.codecs == "mp4a.40.2"
        assert ("mp4a.40.2" in variant.codecs) == has_audio
        assert variant.bandwidth >= variant.average_bandwidth > 0
    assert ('TYPE=AUDIO,GROUP-ID="audio"' in master.read_text()) == (has_audio and bool(sizes))


@pytest.mark.parametrize("name", ["h264_aac.mp4", "rotated.mp4", "no_audio.mp4", "audio.m4a"])
def test_download_is_a_progressive_mp4_of_a_middle_rung(
    transcoded: Callable[[str], Transcoded], name: str
) -> None:
    done = transcoded(name)
    assert done.result.mp4 == "download.mp4"
    download = done.out_dir / done.result.mp4
    assert moov_before_mdat(download)
    kinds = {s["codec_type"]: s for s in streams(download)}
    assert ("audio" in kinds) == bool(done.info.audio)
    assert ("video" in kinds) == bool(done.ladder.rungs)
    if done.ladder.rungs:
        middle = done.ladder.rungs[len(done.ladder.rungs) // 2]
        assert (kinds["video"]["width"], kinds["video"]["height"]) == (middle.width, middle.height)


def test_files_are_listed_with_the_master_last_and_nothing_left_over(
    transcoded: Callable[[str], Transcoded],
) -> None:
    done = transcoded("h264_aac.mp4")
    files = done.result.files
    assert files[-1] == "hls/master.m3u8"
    on_disk = sorted(
        str(p.relative_to(done.out_dir)) for p in done.out_dir.rglob("*") if p.is_file()
    )
    assert sorted(files) == on_disk


def test_progress_rises_to_one(transcoded: Callable[[str], Transcoded]) -> None:
    progress = transcoded("h264_aac.mp4").progress
    assert progress[0] == 0.0 and progress[-1] == 1.0
    assert progress == sorted(progress) and len(progress) > 3


def test_audio_is_normalised_to_minus_16_lufs(transcoded: Callable[[str], Transcoded]) -> None:
    done = transcoded("h264_aac.mp4")
    assert {"input_i", "input_tp", "input_lra", "input_thresh"} <= set(done.result.loudness)
    assert done.result.loudness["input_i"] < -18  # the generated tone is quieter than the target
    assert integrated_loudness(done.out_dir / "download.mp4") == pytest.approx(-16, abs=1.0)


def test_default_audio_track_is_the_one_published(
    transcoded: Callable[[str], Transcoded],
) -> None:
    done = transcoded("two_tracks.mkv")
    assert [track.language for track in done.info.audio] == ["fra", "eng"]
    assert 'LANGUAGE="fr"' in (done.out_dir / done.result.master_playlist).read_text()


def test_rungs_switch_on_the_same_frames(corpus: Corpus, tmp_path: Path) -> None:
    source = corpus("h264_aac.mp4")
    info = probe(source)
    ladder = plan_ladder(info, segment_seconds=1)
    result = transcode(source, info, ladder, tmp_path, timeout=120)
    durations, keyframes = set(), set()
    for variant in result.variants:
        playlist = hls.read_media_playlist(tmp_path / variant.playlist)
        durations.add(tuple(round(s.duration, 3) for s in playlist.segments))
        keyframes.add(tuple(keyframe_times(tmp_path / variant.playlist)))
    assert len(durations) == 1 and len(keyframes) == 1
    # Players see each rung start with a keyframe every second (the segment length).
    times = keyframes.pop()
    assert [round(t - times[0], 2) for t in times] == [0.0, 1.0, 2.0]


def test_hung_transcode_is_stopped_with_a_clear_sentence(corpus: Corpus, tmp_path: Path) -> None:
    source = corpus("h264_aac.mp4")
    info = probe(source)
    with pytest.raises(MediaTimeout) as caught:
        transcode(source, info, plan_ladder(info), tmp_path, timeout=0.3)
    assert "limit" in caught.value.sentence and caught.value.sentence.endswith(".")
