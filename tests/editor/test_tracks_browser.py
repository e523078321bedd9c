"""Issue 12, bar 3, in Chromium: the captions menu switches tracks and the transcript follows,
the automatic track is labelled, and an editor fixes a word speech recognition was unsure
of; search finds the fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from tests.editor.support import browser_sign_in, create_user, inline_worker, live_server
from tests.fixtures.browser import screenshot, wait_until
from tests.fixtures.media import SpokenTalk

FR_VTT = """WEBVTT

00:00:00.400 --> 00:00:03.500
Les prix de l'énergie ont changé notre façon de planifier la production.

00:00:04.000 --> 00:00:07.000
L'hiver dernier, plusieurs usines ont arrêté leurs fours la nuit.
"""


@pytest.mark.browser
def test_tracks_in_the_player_and_an_unsure_word_fixed(  # type: ignore[no-untyped-def]
    make_app: Callable[..., Flask], page, english_talk: SpokenTalk, tmp_path: Path
) -> None:
    app = make_app(asr_model="tiny.en")
    french = tmp_path / "round-table.fr.vtt"
    french.write_text(FR_VTT, encoding="utf-8")
    runner = app.test_cli_runner()
    imported = runner.invoke(
        args=["import", str(english_talk.path), "--transcript", str(french), "--language", "en",
              "--title", "Energy round table", "--wait", "--json"]
    )  # fmt: skip
    replay_id = json.loads(imported.output.strip().splitlines()[-1])["id"]
    transcribed = runner.invoke(args=["transcribe", replay_id, "--language", "en", "--wait"])
    assert transcribed.exit_code == 0, transcribed.output
    create_user(app, "reviewer@example.org", "editor")

    with inline_worker(app), live_server(app) as server:
        page.goto(f"{server.url}/replays/{replay_id}")
        wait_until(page, "() => document.querySelectorAll('select.captions option').length === 3")
        labels = page.eval_on_selector_all("select.captions option", "os => os.map(o => o.text)")
        assert labels[1:] == ["English (automatic)", "Français"]
        note = page.locator(".track:not([hidden]) .track-note")
        assert "automatic transcript" in note.inner_text().lower()
        assert "energy" in page.locator(".track:not([hidden]) ol").inner_text().lower()
        page.select_option("select.captions", "1")  # values: off, 0, 1 (track order)
        wait_until(page, "() => !document.querySelector('.track[data-language=\"fr\"]').hidden")
        assert "usines" in page.locator(".track:not([hidden]) ol").inner_text()
        assert page.locator(".track[data-language='en']").is_hidden()
        screenshot(page, "tracks-french-transcript")
        # The shown track downloads in the three formats, each read back as the same lines.
        for label, first_line in (("WebVTT", "WEBVTT"), ("SRT", "1"), ("text", "[0:00]")):
            with page.expect_download() as download:
                page.locator(".track:not([hidden]) .track-downloads a", has_text=label).click()
            body = Path(download.value.path()).read_text(encoding="utf-8")
            assert body.splitlines()[0].startswith(first_line), (label, body[:80])
            assert "usines" in body

        browser_sign_in(page, server, "reviewer@example.org")
        page.goto(f"{server.url}/editor/replays/{replay_id}/transcript?language=en")
        assert page.locator(".unsure-summary").count() == 1
        row = page.locator(".cue-row.unsure").first
        unsure = row.locator(".unsure-words mark").first.inner_text()
        text = row.locator("textarea")
        text.fill(text.input_value().replace(unsure, "zeppelins", 1))
        screenshot(page, "tracks-unsure-word")
        page.click("#cue-editor button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".flash.success").count() == 1
        assert page.locator(".badge.origin-edited").count() == 1
        page.goto(f"{server.url}/search?q=zeppelins")
        assert page.locator(f"a[href*='/replays/{replay_id}']").count() >= 1
        assert page.console_errors == []
