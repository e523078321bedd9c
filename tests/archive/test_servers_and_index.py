"""``serve`` answers like production, and the search index is always rebuildable."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask import Flask

from archive.ops.gunicorn_setup import KEEPALIVE_REQUESTS
from tests.fixtures.demo_server import free_port


@pytest.mark.slow
def test_serve_runs_gunicorn(app: Flask, archive_env: dict[str, str]) -> None:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "archive", "serve", "--port", str(port)),
            *("--workers", "2", "--threads", "2"),
        ],
        env={**os.environ, **archive_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v1/replays", timeout=2
                ) as r:  # noqa: S310
                    assert r.status == 200
                    assert r.headers["Content-Type"] == "application/json"
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        # One connection serves KEEPALIVE_REQUESTS requests, then the server closes it (so
        # that a busy client's next connection goes to a process free to accept it).
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        answers = []
        for _ in range(KEEPALIVE_REQUESTS):
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            answers.append((response.status, response.getheader("Connection")))
        connection.close()
        assert answers[:-1] == [(200, "keep-alive")] * (KEEPALIVE_REQUESTS - 1)
        assert answers[-1] == (200, "close")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "gunicorn" in output.lower()
    assert '"GET /api/v1/replays' in output  # the access log
    assert "read before forking workers" in output  # the search index was warmed in the master
    assert "pages rendered before forking workers" in output  # and the pages were rendered


def test_serve_refuses_a_thread_count_of_zero(archive_env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "archive", "serve", "--threads", "0"],
        env={**os.environ, **archive_env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "--threads" in result.stderr


def _import(app: Flask, media: Path, transcript: Path) -> str:
    result = app.test_cli_runner().invoke(
        args=["import", str(media), "--transcript", str(transcript), "--wait", "--json"]
    )
    assert result.exit_code == 0, result.output
    return str(result.output.strip().splitlines()[-1])


def _hits(app: Flask) -> list[dict]:
    return list(app.test_client().get("/api/v1/search?q=usines").get_json()["hits"])


def test_reindex_rebuilds_a_deleted_index(app: Flask, talk_mp4: Path, talk_vtt: Path) -> None:
    _import(app, talk_mp4, talk_vtt)
    assert len(_hits(app)) == 1
    shutil.rmtree(app.config["ARCHIVE_SETTINGS"].index_dir)
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed 1 replays" in result.output
    assert len(_hits(app)) == 1


def test_a_corrupt_index_is_rebuilt_instead_of_failing(
    app: Flask, talk_mp4: Path, talk_vtt: Path
) -> None:
    _import(app, talk_mp4, talk_vtt)
    index_dir = app.config["ARCHIVE_SETTINGS"].index_dir
    for path in index_dir.rglob("*"):
        if path.is_file() and path.suffix in (".toc", ".seg", ".trm", ".pst"):
            path.write_bytes(b"garbage")
    fresh = app.test_client().get("/api/v1/search?q=usines")
    assert fresh.status_code == 200
    assert len(fresh.get_json()["hits"]) == 1
