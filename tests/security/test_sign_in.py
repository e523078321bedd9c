"""Sign-in against guessing and session theft: limits read through the proxy and shared by every
process, device cookies that keep the owner in, sessions that end at logout, and one Argon2
verification whatever is wrong with the attempt (issue 16, findings 5, 7 and 12)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import argon2
import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import User
from tests.conftest import login
from tests.editor.support import PASSWORD, create_user, csrf_token, signed_in

ROOT = Path(__file__).resolve().parents[2]
#: The limits the README states: failures a minute per account from browsers without a device
#: cookie for it, per browser with one, and per address.
PER_ACCOUNT, PER_DEVICE, PER_ADDRESS = 5, 5, 30
#: Signs in from a new process, as another gunicorn worker would, and prints the status.
OTHER_PROCESS = """
import re, sys
from archive import create_app
client = create_app(None, {"TESTING": True}).test_client()
client.environ_base["REMOTE_ADDR"] = sys.argv[3]
page = client.get("/login").get_data(as_text=True)
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
form = {"email": sys.argv[1], "password": sys.argv[2], "csrf_token": token}
print(client.post("/login", data=form).status_code)
"""


def _browser(app: Flask, address: str = "192.0.2.10", proxy: str = "") -> FlaskClient:
    """A client connecting from ``address``, or from ``proxy`` on behalf of ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = proxy or address
    if proxy:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


def _attempt(client: FlaskClient, email: str, password: str = "wrong guess") -> int:
    return int(login(client, email, password).status_code)


def test_behind_the_proxy_each_visitor_has_their_own_address_limit(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(proxy_count="1")
    create_user(app, "visitor@example.org", "viewer")
    guesser = _browser(app, "203.0.113.5", proxy="10.0.0.2")
    # Spread over ten accounts, so that only the address limit is reached.
    statuses = [_attempt(guesser, f"guess{n % 10}@example.org") for n in range(PER_ADDRESS)]
    assert statuses == [401] * PER_ADDRESS
    assert _attempt(guesser, "visitor@example.org", PASSWORD) == 429
    # Another visitor reaches the app through the same nginx: their own address, not locked.
    visitor = _browser(app, "198.51.100.7", proxy="10.0.0.2")
    assert _attempt(visitor, "visitor@example.org", PASSWORD) == 302


def test_without_a_configured_proxy_a_forged_forwarded_address_changes_nothing(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    for n in range(PER_ADDRESS):
        forged = _browser(app, f"203.0.113.{n}", proxy="192.0.2.20")
        assert _attempt(forged, f"forged{n}@example.org") == 401
    create_user(app, "forger@example.org", "viewer")
    forged = _browser(app, "203.0.113.99", proxy="192.0.2.20")
    assert _attempt(forged, "forger@example.org", PASSWORD) == 429


def test_an_attackers_failures_do_not_lock_the_owners_browser_out(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    create_user(app, "owner@example.org", "editor")
    owner = _browser(app, "192.0.2.30")
    assert _attempt(owner, "owner@example.org", PASSWORD) == 302
    owner.post("/logout", data={"csrf_token": csrf_token(owner, "/")})
    # The attacker shares the owner's address (the same office, or an unconfigured proxy).
    attacker = _browser(app, "192.0.2.30")
    assert [_attempt(attacker, "owner@example.org") for _ in range(PER_ACCOUNT)] == [401] * 5
    assert _attempt(attacker, "owner@example.org", PASSWORD) == 429
    # The owner's browser is let through.
    assert _attempt(owner, "owner@example.org", PASSWORD) == 302
    assert owner.get("/editor/").status_code == 200
    # Browsers that never signed in to the account stay locked out with the attacker, anywhere.
    assert _attempt(_browser(app, "198.51.100.8"), "owner@example.org", PASSWORD) == 429


def test_a_device_cookie_has_its_own_allowance_for_its_own_account(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    create_user(app, "device@example.org", "viewer")
    create_user(app, "neighbour@example.org", "viewer")
    stolen = _browser(app, "192.0.2.40")
    assert _attempt(stolen, "device@example.org", PASSWORD) == 302
    # A stolen device cookie buys a few guesses a minute, no more...
    assert [_attempt(stolen, "device@example.org") for _ in range(PER_DEVICE)] == [401] * 5
    refused = login(stolen, "device@example.org", PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # ...and they are its own: the account's other browsers are not locked out by them.
    owner = _browser(app, "192.0.2.41")
    assert _attempt(owner, "device@example.org", PASSWORD) == 302
    # Once cookie-less guesses lock the account, a cookie for another account does not help,
    # nor does one the archive did not sign; the owner's own cookie does.
    attacker = _browser(app, "192.0.2.42")
    assert [_attempt(attacker, "device@example.org") for _ in range(PER_ACCOUNT)] == [401] * 5
    neighbour = _browser(app, "192.0.2.43")
    assert _attempt(neighbour, "neighbour@example.org", PASSWORD) == 302
    assert _attempt(neighbour, "device@example.org", PASSWORD) == 429
    cookie = owner.get_cookie("archive_device", path="/login")
    assert cookie is not None
    forged = _browser(app, "192.0.2.44")
    payload = cookie.value.rpartition(".")[0]
    forged.set_cookie("archive_device", payload + "." + "A" * 27, path="/login")
    assert _attempt(forged, "device@example.org", PASSWORD) == 429
    assert _attempt(owner, "device@example.org", PASSWORD) == 302


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "redis"])
def test_failed_sign_ins_count_in_every_web_process(
    request: pytest.FixtureRequest,
    make_app: Callable[..., Flask],
    archive_env: dict[str, str],
    backend: str,
) -> None:
    if backend == "postgresql":
        app = make_app(database_url=request.getfixturevalue("postgres_url"))
    elif backend == "redis":
        app = make_app(queue_url=request.getfixturevalue("redis_url"))
    else:
        app = make_app()
    create_user(app, "shared@example.org", "viewer")
    guesser = _browser(app)
    assert [_attempt(guesser, "shared@example.org") for _ in range(PER_ACCOUNT)] == [401] * 5
    other = subprocess.run(  # noqa: S603
        [sys.executable, "-c", OTHER_PROCESS, "shared@example.org", PASSWORD, "192.0.2.10"],
        env={**os.environ, **archive_env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert other.stdout.split()[-1] == "429", other.stderr


def test_a_session_cookie_copied_before_logout_opens_nothing_after_it(app: Flask) -> None:
    editor = signed_in(app, "leaving-editor@example.org", "editor")
    copied = editor.get_cookie("session")
    assert copied is not None
    response = editor.post("/logout", data={"csrf_token": csrf_token(editor)})
    assert response.status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied.value)
    assert thief.get("/editor/").status_code == 302  # to the sign-in page
    # Signing in again works, with a new session.
    assert _attempt(editor, "leaving-editor@example.org", PASSWORD) == 302
    assert editor.get("/editor/").status_code == 200
    assert thief.get("/editor/").status_code == 302


def test_unknown_deactivated_and_wrong_password_sign_ins_cost_one_verification_each(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_user(app, "timing@example.org", "viewer")
    create_user(app, "timing-off@example.org", "viewer")
    create_user(app, "timing-restored@example.org", "viewer")
    with app.app_context():
        users = {u.email: u for u in db.session.scalars(db.select(User))}
        users["timing-off@example.org"].active = False
        users["timing-restored@example.org"].password_hash = ""  # exported without its hash
        db.session.commit()
    verified: list[str] = []
    real_verify = argon2.PasswordHasher.verify

    def spy(hasher: argon2.PasswordHasher, stored: str | bytes, password: str | bytes) -> bool:
        cost = re.search(r"\$m=\d+,t=\d+,p=\d+\$", str(stored))
        verified.append(cost.group(0) if cost else f"no Argon2 hash: {stored!r}")
        return real_verify(hasher, stored, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)
    client = _browser(app, "192.0.2.50")
    for email, password in [
        ("nobody@example.org", PASSWORD),
        ("timing-off@example.org", PASSWORD),
        ("timing-restored@example.org", PASSWORD),
        ("timing@example.org", "wrong guess"),
    ]:
        verified.clear()
        assert _attempt(client, email, password) == 401
        assert verified == ["$m=19456,t=2,p=1$"], email
