"""Every HTML response carries the policy headers; only the embed page may be framed."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from tests.editor.support import signed_in


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def test_every_html_page_carries_csp_nosniff_referrer_policy_and_no_framing(
    app: Flask, client: FlaskClient, hostile: str
) -> None:
    admin = signed_in(app, "headers-admin@example.org", "admin")
    visitor_pages = [
        "/",
        f"/replays/{hostile}",
        "/search?q=territoires",
        "/login",
        "/nowhere",
        f"/replays/{hostile}/nowhere",
    ]
    editor_pages = [
        "/editor/",
        "/editor/replays/new",
        f"/editor/replays/{hostile}",
        f"/editor/replays/{hostile}/transcript",
        f"/editor/replays/{hostile}/chapters",
        f"/editor/replays/{hostile}/media",
        f"/editor/replays/{hostile}/delete",
        "/editor/jobs",
        "/editor/audit",
        "/editor/users",
    ]
    for reader, path in [(client, p) for p in visitor_pages] + [(admin, p) for p in editor_pages]:
        response = reader.get(path)
        assert response.mimetype == "text/html", path
        policy = _directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], path  # no inline script, no eval
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], path
        assert policy["frame-ancestors"] == ["'none'"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert response.headers["X-Frame-Options"] == "DENY", path
    embed = client.get(f"/embed/{hostile}")
    assert _directives(embed.headers["Content-Security-Policy"])["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in embed.headers


def test_editor_pages_are_never_stored_by_shared_caches(app: Flask, hostile: str) -> None:
    admin = signed_in(app, "cache-admin@example.org", "admin")
    for path in ("/editor/", f"/editor/replays/{hostile}", "/editor/jobs/status?ids=1"):
        assert admin.get(path).headers["Cache-Control"] == "private, no-store", path


def test_https_answers_tell_browsers_to_keep_to_https(
    client: FlaskClient, make_app: Callable[..., Flask]
) -> None:
    hsts = "max-age=31536000; includeSubDomains"
    for path in ("/", "/login", "/api/v1/replays", "/nowhere"):
        secure = client.get(path, base_url="https://localhost")
        assert secure.headers["Strict-Transport-Security"] == hsts, path
        assert "Strict-Transport-Security" not in client.get(path).headers, path
    # Behind nginx (ARCHIVE_PROXY_COUNT=1) the scheme is the one the visitor used.
    proxied = make_app(proxy_count="1").test_client()
    https = proxied.get("/", headers={"X-Forwarded-Proto": "https"})
    assert https.headers["Strict-Transport-Security"] == hsts
    http = proxied.get("/", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in http.headers
