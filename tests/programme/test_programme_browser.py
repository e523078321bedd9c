"""Issue 14, bar 4, in Chromium: an editor edits an event (with its cover picture) and a
speaker (with a photo), imports a programme (preview, apply, apply again: nothing changes),
schedules a replay's publication, then plays a published replay a few times and reads its
statistics."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image

from archive.extensions import db
from archive.models import Event, Replay, ReplayViewDay, Speaker
from tests.editor.support import browser_sign_in, clone_replay, create_user, live_server
from tests.fixtures.browser import screenshot, wait_until
from tests.fixtures.corpus import Published
from tests.programme.test_import_programme import CSV

EDITOR = "programme-editor@example.org"
#: The programme of tests/programme/test_import_programme.py under keys of its own, since the
#: instance holding the published corpus is shared by the session.
PROGRAMME = CSV.replace("\nS0", "\nBAR4-S0").replace("Les Assises 2024", "Les Assises 2024 bis")


def _picture(path: Path, colour: tuple[int, int, int]) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (1200, 600), colour).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _edit_event_and_speaker(page, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/editor/events/new?lang=en")
    page.fill("input[name=name]", "Assises 2025")
    page.fill("input[name=starts_on]", "2025-03-12")
    page.fill("input[name=location]", "Lyon")
    page.click("form.editor-form button[type=submit]")
    page.fill("input[name=ends_on]", "2025-03-13")
    page.fill("input[name=location]", "Paris")
    page.fill("textarea[name=description]", "Deux jours d'ateliers.")
    page.set_input_files("input[name=cover]", str(_picture(tmp_path / "cover.png", (11, 87, 208))))
    page.click("form.editor-form button[type=submit]")
    assert page.locator("input[name=location]").input_value() == "Paris"
    assert page.locator("img.event-cover-preview").evaluate("img => img.naturalWidth") == 1200
    screenshot(page, "editor-event")

    page.goto(url + "/editor/speakers/new")
    page.fill("input[name=name]", "Ada Martin")
    page.click("form.editor-form button[type=submit]")
    page.fill("input[name=role_title]", "Directrice")
    page.fill("textarea[name=bio]", "Ingénieure de formation.")
    page.set_input_files("input[name=photo]", str(_picture(tmp_path / "ada.png", (200, 80, 40))))
    page.click("form.editor-form button[type=submit]")
    assert page.locator("input[name=role_title]").input_value() == "Directrice"
    assert page.locator("img.speaker-photo").evaluate("img => img.naturalWidth") == 800


def _import_programme(page, url: str, programme: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/editor/programme")
    for expected in ("created 3, updated 0, unchanged 0", "created 0, updated 0, unchanged 3"):
        page.set_input_files("input[name=programme]", str(programme))
        page.click("button[value=preview]")
        assert expected in page.locator(".programme-outcome").inner_text()
        assert "nothing applied yet" in page.locator("#outcome-title").inner_text()
        page.click("button[value=apply]")
        assert expected in page.locator(".programme-outcome").inner_text()
    screenshot(page, "editor-programme")


def _play(page, url: str, replay_id: str, *, back_to: float | None = None) -> None:  # type: ignore[no-untyped-def]
    """Watch the replay to its end (going back once to ``back_to`` if given), then leave."""
    page.goto(f"{url}/replays/{replay_id}")
    wait_until(page, "() => document.querySelector('video').readyState >= 1", timeout=20)
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    if back_to is not None:
        wait_until(page, "() => document.querySelector('video').currentTime > 2", timeout=20)
        page.evaluate("t => { document.querySelector('video').currentTime = t; }", back_to)
    wait_until(page, "() => document.querySelector('video').ended", timeout=30)
    page.goto("about:blank")  # pagehide sends what was not sent yet


def _plays(app: Flask, replay_id: str) -> int:
    with app.app_context():
        found = db.session.scalar(
            db.select(db.func.sum(ReplayViewDay.plays)).where(ReplayViewDay.replay_id == replay_id)
        )
        return int(found or 0)


@pytest.mark.browser
@pytest.mark.slow
def test_an_editor_prepares_a_programme_and_reads_the_audience(
    pipeline_app: Flask,
    published: Callable[[str], Published],
    page,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    app = pipeline_app
    source = published("h264_aac.mp4")
    assert source.exit_code == 0, source.outcome
    watched = clone_replay(app, source.id, title="Bilan de l'année")
    create_user(app, EDITOR, "editor")
    programme = tmp_path / "programme.csv"
    programme.write_text(PROGRAMME)
    with live_server(app) as server:
        browser_sign_in(page, server, EDITOR)
        _edit_event_and_speaker(page, server.url, tmp_path)
        _import_programme(page, server.url, programme)

        with app.app_context():
            opening = db.session.scalar(
                db.select(Replay.id).where(Replay.external_key == "BAR4-S01")
            )
            event = db.session.scalar(db.select(Event).where(Event.name == "Assises 2025"))
            assert event is not None
            db.session.get(Replay, watched).event_id = event.id  # type: ignore[union-attr]
            db.session.commit()
            event_id = event.id
        page.goto(server.url + f"/editor/replays/{opening}")
        page.fill("input[name=publish_at]", "2031-06-01T09:30")
        page.click("form.editor-form button[type=submit]")
        assert "Scheduled: 2031-06-01 09:30 UTC" in page.locator(".editor-head").inner_text()

        page.goto(server.url + "/events/assises-2025")
        assert page.locator("img.event-cover").evaluate("img => img.naturalWidth") == 1200
        assert "Thursday, March 13, 2025" in page.locator(".page-head .meta").inner_text()
        screenshot(page, "event-cover")

        _play(page, server.url, watched)
        _play(page, server.url, watched)
        _play(page, server.url, watched, back_to=0.5)
        for _ in range(50):  # the last page's report may still be on its way
            if _plays(app, watched) >= 3:
                break
            page.wait_for_timeout(100)
        assert _plays(app, watched) == 3

        page.goto(server.url + f"/editor/replays/{watched}?lang=en")
        page.click("nav.tabs >> text=Statistics")
        assert page.locator("dd.plays").inner_text() == "3"
        share = page.locator("dd.share").inner_text()
        assert share.endswith("%") and int(share.split()[0]) >= 90, share
        assert page.locator("svg.retention polygon").count() == 1
        moments = page.locator(".replayed-moments li")
        assert moments.count() >= 1, "going back made a moment replayed"
        assert f"/replays/{watched}?t=" in moments.first.locator("a").get_attribute("href")
        screenshot(page, "editor-replay-statistics")

        page.goto(server.url + "/editor/events")
        page.click(f"a[href='/editor/events/{event_id}/statistics']")
        assert page.locator("dd.plays").inner_text() == "3"
        assert "Bilan de l'année" in page.locator("table.top-replays").inner_text()
        screenshot(page, "editor-event-statistics")
        assert page.console_errors == []

    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event is not None and (event.location, str(event.ends_on)) == ("Paris", "2025-03-13")
        assert event.cover_key is not None
        speaker = db.session.scalar(db.select(Speaker).where(Speaker.name == "Ada Martin"))
        assert speaker is not None and speaker.bio == "Ingénieure de formation."
        assert speaker.photo_key is not None
        keys = db.session.scalars(
            db.select(Replay.external_key).where(Replay.external_key.like("BAR4-%"))
        ).all()
        assert sorted(keys) == ["BAR4-S01", "BAR4-S02", "BAR4-S03"]
        replay = db.session.get(Replay, opening)
        assert replay is not None and replay.publish_at is not None
