"""Every class of recording through the whole pipeline: good ones published with the right
ladder, hostile ones failed with one sentence and nothing published (issue 3, bar 1).

The ffmpeg-level proofs that no local file is read and no connection is made are in
tests/media_jobs/test_hostile.py (strace + a loopback listener); here each input goes in
through ``replay-archive import --wait`` as an editor's file would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive import services
from tests.fixtures.corpus import EXPECTED_RUNGS, REFUSED, Published, import_wait


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED_RUNGS))
def test_good_input_is_published_with_its_ladder(
    pipeline_app: Flask, published: Callable[[str], Published], name: str
) -> None:
    code, outcome = published(name).exit_code, published(name).outcome
    assert code == 0 and outcome["status"] == "published", outcome
    client = pipeline_app.test_client()
    detail = client.get(f"/api/v1/replays/{outcome['id']}").get_json()
    sizes = sorted((r["width"], r["height"]) for r in detail["renditions"] if r["width"])
    assert sizes == sorted(EXPECTED_RUNGS[name])
    assert detail["media_kind"] == ("audio" if not EXPECTED_RUNGS[name] else "video")
    for kind in ("hls", "mp4", "poster"):
        response = client.get(detail["urls"][kind])
        assert response.status_code == 200, (kind, detail["urls"][kind])
    master = client.get(detail["urls"]["hls"]).get_data(as_text=True)
    if not EXPECTED_RUNGS[name]:  # an audio replay: one audio-only variant
        assert 'CODECS="mp4a.40.2"' in master
    elif name != "no_audio.mp4":  # audio encoded once, shared by every rung as a group
        assert master.count("#EXT-X-MEDIA:TYPE=AUDIO") == 1
        assert master.count('AUDIO="') == len(EXPECTED_RUNGS[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_input_is_rejected_and_nothing_published(
    pipeline_app: Flask, published: Callable[[str], Published], name: str
) -> None:
    code, outcome = published(name).exit_code, published(name).outcome
    assert code != 0
    assert outcome["status"] == "failed"
    assert outcome["error"] == REFUSED[name]
    client = pipeline_app.test_client()
    assert client.get(f"/api/v1/replays/{outcome['id']}").get_json()["urls"] == {
        "page": f"/replays/{outcome['id']}"
    }
    with pipeline_app.app_context():
        assert services.storage().list_keys(f"replays/{outcome['id']}/") == []


@pytest.mark.parametrize(
    "body",
    [
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:1,\nhttp://127.0.0.1:9/segment.ts\n#EXT-X-ENDLIST\n",
        "ffconcat version 1.0\nfile '/etc/passwd'\n",
        "concat:/etc/passwd|/etc/hostname\n",
    ],
)
def test_playlists_posing_as_media_are_rejected(
    pipeline_app: Flask, tmp_path: Path, body: str
) -> None:
    path = tmp_path / "keynote.mp4"
    path.write_text(body)
    code, outcome = import_wait(pipeline_app, path)
    assert code != 0 and outcome["status"] == "failed"
    assert "not a recording" in outcome["error"]
    with pipeline_app.app_context():
        assert services.storage().list_keys(f"replays/{outcome['id']}/") == []
