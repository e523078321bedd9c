"""A web host of a fleet gets the search index from the bucket, with no manual step.

The indexer publishes snapshots to the media store; a brand-new web host started with
``replay-archive serve`` installs the newest one before its first request and follows the
next ones. The same server run shows JSON access logs and metrics shared by its workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Replay, Visibility
from archive.ops.snapshots import INSTALLED, LATEST_KEY, latest_snapshot
from tests.ops.catalogue import add_replay
from tests.ops.conftest import free_port, stopped_on_exit, wait_http


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _hits(base: str, q: str) -> set[str]:
    status, body = _get(f"{base}/api/v1/search?q={urllib.parse.quote(q)}")
    assert status == 200, body
    return {hit["replay_id"] for hit in json.loads(body)["hits"]}


def _indexer_pass(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["indexer", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def _eventually(check: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the web host did not follow the new snapshot"
        time.sleep(0.3)


@pytest.mark.slow
@pytest.mark.s3
def test_a_new_web_host_serves_search_from_the_published_snapshot(
    make_app: Callable[..., Flask],
    archive_env: dict[str, str],
    s3_endpoint: str,
    s3_bucket: str,
    tmp_path: Path,
) -> None:
    indexer = make_app(storage_url=s3_bucket, s3_endpoint_url=s3_endpoint)
    with indexer.app_context():
        first = add_replay("Énergie", [(0.0, 5.0, "La réindustrialisation commence ici.")])
        secret = add_replay("Huis clos", [(0.0, 5.0, "La réindustrialisation discrète.")])
    assert "snapshot: search-index/" in _indexer_pass(indexer)
    assert "snapshot: unchanged" in _indexer_pass(indexer)

    web_dir = tmp_path / "web-host"
    env = {
        **os.environ,
        **archive_env,
        "ARCHIVE_DATABASE_URL": indexer.config["ARCHIVE_SETTINGS"].database_url,
        "ARCHIVE_INSTANCE_DIR": str(web_dir),
        "ARCHIVE_INDEX_SNAPSHOTS": "follow",
        "ARCHIVE_INDEX_SYNC_S": "0.5",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "archive", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    with stopped_on_exit(server):
        wait_http(f"{base}/healthz", server)
        assert _hits(base, "réindustrialisation") == {first, secret}
        with indexer.app_context():
            installed = (web_dir / "index" / INSTALLED).read_text()
            latest = latest_snapshot(services.storage())
            assert latest is not None and installed == latest.key, "served from the snapshot"
        assert _get(f"{base}/readyz")[0] == 200

        # The indexer follows the catalogue; the web host follows the indexer.
        with indexer.app_context():
            replay = db.session.get(Replay, secret)
            assert replay is not None
            replay.visibility = Visibility.PRIVATE
            db.session.commit()
            later = add_replay("Suite", [(0.0, 5.0, "La réindustrialisation continue.")])
        _indexer_pass(indexer)
        _eventually(lambda: _hits(base, "réindustrialisation") == {first, later})

        for _ in range(6):
            _hits(base, "usine")
        status, metrics = _get(f"{base}/metrics")
        assert status == 200
    output = server.stdout.read().decode() if server.stdout else ""
    _assert_json_access_log(output)
    _assert_counted_across_workers(metrics.decode())
    with indexer.app_context():
        assert services.storage().exists(LATEST_KEY)


def _assert_json_access_log(output: str) -> None:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert lines, output[-2000:]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    searches = [line for line in access if line.get("path") == "/api/v1/search"]
    assert searches and all(line["status"] == 200 for line in searches)
    assert all(isinstance(line["duration_ms"], int) for line in searches)


def _assert_counted_across_workers(text: str) -> None:
    counts = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith('archive_search_request_seconds_count{interface="api"}')
    ]
    # Every search the server answered, whichever worker process answered it.
    assert counts and counts[0] >= 8


def test_the_indexer_sees_every_change_the_index_shows(app: Flask) -> None:
    """Change detection comes from the documents the index is written from: an edit that keeps
    a cue's length, or a renamed speaker, is picked up; an unrelated write is not."""
    from archive.models import Cue
    from archive.ops.indexer import sync_once

    with app.app_context():
        replay = add_replay("Énergie", [(0.0, 5.0, "Les soudeurs manquent partout.")])
        assert sync_once(publish=False).rebuilt
        assert sync_once(publish=False).indexed == 0
        cue = db.session.scalar(db.select(Cue).limit(1))
        cue.text = "Les soudeuses manquent partou."  # same length, other words
        db.session.commit()
        assert sync_once(publish=False).indexed == 1
        replay_row = db.session.get(Replay, replay)
        replay_row.visibility = Visibility.UNLISTED
        db.session.commit()
        assert sync_once(publish=False).indexed == 1
        assert sync_once(publish=False).indexed == 0
