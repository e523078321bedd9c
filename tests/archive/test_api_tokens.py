"""API tokens: ``create-token`` prints one, it opens ``/api/v1`` without CSRF as its user, a
revoked or unknown one answers 401, only its hash is kept, and the admin pages make and revoke
them with the audit log recording both."""

from __future__ import annotations

import hashlib
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import AuditEntry, Replay, ReplayStatus, User, Visibility
from archive.models.audit import AuditAction
from archive.models.tokens import ApiToken
from tests.conftest import run_cli
from tests.editor.support import create_user, csrf_token, signed_in


def _replay(app: Flask, visibility: Visibility = Visibility.PUBLIC) -> str:
    with app.app_context():
        replay = Replay(title="Old title", visibility=visibility, status=ReplayStatus.PUBLISHED)
        db.session.add(replay)
        db.session.commit()
        return replay.id


def _create_token(app: Flask, email: str, name: str = "website") -> str:
    result = app.test_cli_runner().invoke(args=["create-token", email, "--name", name])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def editor_token(app: Flask) -> str:
    create_user(app, "robot@example.org", "editor")
    return _create_token(app, "robot@example.org")


def test_a_token_from_create_token_patches_without_csrf(
    app: Flask, client: FlaskClient, editor_token: str
) -> None:
    replay_id = _replay(app)
    response = client.patch(
        f"/api/v1/replays/{replay_id}", json={"title": "New title"}, headers=_bearer(editor_token)
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["title"] == "New title"
    assert "Set-Cookie" not in response.headers, "a token call opens no session"
    # The token reads what its user may read, private replays included.
    private = _replay(app, Visibility.PRIVATE)
    assert client.get(f"/api/v1/replays/{private}").status_code == 404
    assert (
        client.get(f"/api/v1/replays/{private}", headers=_bearer(editor_token)).status_code == 200
    )


def test_the_command_prints_the_token_as_its_last_line(
    app: Flask, archive_env: dict[str, str]
) -> None:
    create_user(app, "ci@example.org", "editor")
    result = run_cli(archive_env, "create-token", "ci@example.org", "--name", "ci")
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    replay_id = _replay(app)
    response = app.test_client().patch(
        f"/api/v1/replays/{replay_id}", json={"title": "From CI"}, headers=_bearer(token)
    )
    assert response.status_code == 200


def test_revoked_unknown_or_missing_tokens_answer_401(
    app: Flask, client: FlaskClient, editor_token: str
) -> None:
    replay_id = _replay(app)
    url = f"/api/v1/replays/{replay_id}"
    revoked = app.test_cli_runner().invoke(
        args=["revoke-token", "robot@example.org", "--name", "website"]
    )
    assert revoked.exit_code == 0, revoked.output
    for headers in (_bearer(editor_token), _bearer("ra_" + "x" * 43), _bearer("")):
        for method in ("PATCH", "GET"):
            response = client.open(url, method=method, json={"title": "New"}, headers=headers)
            assert response.status_code == 401, (method, headers)
            assert response.get_json() == {"error": "The API token is unknown or revoked."}
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    anonymous = client.patch(url, json={"title": "New"})
    assert anonymous.status_code == 401
    assert anonymous.get_json()["error"].endswith(".")
    assert client.get(url).get_json()["title"] == "Old title"


def test_a_token_has_its_users_role_and_dies_with_the_account(app: Flask) -> None:
    create_user(app, "reader@example.org", "viewer")
    token = _create_token(app, "reader@example.org", "reader")
    client = app.test_client()
    replay_id = _replay(app)
    viewer = client.patch(
        f"/api/v1/replays/{replay_id}", json={"title": "New"}, headers=_bearer(token)
    )
    assert viewer.status_code == 403
    create_user(app, "reader@example.org", "editor")  # the account becomes an editor
    promoted = client.patch(
        f"/api/v1/replays/{replay_id}", json={"title": "New"}, headers=_bearer(token)
    )
    assert promoted.status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "reader@example.org"))
        user.active = False
        db.session.commit()
    gone = client.get(f"/api/v1/replays/{replay_id}", headers=_bearer(token))
    assert gone.status_code == 401


def test_only_a_hash_of_the_token_is_stored(app: Flask, editor_token: str) -> None:
    with app.app_context():
        row = db.session.scalar(db.select(ApiToken))
        assert row.token_hash == hashlib.sha256(editor_token.encode()).hexdigest()
        stored = [str(value) for value in row.__dict__.values()]
    assert not any(editor_token in value for value in stored)


def test_other_authorization_schemes_are_left_to_the_session(
    app: Flask, client: FlaskClient
) -> None:
    # A reverse proxy's Basic authentication is not an API token: reads still answer.
    replay_id = _replay(app)
    response = client.get(
        f"/api/v1/replays/{replay_id}", headers={"Authorization": "Basic dXNlcjpwYXNz"}
    )
    assert response.status_code == 200


def test_a_session_still_needs_the_csrf_token(app: Flask) -> None:
    editor = signed_in(app, "browser@example.org", "editor")
    replay_id = _replay(app)
    refused = editor.patch(f"/api/v1/replays/{replay_id}", json={"title": "New"})
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]
    accepted = editor.patch(
        f"/api/v1/replays/{replay_id}",
        json={"title": "New"},
        headers={"X-CSRFToken": csrf_token(editor)},
    )
    assert accepted.status_code == 200


def test_admin_pages_show_a_token_once_and_revoke_it(app: Flask) -> None:
    admin = signed_in(app, "admin@example.org", "admin")
    create_user(app, "site@example.org", "editor")
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "site@example.org"))
    page = admin.get("/editor/tokens")
    assert page.status_code == 200
    made = admin.post(
        "/editor/tokens",
        data={"csrf_token": csrf_token(admin, "/editor/tokens"), "user": user_id, "name": "site"},
    )
    assert made.status_code == 201
    token = re.search(
        r"<code class=\"token\" data-token>([^<]+)</code>", made.get_data(as_text=True)
    )
    assert token, "the new token is shown"
    secret = token.group(1)
    assert secret not in admin.get("/editor/tokens").get_data(as_text=True), "shown once"
    client = app.test_client()
    replay_id = _replay(app)
    ok = client.patch(f"/api/v1/replays/{replay_id}", json={"title": "x"}, headers=_bearer(secret))
    assert ok.status_code == 200
    with app.app_context():
        token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.name == "site"))
    revoked = admin.post(
        f"/editor/tokens/{token_id}/revoke",
        data={"csrf_token": csrf_token(admin, "/editor/tokens")},
    )
    assert revoked.status_code == 302
    refused = client.get(f"/api/v1/replays/{replay_id}", headers=_bearer(secret))
    assert refused.status_code == 401
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == AuditAction.TOKEN)
        ).all()
        assert [(e.actor, e.subject) for e in entries] == [
            ("admin@example.org", "site@example.org"),
            ("admin@example.org", "site@example.org"),
        ]
        assert "Created" in entries[0].summary and "Revoked" in entries[1].summary
        assert secret not in entries[0].summary
    assert "Revoked the API token" in admin.get("/editor/audit?action=token").get_data(as_text=True)
    assert signed_in(app, "plain@example.org", "editor").get("/editor/tokens").status_code == 403


def test_the_command_line_is_audited_and_names_are_unique(app: Flask, editor_token: str) -> None:
    again = app.test_cli_runner().invoke(
        args=["create-token", "robot@example.org", "--name", "website"]
    )
    assert again.exit_code != 0 and "already has a token named" in again.output
    unknown = app.test_cli_runner().invoke(
        args=["create-token", "nobody@example.org", "--name", "x"]
    )
    assert unknown.exit_code != 0 and "No account" in unknown.output
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "token"))
        assert entry.actor == "command line" and entry.subject == "robot@example.org"


def test_openapi_describes_bearer_tokens(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    bearer = spec["components"]["securitySchemes"]["bearer"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")
    patch = spec["paths"]["/replays/{id}"]["patch"]
    assert {"bearer": []} in patch["security"] and "401" in patch["responses"]
