"""Bar 2 (editor's part): in Chromium, an editor fixes a transcript line and finds the fix in search."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from tests.editor.support import (
    browser_sign_in,
    create_user,
    import_talk,
    inline_worker,
    live_server,
)
from tests.fixtures.browser import screenshot, wait_until


@pytest.mark.browser
def test_an_editor_fixes_a_line_and_search_finds_the_fix(  # type: ignore[no-untyped-def]
    app: Flask, page, talk_mp4: Path, talk_vtt: Path
) -> None:
    replay_id = import_talk(app, talk_mp4, talk_vtt, title="Discours d'ouverture")
    create_user(app, "fixer@example.org", "editor")
    with inline_worker(app), live_server(app) as server:
        browser_sign_in(page, server, "fixer@example.org")
        page.goto(f"{server.url}/editor/replays/{replay_id}/transcript")
        wait_until(page, "() => document.getElementById('editor-video').readyState >= 1")
        rows = page.locator(".cue-row:not(.new)")
        assert rows.count() == 3
        line = rows.nth(1)
        # Focusing the line's start time shows that moment of the video.
        line.locator("input.time").first.focus()
        wait_until(
            page, "() => Math.abs(document.getElementById('editor-video').currentTime - 5.5) < 0.1"
        )
        text = line.locator("textarea")
        assert "apprentissage" in text.input_value()
        text.fill("La réindustrialisation des territoires passe par l'alternance.")
        screenshot(page, "editor-cue-fix")
        page.click("#cue-editor button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".flash.success").count() == 1
        # The worker (run inline here) has updated the index: the site search finds the fix.
        page.fill("#q", "alternance")
        page.press("#q", "Enter")
        page.wait_for_load_state()
        hit = page.locator(f"a[href*='/replays/{replay_id}?t=5.5']")
        assert hit.count() >= 1
        assert "alternance" in page.locator("mark").first.inner_text().lower()
        page.fill("#q", "apprentissage")
        page.press("#q", "Enter")
        page.wait_for_load_state()
        assert page.locator(f"a[href*='/replays/{replay_id}']").count() == 0
        screenshot(page, "editor-cue-fix-found")
        assert page.console_errors == []
