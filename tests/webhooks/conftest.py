"""Fixtures of the webhook tests: a real HTTP receiver on loopback that checks signatures, an
app allowed to reach it, and published replays made as rows (no media needed)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask

from archive.webhooks.signing import verify


@dataclass
class Received:
    """One POST the receiver got."""

    headers: dict[str, str]
    body: bytes
    #: the receiver's clock when it came, Unix seconds
    at: float

    @property
    def json(self) -> dict[str, Any]:
        """The body as JSON."""
        return json.loads(self.body)  # type: ignore[no-any-return]

    @property
    def event(self) -> str:
        """The X-Archive-Event header."""
        return self.headers["X-Archive-Event"]


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1 answering the statuses it is told, 200 once they run out."""

    url: str
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def signed_by(self, secret: str, item: Received) -> bool:
        """Whether ``item`` carries a valid signature made with ``secret`` at its timestamp."""
        return verify(
            secret,
            item.headers["X-Archive-Timestamp"],
            item.headers["X-Archive-Signature"],
            item.body,
            now=int(item.headers["X-Archive-Timestamp"]),
        )

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        """The requests received, once there are ``count`` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.05)
        raise AssertionError(
            f"{len(self.received)} webhook requests after {timeout} s, not {count}"
        )


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                receiver.received.append(Received(dict(self.headers), body, time.time()))
                status = receiver.answers.pop(0) if receiver.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A live receiver; its URL is ``receiver.url``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Receiver(url="")))
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks/archive")
    server.RequestHandlerClass = _handler(receiver)
    thread = threading.Thread(target=server.serve_forever, name="receiver", daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The embedded default, allowed to send webhooks to loopback (the test receiver)."""
    return make_app(webhooks_allow_private="1")


def add_endpoint(app: Flask, url: str, events: tuple[str, ...] | None = None) -> tuple[int, str]:
    """An endpoint made as an admin makes it; its id and secret."""
    from archive.webhooks.endpoints import create_endpoint

    with app.app_context():
        endpoint, secret = create_endpoint(
            url,
            list(events or ("replay.published", "replay.updated", "replay.withdrawn")),
            created_by="admin@example.org",
        )
        return endpoint.id, secret


def make_replay(app: Flask, **fields: Any) -> str:
    """A replay row with processed media (a storage prefix without files), by default a
    published public one; returns its id."""
    from archive.extensions import db
    from archive.models import Replay, ReplayStatus, Visibility
    from archive.times import utcnow

    values: dict[str, Any] = {
        "title": "Keynote : l'industrie",
        "status": ReplayStatus.PUBLISHED,
        "visibility": Visibility.PUBLIC,
        "media_prefix": "replays/x/v1-a/",
        "published_at": utcnow(),
        **fields,
    }
    with app.app_context():
        replay = Replay(**values)
        db.session.add(replay)
        db.session.commit()
        return replay.id


def deliveries(app: Flask) -> list[dict[str, Any]]:
    """Every delivery row, oldest first, as plain values."""
    from archive.extensions import db
    from archive.models.webhooks import WebhookDelivery

    with app.app_context():
        rows = db.session.scalars(db.select(WebhookDelivery).order_by(WebhookDelivery.id))
        return [
            {
                "id": row.id,
                "endpoint": row.endpoint_id,
                "event": row.event.value,
                "replay": row.replay_id,
                "state": row.state.value,
                "attempts": row.attempts,
                "next_attempt_at": row.next_attempt_at,
                "last_status": row.last_status,
                "last_error": row.last_error,
                "body": json.loads(row.body),
            }
            for row in rows
        ]
