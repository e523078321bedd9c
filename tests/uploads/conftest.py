"""Fixtures of the upload tests: signed-in users, tus headers, and the app over real HTTP."""

from __future__ import annotations

import base64
import http.client
import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login

PASSWORD = "a long enough secret"
USER_AGENT = "upload-tests/1.0"


@dataclass
class Session:
    """A browser session of one user: its test client and CSRF token."""

    client: FlaskClient
    csrf: str

    def tus(self, **extra: str) -> dict[str, str]:
        """Headers of a tus request from this session (CSRF token included)."""
        return {"Tus-Resumable": "1.0.0", "X-CSRFToken": self.csrf, **extra}


def create_user(app: Flask, email: str, role: str) -> None:
    """Create an account through the CLI, as an administrator would."""
    result = app.test_cli_runner().invoke(
        args=["create-user", email, "--role", role], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


def csrf_of(client: FlaskClient) -> str:
    """The CSRF token a signed-in page carries in its meta tag."""
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found, "signed-in pages carry the CSRF token"
    return found.group(1)


def signed_in(app: Flask, email: str, role: str) -> Session:
    """A new user with this role, signed in on a new client of ``app``."""
    create_user(app, email, role)
    client = app.test_client()
    assert login(client, email, PASSWORD).status_code == 302
    return Session(client, csrf_of(client))


@pytest.fixture
def sign_in_on() -> Callable[[Flask, str, str], Session]:
    """Sign a new user in on an app of the test's choosing."""
    return signed_in


@pytest.fixture
def sign_in(app: Flask) -> Callable[[str, str], Session]:
    """Sign a new user with this role in on a new client of the default app."""
    return lambda email, role: signed_in(app, email, role)


@pytest.fixture
def editor(sign_in: Callable[[str, str], Session]) -> Session:
    """A signed-in editor."""
    return sign_in("editor@example.org", "editor")


def metadata(**values: str) -> str:
    """An Upload-Metadata header."""
    return ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in values.items()
    )


@dataclass
class LiveServer:
    """The app served over real HTTP on loopback by werkzeug's threaded server."""

    url: str
    host: str
    port: int


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` in a thread for tests that need real sockets (cut connections)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", "127.0.0.1", server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


class Browser:
    """A cookie-keeping HTTP client of a live server, signed in through the sign-in form."""

    def __init__(self, server: LiveServer, email: str) -> None:
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        # Flask-Login's strong session protection ties the session to the user agent.
        self.opener.addheaders = [("User-Agent", USER_AGENT)]
        page = self.opener.open(server.url + "/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token
        form = urllib.parse.urlencode(
            {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
        ).encode()
        self.opener.open(server.url + "/login", data=form).read()
        home = self.opener.open(server.url + "/").read().decode()
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', home)
        assert csrf, "signed in"
        self.csrf = csrf.group(1)

    def cookie_header(self) -> str:
        """The Cookie header this browser sends."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> http.client.HTTPResponse:
        """One request on a fresh connection; the caller reads the response."""
        connection = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        connection.request(
            method,
            path,
            body=body or None,
            headers={
                "Cookie": self.cookie_header(),
                "X-CSRFToken": self.csrf,
                "User-Agent": USER_AGENT,
                "Tus-Resumable": "1.0.0",
                **headers,
            },
        )
        return connection.getresponse()
