"""A demo replay plays in Debian's Chromium through hls.js, with captions."""

from __future__ import annotations

import json
import time

import pytest

from tests.fixtures.browser import screenshot, wait_until
from tests.fixtures.demo_server import DemoServer


def _published_replay(server: DemoServer) -> dict:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        items = json.loads(server.get("/api/v1/replays?limit=100"))["items"]
        ready = [r for r in items if r["status"] == "published" and "captions" in r["urls"]]
        if ready:
            return ready[0]
        time.sleep(1)
    raise AssertionError("no demo replay was published in time")


@pytest.mark.browser
@pytest.mark.slow
def test_demo_replay_plays_with_captions(demo_server: DemoServer, page) -> None:  # type: ignore[no-untyped-def]
    replay = _published_replay(demo_server)
    page.goto(demo_server.url + replay["urls"]["page"])
    wait_until(
        page, "() => window.Hls !== undefined && document.querySelector('video').readyState >= 1"
    )
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    wait_until(page, "() => document.querySelector('video').currentTime > 1.5", timeout=20)
    tracks = page.evaluate(
        """() => { const t = document.querySelector('video').textTracks[0];
                   t.mode = 'showing'; return {kind: t.kind, cues: t.cues ? t.cues.length : 0}; }"""
    )
    assert tracks["kind"] == "captions"
    wait_until(page, "() => document.querySelector('video').textTracks[0].cues.length > 0")
    assert page.evaluate("document.querySelector('video').textTracks[0].cues.length") > 0
    wait_until(page, "() => document.querySelector('video').textTracks[0].activeCues.length > 0")
    shot = screenshot(page, "replay-playing")
    assert shot.stat().st_size > 10_000
    assert page.console_errors == []
