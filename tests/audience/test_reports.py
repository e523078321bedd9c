"""The player's reports become per-day counts and nothing else: robots, prefetches, other
sites and private replays are not counted, malformed reports are refused in one sentence."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect

from archive.extensions import db
from archive.models import Event, Replay, ReplayStatus, ReplayViewBucket, ReplayViewDay, Visibility
from archive.times import utcnow
from tests.conftest import login
from tests.editor.support import PASSWORD, create_user

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


def _replay(app: Flask, title: str, **fields: Any) -> str:
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "assises"))
        if event is None:
            event = Event(slug="assises", name="Assises")
            db.session.add(event)
        values = {"status": ReplayStatus.PUBLISHED, "duration": 200.0, **fields}
        replay = Replay(title=title, event=event, **values)
        db.session.add(replay)
        db.session.commit()
        return replay.id


def _report(client: FlaskClient, replay_id: str, body: object, **headers: str) -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(
        f"/replays/{replay_id}/views",
        data=data,
        content_type="text/plain;charset=UTF-8",
        headers={"User-Agent": BROWSER, "Sec-Fetch-Site": "same-origin", **headers},
    )


def _counts(app: Flask, replay_id: str) -> tuple[tuple[int, int], dict[int, tuple[int, int]]]:
    with app.app_context():
        days = db.session.scalars(
            db.select(ReplayViewDay).where(ReplayViewDay.replay_id == replay_id)
        ).all()
        parts = db.session.scalars(
            db.select(ReplayViewBucket).where(ReplayViewBucket.replay_id == replay_id)
        ).all()
        day_totals = (sum(d.plays for d in days), sum(d.watched_seconds for d in days))
        return day_totals, {p.bucket: (p.reached, p.replayed) for p in parts}


def _two_page_views(client: FlaskClient, replay_id: str) -> None:
    for _ in range(2):
        assert _report(client, replay_id, {"play": True}).status_code == 204
        response = _report(client, replay_id, {"seconds": 30, "reached": [0, 1, 2]})
        assert response.status_code == 204
    _report(client, replay_id, {"seconds": 4, "reached": [3], "replayed": [1, 1, 2]})


def test_reports_add_up_per_day_and_per_part(app: Flask) -> None:
    replay_id = _replay(app, "Ouverture")
    _two_page_views(app.test_client(), replay_id)
    (plays, seconds), parts = _counts(app, replay_id)
    assert (plays, seconds) == (2, 64)
    assert parts == {0: (2, 0), 1: (2, 2), 2: (2, 1), 3: (1, 0)}
    with app.app_context():
        assert db.session.scalars(db.select(ReplayViewDay.day)).all() == [utcnow().date()]


@pytest.mark.postgres
def test_reports_add_up_on_postgresql(make_app: Callable[..., Flask], postgres_url: str) -> None:
    app = make_app(database_url=postgres_url)
    replay_id = _replay(app, "Ouverture")
    _two_page_views(app.test_client(), replay_id)
    assert _counts(app, replay_id) == ((2, 64), {0: (2, 0), 1: (2, 2), 2: (2, 1), 3: (1, 0)})


def test_nothing_identifies_a_viewer(app: Flask) -> None:
    replay_id = _replay(app, "Ouverture")
    response = _report(app.test_client(), replay_id, {"play": True, "seconds": 3})
    assert response.status_code == 204
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        schema = inspect(db.engine)
        columns = {
            table: {c["name"] for c in schema.get_columns(table)}
            for table in ("replay_view_days", "replay_view_buckets")
        }
    assert columns == {
        "replay_view_days": {"replay_id", "day", "plays", "watched_seconds"},
        "replay_view_buckets": {"replay_id", "day", "bucket", "reached", "replayed"},
    }


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"User-Agent": "facebookexternalhit/1.1"},
        {"User-Agent": "curl/8.5.0"},
        {"User-Agent": "python-requests/2.32"},
        {"User-Agent": ""},
        {"Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
    ],
)
def test_robots_and_prefetches_are_not_counted(app: Flask, headers: dict[str, str]) -> None:
    replay_id = _replay(app, "Ouverture")
    response = _report(app.test_client(), replay_id, {"play": True, "seconds": 10}, **headers)
    assert response.status_code == 204, "a robot learns nothing from the answer"
    assert _counts(app, replay_id) == ((0, 0), {})


def test_reports_from_other_sites_are_refused(app: Flask) -> None:
    replay_id = _replay(app, "Ouverture")
    client = app.test_client()
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://elsewhere.example"}):
        response = _report(client, replay_id, {"play": True}, **headers)
        assert response.status_code == 403
        assert response.get_json() == {
            "error": "Reports are accepted from this site's own pages only."
        }
    assert _report(client, replay_id, {"play": True}, Origin="http://localhost").status_code == 204
    assert _counts(app, replay_id)[0] == (1, 0)


def test_private_and_draft_replays(app: Flask) -> None:
    private = _replay(app, "Comité restreint", visibility=Visibility.PRIVATE)
    draft = _replay(app, "Brouillon", status=ReplayStatus.DRAFT)
    visitor = app.test_client()
    assert _report(visitor, private, {"play": True}).status_code == 404
    assert _report(visitor, draft, {"play": True}).status_code == 404
    assert _report(visitor, "no-such-replay", {"play": True}).status_code == 404
    create_user(app, "editor@example.org", "editor")
    editor = app.test_client()
    # Sessions are bound to the browser that signed in (Flask-Login's strong protection).
    editor.environ_base["HTTP_USER_AGENT"] = BROWSER
    assert login(editor, "editor@example.org", PASSWORD).status_code == 302
    assert _report(editor, private, {"play": True}).status_code == 204
    assert _report(editor, draft, {"play": True}).status_code == 204
    assert _counts(app, private)[0] == (1, 0), "a private replay's viewers with rights count"
    assert _counts(app, draft) == ((0, 0), {}), "an editor's preview of a draft does not"


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        (b"not json", "The report is not JSON."),
        ([1, 2], "The report must be a JSON object."),
        ({}, "The report counts nothing."),
        ({"play": False, "seconds": 0}, "The report counts nothing."),
        ({"play": True, "visitor": "abc"}, "The report has an unknown field: 'visitor'."),
        ({"play": "yes"}, "'play' must be true or false."),
        ({"seconds": -1}, "'seconds' must be a whole number from 0 to 3600."),
        ({"seconds": 3601}, "'seconds' must be a whole number from 0 to 3600."),
        ({"seconds": 1.5}, "'seconds' must be a whole number from 0 to 3600."),
        ({"reached": [100]}, "'reached' must list parts numbered from 0 to 99."),
        ({"reached": [True]}, "'reached' must list parts numbered from 0 to 99."),
        ({"reached": [1, 1]}, "'reached' names a part twice."),
        ({"reached": list(range(99)) + [0, 1]}, "'reached' must be a list of at most 100 parts."),
        ({"replayed": [1] * 401}, "'replayed' must be a list of at most 400 parts."),
        (b"{" + b" " * 5000 + b"}", "The report is too large."),
    ],
)
def test_malformed_reports_are_refused(app: Flask, body: object, sentence: str) -> None:
    replay_id = _replay(app, "Ouverture")
    response = _report(app.test_client(), replay_id, body)
    assert response.status_code in (400, 413)
    assert response.get_json() == {"error": sentence}
    assert _counts(app, replay_id) == ((0, 0), {})


def test_the_replay_page_and_the_embed_report_views(app: Flask) -> None:
    replay_id = _replay(app, "Ouverture")
    visitor = app.test_client()
    for path in (f"/replays/{replay_id}", f"/embed/{replay_id}"):
        page = visitor.get(path).get_data(as_text=True)
        assert f'data-views="/replays/{replay_id}/views"' in page, path
        assert "/static/js/audience.js" in page or "js/audience.js" in page, path
