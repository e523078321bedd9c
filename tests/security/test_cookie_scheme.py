"""Cookies are Secure exactly when the request came over https, so signing in over plain http
(``make run`` reached from another machine) works, and the sign-in page says it is unsafe."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.editor.support import PASSWORD, create_user

WARNING = "came over plain http from another machine"
LAN_BROWSER = {"REMOTE_ADDR": "192.0.2.10", "HTTP_ACCEPT_LANGUAGE": "en"}


def _sign_in(
    client: FlaskClient, base_url: str, origin: str | None = None, **headers: str
) -> tuple[str, TestResponse]:
    """Sign in as a browser would; ``origin`` is the address the browser sees (a proxy's)."""
    page = client.get("/login", base_url=base_url, headers=headers).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, page
    response = client.post(
        "/login",
        base_url=base_url,
        data={"email": "lan@example.org", "password": PASSWORD, "csrf_token": token.group(1)},
        headers={"Referer": f"{origin or base_url}/login", **headers},
    )
    return page, response


def _set_cookies(response: TestResponse) -> dict[str, str]:
    cookies = response.headers.getlist("Set-Cookie")
    return {cookie.partition("=")[0]: cookie for cookie in cookies}


@pytest.fixture
def production(make_app: Callable[..., Flask]) -> Flask:
    app = make_app(env="production")
    create_user(app, "lan@example.org", "viewer")
    return app


def test_sign_in_over_plain_http_sets_cookies_a_browser_sends_back(production: Flask) -> None:
    client = production.test_client()
    client.environ_base.update(LAN_BROWSER)
    page, response = _sign_in(client, "http://archive.lan")
    assert WARNING in page
    assert response.status_code == 302
    cookies = _set_cookies(response)
    assert set(cookies) == {"session", "archive_device"}
    for cookie in cookies.values():
        assert "Secure" not in cookie and "HttpOnly" in cookie
    home = client.get("/", base_url="http://archive.lan").get_data(as_text=True)
    assert "Sign out" in home


def test_https_cookies_are_secure_and_the_page_does_not_warn(production: Flask) -> None:
    client = production.test_client()
    client.environ_base.update(LAN_BROWSER)
    page, response = _sign_in(client, "https://archive.example.org")
    assert WARNING not in page
    assert response.status_code == 302
    for cookie in _set_cookies(response).values():
        assert "Secure" in cookie


def test_behind_a_trusted_proxy_the_forwarded_scheme_decides(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(env="production", proxy_count="1")
    create_user(app, "lan@example.org", "viewer")
    client = app.test_client()
    client.environ_base.update(LAN_BROWSER)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}
    page, response = _sign_in(
        client, "http://archive.example.org", "https://archive.example.org", **forwarded
    )
    assert WARNING not in page
    assert response.status_code == 302
    cookies = _set_cookies(response)
    assert set(cookies) == {"session", "archive_device"}
    for cookie in cookies.values():
        assert "Secure" in cookie
    plain = client.get(
        "/login", base_url="http://archive.example.org", headers={"X-Forwarded-Proto": "http"}
    )
    assert WARNING in plain.get_data(as_text=True)


def test_no_warning_on_the_same_machine_or_in_development(
    production: Flask, make_app: Callable[..., Flask]
) -> None:
    local = production.test_client().get(
        "/login", base_url="http://127.0.0.1:5000", headers={"Accept-Language": "en"}
    )
    assert WARNING not in local.get_data(as_text=True)
    development = make_app(env="development").test_client()
    development.environ_base.update(LAN_BROWSER)
    assert WARNING not in development.get("/login").get_data(as_text=True)
