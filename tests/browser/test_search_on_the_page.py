"""In Chromium: a search's matches on its results' timelines and on the replay it opens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.demo_catalogue import DemoReplay, french_replay
from tests.fixtures.browser import screenshot, wait_until
from tests.fixtures.demo_server import DemoServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIDEO = "document.getElementById('video')"


def _current_time(page: Any) -> float:
    return float(page.evaluate(f"() => {VIDEO}.currentTime"))


def _settled_near(page: Any, seconds: float) -> None:
    wait_until(
        page,
        f"() => {VIDEO}.readyState >= 1 && !{VIDEO}.seeking"
        f" && Math.abs({VIDEO}.currentTime - {seconds}) < 0.6",
        timeout=20,
    )


def test_matches_on_the_timeline_seek_bar_and_transcript(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    keynote = french_replay(demo_replays)  # says "usines" in two lines, "usine" never inside a word
    page.goto(demo_server.url + "/search?q=usines")
    group = page.locator(f'section.result-group:has(a[href="{keynote.page}"])')
    timeline = group.locator("ol.timeline.enhanced")
    wait_until(page, "() => document.querySelector('ol.timeline.enhanced') !== null")
    marks = timeline.locator("li a")
    assert marks.count() >= 2, "every matching moment of the replay is on its timeline"
    assert all(
        "q=usines" in (marks.nth(i).get_attribute("href") or "") for i in range(marks.count())
    )
    assert marks.first.get_attribute("aria-label"), "each mark says its time"
    marks.nth(1).hover()
    wait_until(
        page,
        "() => Array.from(document.querySelectorAll('.timeline-preview')).some(i => i.offsetWidth > 0 && i.complete && i.naturalWidth > 0)",
    )
    screenshot(page, "search-results-timeline")

    group.locator("a.moment").first.click()
    page.wait_for_url("**/replays/**q=usines**")
    wait_until(
        page, "() => window.ReplayPlayer && !document.querySelector('.query-matches').hidden"
    )
    hits = page.evaluate(
        """() => Array.from(document.querySelectorAll('#transcript li[data-marks]'))
                   .map(li => parseFloat(li.dataset.start))"""
    )
    assert len(hits) >= 2
    marked = page.evaluate(
        "() => Array.from(document.querySelectorAll('#transcript mark')).map(m => m.textContent.toLowerCase())"
    )
    assert marked and all(word.startswith("usine") for word in marked), marked
    assert page.locator(".markers .marker.match").count() == len(hits)
    _settled_near(page, hits[0])
    page.evaluate(f"() => {VIDEO}.pause()")

    page.click(".query-matches .next-match")
    _settled_near(page, hits[1])
    assert page.locator("#transcript mark.current-match").count() >= 1
    assert "2" in page.inner_text(".query-matches .query-count")
    page.click(".query-matches .prev-match")
    _settled_near(page, hits[0])
    screenshot(page, "viewer-search-matches")
    assert page.console_errors == []
