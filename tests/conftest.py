"""Shared fixtures: apps on each backend, the real services, and small generated media.

Services (PostgreSQL, Redis, moto's S3 server) are real. When one is unreachable the tests that
need it skip on a developer's machine and FAIL in CI (CI=true), so a green CI run means they ran.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

pytest_plugins = [
    # First: the other plugins use its helpers (and it must be registered before they import it).
    "tests.fixtures.parallel",
    "tests.fixtures.s3_server",
    "tests.fixtures.media",
    "tests.fixtures.corpus",
    "tests.fixtures.demo_server",
    "tests.fixtures.browser",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests on the demo server run last, while the demo is built from the start (see there)."""
    from tests.fixtures.demo_server import move_demo_tests_last

    config.stash[DEMO_WANTED] = move_demo_tests_last(items)


DEMO_WANTED = pytest.StashKey[bool]()


@pytest.fixture(scope="session", autouse=True)
def _demo_in_the_background(request: pytest.FixtureRequest) -> None:
    """Start building the demo instance at the first test when some test needs it.

    Not on a pytest-xdist worker: there the demo's tests are one group, handed out first, and
    the worker that gets them builds it while the others run the rest.
    """
    from tests.fixtures.parallel import WORKER

    if request.config.stash.get(DEMO_WANTED, False) and not WORKER:
        request.getfixturevalue("demo_head_start")


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS = "redis://127.0.0.1:6379"
#: Redis database numbers the tests may use, the first free one taken (0 is left to `make run`).
REDIS_DATABASES = range(15, 0, -1)


def service_missing(message: str) -> None:
    """Fail in CI, skip elsewhere: a required service is not there."""
    if IN_CI:
        pytest.fail(f"{message} (required in CI)", pytrace=False)
    pytest.skip(message)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The base URL of the PostgreSQL server (trust auth as user postgres)."""
    if not _port_open(PG_HOST, PG_PORT):
        service_missing(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    return f"postgresql://postgres@{PG_HOST}:{PG_PORT}"


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"archive_test_{secrets.token_hex(4)}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_database() -> Iterator[str]:
    """A Redis database of this pytest process alone, for the session.

    Claimed with a file lock per number, so parallel workers (and another checkout's suite
    running at the same time) never empty each other's queue; the lock goes with the process.
    """
    import fcntl
    import tempfile
    import time

    folder = Path(tempfile.gettempdir()) / "replay-archive-test-locks"
    folder.mkdir(exist_ok=True)
    deadline = time.monotonic() + 120
    while True:
        for number in REDIS_DATABASES:
            handle = open(folder / f"redis-db-{number}.lock", "a")  # noqa: SIM115 - held
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield f"{REDIS}/{number}"
            finally:
                handle.close()
            return
        assert time.monotonic() < deadline, f"every Redis database is in use ({folder})"
        time.sleep(1)


@pytest.fixture
def redis_url(redis_database: str) -> str:
    """An emptied Redis database for one test."""
    import redis

    client = redis.Redis.from_url(redis_database)
    try:
        client.ping()
    except redis.ConnectionError:
        service_missing("Redis is not reachable on 127.0.0.1:6379")
    client.flushdb()
    return redis_database


@pytest.fixture
def archive_env(tmp_path: Path) -> dict[str, str]:
    """ARCHIVE_* variables of an embedded-default instance in a temporary folder."""
    instance = tmp_path / "instance"
    return {
        "ARCHIVE_INSTANCE_DIR": str(instance),
        "ARCHIVE_SECRET_KEY": "test-secret-" + secrets.token_hex(16),
        "ARCHIVE_ENV": "testing",
        # Speech to text is tested where it is the subject (tests/archive/test_transcription.py);
        # elsewhere a recording without a transcript stays without one, as before.
        "ARCHIVE_ASR_MODEL": "off",
    }


@pytest.fixture
def make_app(archive_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Flask]:
    """Build an initialised app; keyword arguments override ARCHIVE_* variables."""
    from archive import create_app
    from archive.instance import init_instance
    from config import Settings

    def build(**overrides: str) -> Flask:
        env = {**archive_env, **{f"ARCHIVE_{k.upper()}": v for k, v in overrides.items()}}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        archive_env.update(env)
        app = create_app(Settings.from_env(), {"TESTING": True})
        with app.app_context():
            list(init_instance())
        return app

    return build


@pytest.fixture
def scale_out(
    make_app: Callable[..., Flask],
    archive_env: dict[str, str],
    postgres_url: str,
    redis_url: str,
    s3_endpoint: str,
    s3_bucket: str,
) -> Callable[..., tuple[Flask, dict[str, str]]]:
    """Build an app on PostgreSQL, Huey on Redis and S3 over HTTP; returns it with the
    environment a ``replay-archive worker`` process needs to join it."""

    def build(**overrides: str) -> tuple[Flask, dict[str, str]]:
        app = make_app(
            database_url=postgres_url,
            queue_url=redis_url,
            storage_url=s3_bucket,
            s3_endpoint_url=s3_endpoint,
            **overrides,
        )
        aws = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
        return app, {**archive_env, **aws}

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The embedded default: SQLite catalogue and queue, local media folder, Whoosh index."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner of the app."""
    return app.test_cli_runner()


def run_cli(
    env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``replay-archive`` in a child process with these ARCHIVE_* variables."""
    import sys

    full_env = {**os.environ, **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "archive", *args],
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def login(client: FlaskClient, email: str, password: str) -> Any:
    """Sign in through the form, with its CSRF token, as a browser would."""
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, "the sign-in form carries a CSRF token"
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token.group(1)}
    )
