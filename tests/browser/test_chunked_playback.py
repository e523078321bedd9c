"""A replay transcoded in chunks plays through every seam in Debian's Chromium (hls.js)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from tests.editor.support import live_server
from tests.fixtures.browser import wait_until

SECONDS = 20
#: Chunks of 6 s (three 2-second segments): seams at 6 s and 12 s, the last chunk 8 s long.
SEAMS = (6.0, 12.0)


@pytest.mark.browser
@pytest.mark.slow
def test_a_chunked_replay_plays_through_its_seams(  # type: ignore[no-untyped-def]
    make_app: Callable[..., Flask], tmp_path: Path, page
) -> None:
    source = tmp_path / "talk.mp4"
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=480x270:rate=25:duration={SECONDS}",
            "-f", "lavfi", "-i", f"sine=frequency=300:duration={SECONDS}",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(source),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    app = make_app(chunk_threshold_s="10", chunk_seconds="6", segment_seconds="2")
    result = app.test_cli_runner().invoke(
        args=["import", str(source), "--wait", "--json", "--title", "Seams"]
    )
    outcome = json.loads(result.output.strip().splitlines()[-1])
    assert outcome["status"] == "published", outcome
    with live_server(app) as server:
        page.goto(f"{server.url}/replays/{outcome['id']}")
        wait_until(
            page,
            "() => window.Hls !== undefined && document.querySelector('video').readyState >= 1",
            timeout=30,
        )
        page.evaluate(
            """() => { const v = document.querySelector('video');
                       window.stalls = 0; v.addEventListener('waiting', () => window.stalls++);
                       v.muted = true; v.playbackRate = 2; return v.play(); }"""
        )
        for seam in SEAMS:
            page.evaluate("(t) => { document.querySelector('video').currentTime = t; }", seam - 1)
            wait_until(
                page,
                "(t) => document.querySelector('video').currentTime > t",
                timeout=30,
                arg=seam + 1.5,
            )
        wait_until(page, "() => document.querySelector('video').ended", timeout=30)
        quality = page.evaluate(
            """() => { const q = document.querySelector('video').getVideoPlaybackQuality();
                       return {total: q.totalVideoFrames, dropped: q.droppedVideoFrames,
                               duration: document.querySelector('video').duration}; }"""
        )
    assert abs(quality["duration"] - SECONDS) < 0.2
    assert quality["total"] > 0
    assert page.console_errors == []
