"""Accounts: Argon2id hashes, sign-in rate limits, session renewal, roles, cookies, guards."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import AuditEntry, User
from tests.conftest import login
from tests.editor.support import PASSWORD, create_user, csrf_token, signed_in


def _attempt(client: FlaskClient, email: str, password: str) -> int:
    return int(login(client, email, password).status_code)


def test_passwords_are_stored_as_argon2id_at_owasp_parameters(app: Flask) -> None:
    create_user(app, "hash@example.org", "viewer")
    with app.app_context():
        stored = db.session.scalar(
            db.select(User.password_hash).where(User.email == "hash@example.org")
        )
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PASSWORD not in stored


def test_sign_in_is_limited_to_five_failures_a_minute_per_account(app: Flask) -> None:
    create_user(app, "target@example.org", "editor")
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert [_attempt(client, "target@example.org", "wrong guess") for _ in range(5)] == [401] * 5
    # Even the right password, for now, from a browser that never signed in to the account.
    refused = login(client, "target@example.org", PASSWORD)
    assert refused.status_code == 429
    assert 55 <= int(refused.headers["Retry-After"]) <= 60
    assert "Too many failed sign-in attempts. Wait a minute, then try again." in refused.get_data(
        as_text=True
    )
    # Another account from the same address is not locked out by it.
    create_user(app, "other@example.org", "viewer")
    assert _attempt(client, "other@example.org", PASSWORD) == 302


def test_successful_sign_ins_are_never_slowed_down(app: Flask) -> None:
    create_user(app, "often@example.org", "viewer")
    client = app.test_client()
    assert [_attempt(client, "often@example.org", PASSWORD) for _ in range(8)] == [302] * 8


@pytest.mark.redis
def test_with_redis_every_web_process_shares_the_counters(
    make_app: Callable[..., Flask], redis_url: str
) -> None:
    import redis

    app = make_app(queue_url=redis_url)
    create_user(app, "shared@example.org", "viewer")
    assert _attempt(app.test_client(), "shared@example.org", "wrong guess") == 401
    keys = redis.Redis.from_url(redis_url).keys("*replay-archive*")
    assert keys, "the failed attempt was counted in Redis"


def test_sign_in_issues_a_new_session_and_ends_the_previous_ones(app: Flask) -> None:
    create_user(app, "renew@example.org", "editor")
    first = app.test_client()
    first.get("/login")
    before = first.get_cookie("session").value
    assert _attempt(first, "renew@example.org", PASSWORD) == 302
    after = first.get_cookie("session").value
    assert after != before
    assert first.get("/editor/").status_code == 200
    # A cookie planted before sign-in carries no rights.
    planted = app.test_client()
    planted.set_cookie("session", before)
    assert planted.get("/editor/").status_code == 302
    second = app.test_client()
    assert _attempt(second, "renew@example.org", PASSWORD) == 302
    assert second.get("/editor/").status_code == 200
    assert first.get("/editor/").status_code == 302  # its session token was renewed away


def test_a_role_change_signs_the_person_out_and_is_audited(app: Flask) -> None:
    viewer = signed_in(app, "promoted@example.org", "viewer")
    assert viewer.get("/editor/").status_code == 403
    admin = signed_in(app, "roles-admin@example.org", "admin")
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "promoted@example.org"))
    response = admin.post(
        f"/editor/users/{user_id}",
        data={"csrf_token": csrf_token(admin), "role": "editor", "active": "y"},
    )
    assert response.status_code == 302
    assert viewer.get("/editor/").status_code == 302  # signed out: back to the sign-in page
    assert _attempt(viewer, "promoted@example.org", PASSWORD) == 302
    assert viewer.get("/editor/").status_code == 200
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "role")).one()
        assert entry.actor == "roles-admin@example.org"
        assert entry.summary == "Changed the role of promoted@example.org from viewer to editor."


def test_a_switched_off_account_cannot_sign_in(app: Flask) -> None:
    person = signed_in(app, "leaving@example.org", "editor")
    admin = signed_in(app, "off-admin@example.org", "admin")
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "leaving@example.org"))
    admin.post(f"/editor/users/{user_id}", data={"csrf_token": csrf_token(admin), "role": "editor"})
    assert person.get("/editor/").status_code == 302
    assert _attempt(app.test_client(), "leaving@example.org", PASSWORD) == 401


def test_editors_reach_the_editor_admins_alone_the_log_and_accounts(app: Flask) -> None:
    anonymous = app.test_client()
    response = anonymous.get("/editor/jobs")
    assert (
        response.status_code == 302 and "/login?next=/editor/jobs" in response.headers["Location"]
    )
    editor = signed_in(app, "plain-editor@example.org", "editor")
    assert editor.get("/editor/jobs").status_code == 200
    assert editor.get("/editor/audit").status_code == 403
    assert editor.get("/editor/users").status_code == 403
    assert (
        signed_in(app, "plain-viewer@example.org", "viewer").get("/editor/jobs").status_code == 403
    )


def test_cookies_are_secure_httponly_and_lax_in_production(make_app: Callable[..., Flask]) -> None:
    app = make_app(env="production")
    create_user(app, "cookie@example.org", "viewer")
    client = app.test_client()
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        base_url="https://localhost",
        data={"email": "cookie@example.org", "password": PASSWORD, "csrf_token": token},
        headers={"Referer": "https://localhost/login"},
    )
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.partition("=")[0] for c in cookies} == {"session", "archive_device"}
    for cookie in cookies:
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_no_get_request_changes_anything(app: Flask, hostile: str) -> None:
    admin = signed_in(app, "reader-admin@example.org", "admin")
    with app.app_context():
        before = _fingerprint()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or not rule.rule.startswith(
            ("/editor", "/login", "/api")
        ):
            continue
        url = re.sub(
            r"<(?:int:)?(\w+)>",
            lambda m: {"replay_id": hostile, "job_id": "1", "user_id": "1"}.get(m.group(1), "x"),
            rule.rule,
        )
        admin.get(url)
    assert admin.get("/logout").status_code == 405
    with app.app_context():
        assert _fingerprint() == before


def _fingerprint() -> list[object]:
    from archive.models import Chapter, Cue, Job, Replay, ReplayGrant

    rows: list[object] = []
    for model in (Replay, Cue, Chapter, Job, User, AuditEntry, ReplayGrant):
        columns = model.__table__.columns
        rows += [
            tuple(getattr(row, c.key) for c in columns)
            for row in db.session.scalars(db.select(model))
        ]
    return rows


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("/editor/jobs", True),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("https://evil.example/", False),
        ("/\t/evil.example", False),
    ],
)
def test_sign_in_only_returns_to_pages_of_this_site(
    app: Flask, target: str, followed: bool
) -> None:
    create_user(app, "next@example.org", "editor")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "next@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == (target if followed else "/")
