"""An S3 endpoint that does not answer is a transient fault the pipeline retries."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.storage import S3Storage, S3Tuning, StorageUnavailable


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def dead_store(closed_port: int, monkeypatch: pytest.MonkeyPatch) -> S3Storage:
    """A store whose endpoint refuses connections (credentials are dummies, never sent)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    return S3Storage(
        "media", "archive", endpoint_url=f"http://127.0.0.1:{closed_port}", tuning=S3Tuning()
    )


def test_every_operation_reports_the_store_as_unavailable(
    dead_store: S3Storage, tmp_path: Path
) -> None:
    source = tmp_path / "a.ts"
    source.write_bytes(b"x")
    calls: list[Callable[[], object]] = [
        dead_store.ping,
        lambda: dead_store.put_bytes("replays/1/a.ts", b"x"),
        lambda: dead_store.put_file("replays/1/a.ts", source),
        lambda: dead_store.exists("replays/1/a.ts"),
        lambda: dead_store.get_file("replays/1/a.ts", tmp_path / "b.ts"),
        lambda: dead_store.list_keys("replays/"),
        lambda: dead_store.delete_prefix("replays/1/"),
    ]
    for call in calls:
        with pytest.raises(StorageUnavailable, match="cannot be reached"):
            call()
    assert not (tmp_path / "b.ts").exists()


def test_retries_are_bounded(dead_store: S3Storage) -> None:
    started = time.monotonic()
    with pytest.raises(StorageUnavailable):
        dead_store.ping()
    assert time.monotonic() - started < 10, "three attempts with short back-off, not forever"


def test_presigning_needs_no_connection(dead_store: S3Storage) -> None:
    url = dead_store.presigned_get("replays/1/a.ts", expires=60)
    assert url is not None and "X-Amz-Signature=" in url
