"""A real ``replay-archive worker`` process sends the deliveries: a recording processed by it
announces its replay as published, on the embedded default (SQLite catalogue and queue) and
scaled out (PostgreSQL, Huey on Redis)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive.editor.lifecycle import unpublish
from archive.extensions import db
from archive.models import Replay
from tests.archive.support import worker
from tests.conftest import run_cli
from tests.webhooks.conftest import Receiver, add_endpoint, deliveries, make_replay


@pytest.mark.slow
def test_a_replay_processed_by_a_worker_is_announced_by_it(
    app: Flask, archive_env: dict[str, str], receiver: Receiver, talk_mp4: Path
) -> None:
    _endpoint_id, secret = add_endpoint(app, receiver.url)
    queued = run_cli(archive_env, "import", str(talk_mp4), "--json", "--title", "Webhook talk")
    assert queued.returncode == 0, queued.stderr
    replay_id = json.loads(queued.stdout.strip().splitlines()[-1])["id"]
    assert deliveries(app) == [], "nothing is announced while the replay is processed"
    with worker({**archive_env, "ARCHIVE_WEBHOOKS_POLL_S": "0.5"}):
        (got,) = receiver.wait_for(1, timeout=240)
    assert got.event == "replay.published"
    assert receiver.signed_by(secret, got)
    body = got.json["replay"]
    assert (body["id"], body["title"]) == (replay_id, "Webhook talk")
    assert body["duration"] == pytest.approx(12, abs=1)
    (row,) = deliveries(app)
    assert (row["state"], row["attempts"], row["last_status"]) == ("delivered", 1, 200)


@pytest.mark.postgres
def test_a_worker_on_postgresql_and_redis_sends_a_withdrawal(
    make_app: Callable[..., Flask],
    archive_env: dict[str, str],
    postgres_url: str,
    redis_url: str,
    receiver: Receiver,
) -> None:
    app = make_app(
        database_url=postgres_url,
        queue_url=redis_url,
        webhooks_allow_private="1",
        webhooks_poll_s="0.5",
    )
    _endpoint_id, secret = add_endpoint(app, receiver.url, events=("replay.withdrawn",))
    replay_id = make_replay(app)
    with worker(archive_env):
        with app.app_context():
            unpublish(db.session.get(Replay, replay_id))
        (got,) = receiver.wait_for(1, timeout=60)
    assert got.event == "replay.withdrawn"
    assert got.json["replay"]["id"] == replay_id
    assert receiver.signed_by(secret, got)
    assert [row["state"] for row in deliveries(app)] == ["delivered"]
