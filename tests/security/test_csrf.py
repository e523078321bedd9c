"""Every state-changing route refuses a request without the CSRF token, even from an admin."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Job, User
from tests.editor.support import create_user, signed_in

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
#: The player's viewing reports: anonymous counters that a CSRF token (a session cookie) would
#: defeat the point of; a report sent by another site's page is refused instead.
SAME_ORIGIN_ONLY = {"/replays/<replay_id>/views"}


def _changing_routes(app: Flask) -> list[tuple[str, str, list[str]]]:
    return sorted(
        (rule.rule, method, sorted(rule.arguments))
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & CHANGING
    )


def test_the_editor_and_sign_in_routes_are_among_those_checked(app: Flask) -> None:
    rules = {rule for rule, _method, _args in _changing_routes(app)}
    assert {
        "/login",
        "/logout",
        "/api/v1/replays/<replay_id>",
        "/editor/replays/<replay_id>/cues",
        "/editor/jobs/<job_id>/cancel",
        "/editor/users/<int:user_id>",
    } <= rules


def test_no_state_changing_route_accepts_a_request_without_the_token(
    app: Flask, hostile: str
) -> None:
    create_user(app, "someone@example.org", "viewer")
    admin: FlaskClient = signed_in(app, "csrf-admin@example.org", "admin")
    with app.app_context():
        job_id = db.session.scalar(db.select(Job.public_id).where(Job.replay_id == hostile))
        user_id = db.session.scalar(db.select(User.id).where(User.email == "someone@example.org"))
    values = {"replay_id": hostile, "job_id": str(job_id), "user_id": str(user_id)}
    checked = []
    for rule, method, arguments in _changing_routes(app):
        url = rule
        for name in arguments:
            url = url.replace(f"<int:{name}>", values.get(name, "1"))
            url = url.replace(f"<path:{name}>", values.get(name, "x")).replace(
                f"<{name}>", values.get(name, "x")
            )
        if rule in SAME_ORIGIN_ONLY:
            response = admin.open(
                url, method=method, json={"play": True}, headers={"Sec-Fetch-Site": "cross-site"}
            )
            assert response.status_code == 403, f"{method} {url} answered {response.status_code}"
            checked.append(f"{method} {rule}")
            continue
        for body in ({"data": {"title": "changed"}}, {"json": {"title": "changed"}}):
            response = admin.open(url, method=method, **body)
            assert response.status_code == 400, f"{method} {url} answered {response.status_code}"
            assert "CSRF" in response.get_data(as_text=True), f"{method} {url}"
        checked.append(f"{method} {rule}")
    assert len(checked) >= 15
    # Nothing changed on the way.
    assert admin.get(f"/api/v1/replays/{hostile}").get_json()["title"] != "changed"


@pytest.mark.parametrize("header", [None, "not-a-token"])
def test_an_api_change_needs_the_header_token(app: Flask, hostile: str, header: str | None) -> None:
    editor = signed_in(app, "patcher@example.org", "editor")
    headers = {"X-CSRFToken": header} if header else {}
    response = editor.patch(
        f"/api/v1/replays/{hostile}", json={"title": "changed"}, headers=headers
    )
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "The CSRF token is missing or invalid; send it in X-CSRFToken."
    }
