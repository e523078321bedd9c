"""The editor in Chromium: every page loads without a CSP complaint, and its scripts work."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from archive.processing.pipeline import run_job
from tests.editor.support import (
    browser_sign_in,
    create_user,
    csrf_token,
    import_queued,
    live_server,
    signed_in,
)
from tests.fixtures.browser import screenshot, wait_until


def _some_history(app: Flask, talk: str) -> None:
    """A few audited actions, so the audit log and the chapters page have something to show."""
    editor = signed_in(app, "history@example.org", "editor")
    token = csrf_token(editor)
    editor.post(
        f"/editor/replays/{talk}/chapters",
        data=MultiDict(
            [
                ("csrf_token", token),
                ("row", "a"),
                ("a-start", "0"),
                ("a-title", "Accueil"),
                ("row", "b"),
                ("b-start", "5.5"),
                ("b-title", "Les territoires"),
            ]
        ),
    )
    editor.post(f"/editor/replays/{talk}/unpublish", data={"csrf_token": token})
    editor.post(f"/editor/replays/{talk}/publish", data={"csrf_token": token})
    create_user(app, "viewer-of-history@example.org", "viewer")


@pytest.mark.browser
def test_every_editor_page_renders_cleanly(app: Flask, page, talk: str) -> None:  # type: ignore[no-untyped-def]
    create_user(app, "pages-admin@example.org", "admin")
    _some_history(app, talk)
    with live_server(app) as server:
        browser_sign_in(page, server, "pages-admin@example.org")
        for name, path in [
            ("editor-replays", "/editor/"),
            ("editor-new", "/editor/replays/new"),
            ("editor-details", f"/editor/replays/{talk}"),
            ("editor-chapters", f"/editor/replays/{talk}/chapters"),
            ("editor-media", f"/editor/replays/{talk}/media"),
            ("editor-delete", f"/editor/replays/{talk}/delete"),
            ("editor-audit", "/editor/audit"),
            ("editor-users", "/editor/users"),
        ]:
            page.goto(server.url + path + "?lang=en")
            assert page.locator("h1").count() >= 1, path
            screenshot(page, name)
        assert page.console_errors == []


@pytest.mark.browser
def test_now_buttons_and_new_rows(app: Flask, page, talk: str) -> None:  # type: ignore[no-untyped-def]
    create_user(app, "rows@example.org", "editor")
    with live_server(app) as server:
        browser_sign_in(page, server, "rows@example.org")
        page.goto(f"{server.url}/editor/replays/{talk}/chapters")
        wait_until(page, "() => document.getElementById('editor-video').readyState >= 1")
        page.evaluate("() => { document.getElementById('editor-video').currentTime = 6.25; }")
        wait_until(page, "() => document.getElementById('video-now').value === '0:06.250'")
        page.click("#chapter-rows li:first-child button.now")
        assert page.input_value("#chapter-rows li:first-child input.time") == "0:06.250"
        page.fill("#chapter-rows li:first-child input.title", "Les territoires")
        page.click("[data-add-row=new-chapter]")
        added = page.locator("#chapter-rows li.new")
        assert added.count() == 1
        added.locator("input.time").fill("0:01")
        added.locator("input.title").fill("Accueil")
        page.click(".chapter-editor button[type=submit]")
        page.wait_for_load_state()
        titles = page.locator("#chapter-rows input.title")
        assert [titles.nth(i).input_value() for i in range(2)] == ["Accueil", "Les territoires"]
        assert page.console_errors == []


@pytest.mark.browser
def test_the_dashboard_follows_a_running_job_to_the_end(  # type: ignore[no-untyped-def]
    app: Flask, page, talk_mp4: Path, not_media: dict[str, Path]
) -> None:
    create_user(app, "watcher@example.org", "editor")
    app.test_cli_runner().invoke(args=["import", str(not_media["image"]), "--wait", "--json"])
    _replay_id, job_id, public_id = import_queued(app, talk_mp4)
    with live_server(app) as server:
        browser_sign_in(page, server, "watcher@example.org")
        page.goto(f"{server.url}/editor/jobs?lang=en")
        row = f"[data-job='{public_id}']"
        assert page.locator(f"{row} .job-state").inner_text() == "Queued"
        seen: list[int] = []

        def work() -> None:
            with app.app_context():
                run_job(job_id)

        worker = threading.Thread(target=work)
        worker.start()
        while not seen or seen[-1] < 100:
            value = int(page.evaluate(f'() => document.querySelector("{row} progress").value'))
            if not seen or value != seen[-1]:
                seen.append(value)
            if value == 100 or not worker.is_alive() and len(seen) > 50:
                break
            page.wait_for_timeout(100)
        worker.join(timeout=60)
        wait_until(
            page, f"() => document.querySelector(\"{row} .job-state\").textContent === 'Succeeded'"
        )
        assert seen[-1] == 100 and len(seen) >= 3  # the bar moved on its own, in steps
        assert page.locator(f"{row} form.cancel").is_hidden()
        screenshot(page, "editor-jobs")
        assert page.console_errors == []
