"""In Chromium, an editor edits an event and a speaker, imports a programme (preview, apply,
apply again: nothing changes) and schedules a replay's publication."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from archive.extensions import db
from archive.models import Event, Replay, Speaker
from tests.editor.support import browser_sign_in, create_user, live_server
from tests.fixtures.browser import screenshot
from tests.programme.test_import_programme import CSV


@pytest.mark.browser
def test_an_editor_prepares_a_programme(app: Flask, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_user(app, "programme-editor@example.org", "editor")
    programme = tmp_path / "programme.csv"
    programme.write_text(CSV)
    with live_server(app) as server:
        browser_sign_in(page, server, "programme-editor@example.org")
        page.goto(server.url + "/editor/events/new?lang=en")
        page.fill("input[name=name]", "Assises 2025")
        page.fill("input[name=starts_on]", "2025-03-12")
        page.fill("input[name=location]", "Lyon")
        page.click("form.editor-form button[type=submit]")
        page.fill("input[name=ends_on]", "2025-03-13")
        page.fill("input[name=location]", "Paris")
        page.fill("textarea[name=description]", "Deux jours d'ateliers.")
        page.click("form.editor-form button[type=submit]")
        assert page.locator("input[name=location]").input_value() == "Paris"

        page.goto(server.url + "/editor/speakers/new")
        page.fill("input[name=name]", "Ada Martin")
        page.click("form.editor-form button[type=submit]")
        page.fill("input[name=role_title]", "Directrice")
        page.fill("textarea[name=bio]", "Ingénieure de formation.")
        page.click("form.editor-form button[type=submit]")
        assert page.locator("input[name=role_title]").input_value() == "Directrice"

        page.goto(server.url + "/editor/programme")
        for expected in ("created 3, updated 0, unchanged 0", "created 0, updated 0, unchanged 3"):
            page.set_input_files("input[name=programme]", str(programme))
            page.click("button[value=preview]")
            assert expected in page.locator(".programme-outcome").inner_text()
            assert "nothing applied yet" in page.locator("#outcome-title").inner_text()
            page.click("button[value=apply]")
            assert expected in page.locator(".programme-outcome").inner_text()
        screenshot(page, "editor-programme")

        with app.app_context():
            opening = db.session.scalar(db.select(Replay.id).where(Replay.external_key == "S01"))
        page.goto(server.url + f"/editor/replays/{opening}")
        page.fill("input[name=publish_at]", "2031-06-01T09:30")
        page.click("form.editor-form button[type=submit]")
        assert "Scheduled: 2031-06-01 09:30 UTC" in page.locator(".editor-head").inner_text()
        assert page.console_errors == []

    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.name == "Assises 2025"))
        assert event is not None and (event.location, str(event.ends_on)) == ("Paris", "2025-03-13")
        speaker = db.session.scalar(db.select(Speaker).where(Speaker.name == "Ada Martin"))
        assert speaker is not None and speaker.bio == "Ingénieure de formation."
        assert db.session.scalar(db.select(db.func.count(Replay.id))) == 3
        replay = db.session.get(Replay, opening)
        assert replay is not None and replay.publish_at is not None
