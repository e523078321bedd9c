"""Watching a replay in Debian's Chromium: the player, the transcript, quotes and sharing."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.demo_catalogue import DemoReplay, french_replay
from tests.fixtures.browser import screenshot, wait_until
from tests.fixtures.demo_server import DemoServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIDEO = "document.getElementById('video')"


def _open(page: Any, url: str) -> None:
    page.goto(url)
    wait_until(page, f"() => window.ReplayPlayer && {VIDEO}.readyState >= 1")


def _current_time(page: Any) -> float:
    return float(page.evaluate(f"() => {VIDEO}.currentTime"))


def _cue(page: Any, number: int) -> dict[str, float]:
    return page.evaluate(
        """(n) => { const li = document.querySelector(`#transcript li:nth-child(${n})`);
                    return {start: parseFloat(li.dataset.start), end: parseFloat(li.dataset.end)}; }""",
        number,
    )


def test_plays_through_hlsjs_and_switches_quality(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    replay = french_replay(demo_replays)
    _open(page, demo_server.url + replay.page)
    page.click(".player .play")
    wait_until(page, f"() => {VIDEO}.currentTime > 1.5", timeout=20)
    assert page.evaluate("() => window.replayHls !== undefined"), "played through hls.js"
    lowest = min(replay.heights)
    option = page.evaluate(
        """(h) => Array.from(document.querySelectorAll('.quality option'))
                     .find(o => o.textContent === h + 'p').value""",
        lowest,
    )
    page.select_option(".player .quality", option)
    wait_until(page, f"() => {VIDEO}.videoHeight === {lowest}", timeout=20)
    assert page.evaluate("() => window.replayHls.autoLevelEnabled") is False
    start = _current_time(page)
    wait_until(page, f"() => {VIDEO}.currentTime > {start + 0.5}", timeout=10)
    screenshot(page, "viewer-quality-switched")
    assert page.console_errors == []


def test_captions_show_and_toggle(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    _open(page, demo_server.url + french_replay(demo_replays).page + "?t=3")
    wait_until(page, f"() => {VIDEO}.textTracks[0].mode === 'showing'")
    wait_until(page, f"() => {VIDEO}.textTracks[0].activeCues.length > 0", timeout=20)
    page.keyboard.press("c")
    assert page.evaluate(f"() => {VIDEO}.textTracks[0].mode") == "hidden"
    assert page.input_value(".player .captions") == "off"
    assert page.console_errors == []


def test_clicking_a_transcript_line_seeks_there(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    _open(page, demo_server.url + french_replay(demo_replays).page)
    cue = _cue(page, 4)
    page.click("#transcript li:nth-child(4) .text")
    wait_until(
        page, f"() => Math.abs({VIDEO}.currentTime - {cue['start']}) < 0.5 && !{VIDEO}.seeking"
    )
    wait_until(
        page,
        "() => document.querySelector('#transcript li:nth-child(4)').classList.contains('current')",
    )
    wait_until(page, f"() => !{VIDEO}.paused")
    assert page.console_errors == []


def test_a_search_result_opens_the_replay_at_the_moment(
    demo_server: DemoServer, page: Any, demo_replays: list[DemoReplay]
) -> None:
    page.goto(demo_server.url + "/search?q=usine")
    link = page.locator("a.moment").first
    moment = float(parse_qs(urlsplit(link.get_attribute("href")).query)["t"][0])
    assert moment > 0
    link.click()
    page.wait_for_url("**/replays/**")
    wait_until(
        page, f"() => {VIDEO}.readyState >= 1 && !{VIDEO}.seeking && !{VIDEO}.paused", timeout=20
    )
    assert abs(_current_time(page) - moment) < 1.0
    assert page.console_errors == []


def test_a_selected_passage_becomes_a_quote_that_stops_at_its_end(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    _open(page, demo_server.url + french_replay(demo_replays).page)
    first, last = _cue(page, 2), _cue(page, 3)
    page.evaluate(
        """() => { const range = document.createRange();
                   range.setStart(document.querySelector('#transcript li:nth-child(2) .text').firstChild, 3);
                   range.setEnd(document.querySelector('#transcript li:nth-child(3) .text').firstChild, 10);
                   const s = window.getSelection(); s.removeAllRanges(); s.addRange(range); }"""
    )
    wait_until(page, "() => !document.querySelector('.quote-bar').hidden")
    href = page.get_attribute(".quote-bar .play-quote", "href")
    query = parse_qs(urlsplit(href).query)
    assert abs(float(query["start"][0]) - first["start"]) < 0.01
    assert abs(float(query["end"][0]) - last["end"]) < 0.01
    screenshot(page, "viewer-quote-selected")
    page.goto(href)  # the link itself, as someone it was sent to opens it
    page.evaluate(f"() => {{ {VIDEO}.playbackRate = 2; }}")  # the stop must hold at any speed
    wait_until(page, f"() => {VIDEO}.currentTime > {first['start']} && !{VIDEO}.paused", timeout=20)
    wait_until(
        page, f"() => {VIDEO}.paused && {VIDEO}.currentTime >= {last['end'] - 0.3}", timeout=30
    )
    page.wait_for_timeout(800)
    assert page.evaluate(f"() => {VIDEO}.paused")
    assert abs(_current_time(page) - last["end"]) < 0.25
    assert page.console_errors == []


def test_transcript_search_marks_matches_on_the_seek_bar(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    _open(page, demo_server.url + french_replay(demo_replays).page)
    page.fill("#tq", "energie")  # no accent typed: the transcript says "énergie"
    wait_until(page, "() => document.querySelectorAll('#transcript mark').length > 0")
    lines = page.evaluate(
        "() => new Set(Array.from(document.querySelectorAll('#transcript mark')).map(m => m.closest('li'))).size"
    )
    assert page.locator(".markers .marker.match").count() == lines
    assert "1" in page.inner_text(".transcript-search .hits")
    page.hover(".player .seekbar", position={"x": 200, "y": 4})
    wait_until(
        page,
        "() => !document.querySelector('.preview').hidden && document.querySelector('.preview-image').style.backgroundImage.includes('storyboard')",
    )
    screenshot(page, "viewer-transcript-search-and-preview")
    assert page.console_errors == []


def test_share_copies_the_link_at_the_current_time(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_server.url)
    replay = french_replay(demo_replays)
    _open(page, demo_server.url + replay.page + "?t=12")
    page.evaluate(f"() => {VIDEO}.pause()")
    page.click(".share-button")
    wait_until(page, "() => document.querySelector('.actions .status').textContent.length > 0")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == f"{demo_server.url}{replay.page}?t=12"
    assert "/embed/" in page.input_value(".embed-code")
    assert page.console_errors == []


def test_keyboard_shortcuts(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    _open(page, demo_server.url + french_replay(demo_replays).page)
    page.keyboard.press("k")
    wait_until(page, f"() => !{VIDEO}.paused")
    page.keyboard.press("k")
    wait_until(page, f"() => {VIDEO}.paused")
    before = _current_time(page)
    page.keyboard.press("ArrowRight")
    wait_until(page, f"() => {VIDEO}.currentTime >= {before + 4.9}")
    page.keyboard.press("Shift+>")
    assert page.evaluate(f"() => {VIDEO}.playbackRate") == 1.25
    page.keyboard.press("m")
    assert page.evaluate(f"() => {VIDEO}.muted")
    page.keyboard.press("f")
    wait_until(page, "() => document.fullscreenElement === document.getElementById('player')")
    assert page.console_errors == []


def test_the_embed_plays_with_its_transcript(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    replay = french_replay(demo_replays)
    _open(page, f"{demo_server.url}/embed/{replay.id}?transcript=1&t=3")
    wait_until(page, f"() => {VIDEO}.currentTime > 4 && !{VIDEO}.paused", timeout=20)
    assert page.locator("#transcript li").count() > 3
    screenshot(page, "viewer-embed-playing")
    assert page.console_errors == []
