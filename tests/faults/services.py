"""Restarting the machine's PostgreSQL and Redis, and making sure they run again afterwards."""

from __future__ import annotations

import os
import subprocess
import time

REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def _cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def postgres_up() -> bool:
    """Whether PostgreSQL accepts connections on 127.0.0.1:5432."""
    done = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False)  # noqa: S603, S607
    return done.returncode == 0


def redis_up() -> bool:
    """Whether Redis answers PING on 127.0.0.1:6379."""
    done = subprocess.run(  # noqa: S603
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() == "PONG"


def _wait(check: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the service did not come back")
        time.sleep(0.2)


def restart_postgres() -> None:
    """Restart the PostgreSQL cluster (every connection is cut)."""
    subprocess.run([*_cluster(), "restart"], check=True, timeout=120, capture_output=True)  # noqa: S603
    _wait(postgres_up, 60)


def restart_redis() -> None:
    """Stop Redis without saving (queued messages are lost), then start it again."""
    subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"],  # noqa: S603, S607
        capture_output=True,
        check=False,
        timeout=30,
    )
    _wait(lambda: not redis_up(), 30)
    subprocess.run(REDIS_START, check=True, timeout=30, capture_output=True)  # noqa: S603
    _wait(redis_up, 30)


def ensure_running() -> None:
    """Start PostgreSQL and Redis if a failed test left either stopped."""
    if not postgres_up():
        subprocess.run([*_cluster(), "start"], check=False, timeout=120, capture_output=True)  # noqa: S603
        _wait(postgres_up, 60)
    if not redis_up():
        subprocess.run(REDIS_START, check=False, timeout=30, capture_output=True)  # noqa: S603
        _wait(redis_up, 30)
