"""The JSON API: contract fields, privacy, CSRF on changes, and its OpenAPI description."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Job, Replay, ReplayStatus, Visibility
from tests.conftest import login


def _replay(app: Flask, title: str, visibility: Visibility, status: ReplayStatus) -> str:
    with app.app_context():
        replay = Replay(title=title, visibility=visibility, status=status)
        db.session.add(replay)
        db.session.commit()
        return replay.id


def _editor(app: Flask, client: FlaskClient) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "ed@example.org", "--role", "editor"], input="a long enough secret\n"
    )
    assert result.exit_code == 0, result.output
    assert login(client, "ed@example.org", "a long enough secret").status_code == 302


def test_list_shows_public_replays_only_to_visitors(app: Flask, client: FlaskClient) -> None:
    public = _replay(app, "Public", Visibility.PUBLIC, ReplayStatus.PUBLISHED)
    unlisted = _replay(app, "Unlisted", Visibility.UNLISTED, ReplayStatus.PUBLISHED)
    private = _replay(app, "Private", Visibility.PRIVATE, ReplayStatus.PUBLISHED)
    body = client.get("/api/v1/replays").get_json()
    assert [item["id"] for item in body["items"]] == [public]
    assert body["next"] is None
    # Unlisted answers through its link, in any status; private does not exist for visitors.
    assert client.get(f"/api/v1/replays/{unlisted}").status_code == 200
    assert client.get(f"/api/v1/replays/{private}").status_code == 404
    assert client.get(f"/api/v1/replays/{private}").get_json() == {"error": "Not found."}


def test_replay_has_the_contract_fields(app: Flask, client: FlaskClient) -> None:
    replay_id = _replay(app, "Keynote", Visibility.PUBLIC, ReplayStatus.PROCESSING)
    body = client.get(f"/api/v1/replays/{replay_id}").get_json()
    for field in (
        "id",
        "title",
        "status",
        "visibility",
        "duration",
        "language",
        "event",
        "speakers",
        "renditions",
        "urls",
    ):
        assert field in body
    assert body["status"] == "processing"
    assert body["urls"] == {"page": f"/replays/{replay_id}"}
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = {**spec["components"]["schemas"]["Replay"], "components": spec["components"]}
    jsonschema.validate(body, schema)


def test_pages_of_replays_follow_next(app: Flask, client: FlaskClient) -> None:
    ids = {_replay(app, f"Talk {i}", Visibility.PUBLIC, ReplayStatus.PUBLISHED) for i in range(5)}
    seen: set[str] = set()
    url: str | None = "/api/v1/replays?limit=2"
    while url:
        body = client.get(url).get_json()
        seen |= {item["id"] for item in body["items"]}
        url = body["next"]
    assert seen == ids
    assert client.get("/api/v1/replays?limit=0").status_code == 400


def test_patch_requires_an_editor_and_the_csrf_token(app: Flask, client: FlaskClient) -> None:
    replay_id = _replay(app, "Old title", Visibility.PUBLIC, ReplayStatus.PUBLISHED)
    url = f"/api/v1/replays/{replay_id}"
    # A visitor has no credentials at all: neither a session nor an API token.
    anonymous = client.patch(url, json={"title": "New"})
    assert anonymous.status_code == 401
    assert anonymous.get_json() == {
        "error": "Sign in, or send an API token in an Authorization: Bearer header."
    }
    # A CSRF token (the sign-in form gives visitors one) is no credential either.
    login_page = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
    assert found, "the sign-in form carries a CSRF token"
    visitor = client.patch(url, json={"title": "New"}, headers={"X-CSRFToken": found.group(1)})
    assert visitor.status_code == 401
    assert client.get(url).get_json()["title"] == "Old title"
    _editor(app, client)
    no_token = client.patch(f"/api/v1/replays/{replay_id}", json={"title": "New"})
    assert no_token.status_code == 400
    assert "CSRF" in no_token.get_json()["error"]
    page = client.get("/").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    ok = client.patch(
        f"/api/v1/replays/{replay_id}", json={"title": "New"}, headers={"X-CSRFToken": token}
    )
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["title"] == "New"
    bad = client.patch(
        f"/api/v1/replays/{replay_id}",
        json={"visibility": "secret"},
        headers={"X-CSRFToken": token},
    )
    assert bad.status_code == 400
    assert bad.get_json()["error"] == "'visibility' must be one of: public, unlisted, private."


@pytest.mark.parametrize("query", ["year=20x2", "page=0", "language=de"])
def test_bad_search_arguments_are_one_sentence(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/v1/search?q=usine&{query}")
    assert response.status_code == 400
    assert response.get_json()["error"].endswith(".")


def test_job_status_answers_only_to_an_unguessable_id(app: Flask, client: FlaskClient) -> None:
    unlisted = _replay(app, "Unlisted", Visibility.UNLISTED, ReplayStatus.PROCESSING)
    private = _replay(app, "Private", Visibility.PRIVATE, ReplayStatus.PROCESSING)
    with app.app_context():
        jobs = {replay_id: Job(replay_id=replay_id) for replay_id in (unlisted, private)}
        db.session.add_all(jobs.values())
        db.session.commit()
        ids = {replay_id: (job.id, job.public_id) for replay_id, job in jobs.items()}
    row_id, public_id = ids[unlisted]
    # Counting jobs from 1 no longer lists unlisted replays: row numbers are not addresses.
    assert client.get(f"/api/v1/jobs/{row_id}").status_code == 404
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", public_id)  # 96 random bits
    body = client.get(f"/api/v1/jobs/{public_id}").get_json()
    assert body["id"] == public_id and body["replay_id"] == unlisted and body["state"] == "queued"
    # Even with its id, a visitor gets nothing of a private replay's job.
    assert client.get(f"/api/v1/jobs/{ids[private][1]}").status_code == 404


def test_unknown_job_is_404_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/jobs/999999")
    assert response.status_code == 404
    assert response.is_json


def test_transcript_parse_command(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vtt = tmp_path / "t.vtt"
    vtt.write_text("WEBVTT\n\n00:01.000 --> 00:02.500\n<v Ana>Bonjour\n", encoding="utf-8")
    result = runner.invoke(args=["transcript", "parse", str(vtt), "--json"])
    assert result.exit_code == 0
    assert '"speaker": "Ana"' in result.output
