"""The master playlist we write, and the measurements it is written from."""

from __future__ import annotations

from pathlib import Path

from media_jobs import hls

_MEDIA = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="init.mp4"
#EXTINF:4.000000,
seg_00000.m4s
#EXTINF:4.000000,
seg_00001.m4s
#EXTINF:0.500000,
seg_00002.m4s
#EXT-X-ENDLIST
"""


def _rendition(folder: Path, sizes: list[int]) -> Path:
    folder.mkdir(parents=True)
    (folder / "init.mp4").write_bytes(b"\0" * 100)
    for index, size in enumerate(sizes):
        (folder / f"seg_{index:05d}.m4s").write_bytes(b"\0" * size)
    playlist = folder / "index.m3u8"
    playlist.write_text(_MEDIA)
    return playlist


def test_bandwidth_is_measured_from_segment_sizes(tmp_path: Path) -> None:
    playlist = _rendition(tmp_path / "720p", [400_000, 600_000, 50_000])
    rate = hls.measure_bandwidth(playlist)
    assert rate.peak == 1_200_000  # the busiest segment: 600 kB in 4 s
    assert rate.average == round(1_050_000 * 8 / 8.5)


def test_master_carries_every_attribute_players_need(tmp_path: Path) -> None:
    _rendition(tmp_path / "720p", [1000, 1000, 10])
    _rendition(tmp_path / "audio", [100, 100, 10])
    variant = hls.StreamInf("720p/index.m3u8", 3_000_000, 2_500_000, "avc1.64001f,mp4a.40.2",
                            (1280, 720), 25.0, hls.AUDIO_GROUP)  # fmt: skip
    master = tmp_path / "master.m3u8"
    hls.write_master(master, [variant], hls.AudioRendition("audio/index.m3u8", 2, "fra"))
    text = master.read_text()
    assert hls.verify_master(master) == []
    assert 'LANGUAGE="fr"' in text and 'GROUP-ID="audio"' in text
    assert (
        "#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2500000,RESOLUTION=1280x720,"
        'CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=25.000,AUDIO="audio"\n720p/index.m3u8'
    ) in text
    assert not list(tmp_path.glob("*.partial"))


def test_verify_master_names_what_is_missing(tmp_path: Path) -> None:
    master = tmp_path / "master.m3u8"
    master.write_text('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="aud"\n720p/index.m3u8\n')
    problems = hls.verify_master(master)
    assert "720p/index.m3u8: no CODECS" in problems
    assert "720p/index.m3u8: audio group aud is not declared" in problems
    assert "720p/index.m3u8: media playlist is missing" in problems


def test_joined_segments_make_one_file_in_playlist_order(tmp_path: Path) -> None:
    playlist = _rendition(tmp_path / "480p", [3, 2, 1])
    joined = hls.join_segments(playlist)
    assert joined.stat().st_size == 100 + 3 + 2 + 1
