"""Fault 3: searches never fail and never show a private replay while the index is rebuilt
and replays are published, on the production server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from flask import Flask

from archive.models import Visibility
from archive.search.indexing import index_replay, rebuild_index
from tests.ops.catalogue import add_replay
from tests.ops.conftest import free_port, stopped_on_exit, wait_http

LINE = [(0.0, 5.0, "La transition énergétique des usines avance."), (5.0, 9.0, "Merci.")]


class Searcher(threading.Thread):
    """Searches in a loop, counting answers, errors and private replays seen."""

    def __init__(self, base: str, private: set[str], stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.private, self.stop = base, private, stop
        self.answers, self.errors, self.leaks = 0, [], []  # type: ignore[var-annotated]

    def run(self) -> None:
        urls = [
            f"{self.base}/api/v1/search?q={urllib.parse.quote(q)}"
            for q in ("énergétique", "usines", "merci")
        ]
        while not self.stop.is_set():
            for url in urls:
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
                        hits = json.loads(response.read())["hits"]
                except (urllib.error.URLError, OSError, ValueError) as err:
                    self.errors.append(repr(err))
                    continue
                self.answers += 1
                self.leaks += [h["replay_id"] for h in hits if h["replay_id"] in self.private]


@pytest.mark.slow
@pytest.mark.faults
def test_searches_never_fail_nor_leak_during_rebuilds_and_publications(
    app: Flask, archive_env: dict[str, str]
) -> None:
    private: set[str] = set()
    with app.app_context():
        for number in range(30):
            visibility = Visibility.PRIVATE if number % 3 == 0 else Visibility.PUBLIC
            replay_id = add_replay(f"Séance {number}", LINE, visibility=visibility)
            if visibility == Visibility.PRIVATE:
                private.add(replay_id)
        rebuild_index()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "archive", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **archive_env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stop = threading.Event()
    with stopped_on_exit(server):
        wait_http(f"{base}/healthz", server)
        searchers = [Searcher(base, private, stop) for _ in range(3)]
        for searcher in searchers:
            searcher.start()
        with app.app_context():
            for round_ in range(4):
                rebuild_index()
                for number in range(5):
                    visibility = Visibility.PRIVATE if number % 2 else Visibility.PUBLIC
                    replay_id = add_replay(
                        f"Nouvelle {round_}-{number}", LINE, visibility=visibility
                    )
                    if visibility == Visibility.PRIVATE:
                        private.add(replay_id)
                    index_replay(replay_id)
        stop.set()
        for searcher in searchers:
            searcher.join(timeout=60)
    answers = sum(s.answers for s in searchers)
    assert answers >= 30, "the searches ran throughout"
    assert [e for s in searchers for e in s.errors] == []
    assert [leak for s in searchers for leak in s.leaks] == []
