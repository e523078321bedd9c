"""The HLS output of a sample of the corpus plays in Debian's Chromium through the player."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tests.fixtures.browser import wait_until
from tests.fixtures.corpus import Published
from tests.fixtures.live_server import live_server

#: One of each kind: H.264, HEVC, VP9, MPEG-2, 10-bit, interlaced, portrait, no sound, audio.
SAMPLE = [
    "h264_aac.mp4",
    "hevc.mkv",
    "vp9_opus.webm",
    "mpeg2.ts",
    "ten_bit.mkv",
    "interlaced.mp4",
    "rotated.mp4",
    "no_audio.mp4",
    "audio.mp3",
]


@pytest.mark.browser
@pytest.mark.slow
def test_sample_plays_in_chromium(
    pipeline_app: Flask,
    published: Callable[[str], Published],
    page,  # type: ignore[no-untyped-def]
) -> None:
    replays = {}
    for name in SAMPLE:
        done = published(name)
        assert done.exit_code == 0, done.outcome
        replays[name] = done.id
    with live_server(pipeline_app) as url:
        for name, replay_id in replays.items():
            page.goto(f"{url}/replays/{replay_id}")
            wait_until(page, "() => document.querySelector('video').readyState >= 1", timeout=20)
            page.evaluate(
                "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
            )
            wait_until(page, "() => document.querySelector('video').currentTime > 0.5", timeout=20)
            via_hls = page.evaluate(
                "() => Boolean(window.replayHls) || document.querySelector('video').currentSrc.startsWith('blob:')"
            )
            assert via_hls, f"{name} did not play through hls.js"
    assert page.console_errors == []
