"""Sending: signed and timestamped POSTs, retried with backoff until the receiver answers 2xx,
failed for good after the last attempt, sent once even when workers compete for them, and
never to private addresses unless the instance allows it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from flask import Flask

from archive.extensions import db
from archive.models.webhooks import WebhookEndpoint
from archive.times import utcnow
from archive.webhooks.addresses import UnsafeURL, check_url, is_public
from archive.webhooks.deliveries import (
    BACKOFF,
    CLAIM,
    KEEP,
    MAX_ATTEMPTS,
    claim,
    deliver_due,
    prune,
)
from archive.webhooks.endpoints import EndpointError, create_endpoint, send_ping
from tests.webhooks.conftest import Receiver, add_endpoint, deliveries


def _ping(app: Flask, endpoint_id: int) -> int:
    with app.app_context():
        return send_ping(db.session.get(WebhookEndpoint, endpoint_id)).id


def test_a_delivery_is_signed_over_its_timestamp_and_body(app: Flask, receiver: Receiver) -> None:
    endpoint_id, secret = add_endpoint(app, receiver.url)
    delivery_id = _ping(app, endpoint_id)
    with app.app_context():
        assert deliver_due() == 1
    (got,) = receiver.wait_for(1)
    assert got.headers["X-Archive-Event"] == "ping"
    assert got.headers["X-Archive-Delivery"] == str(delivery_id)
    assert got.headers["Content-Type"].startswith("application/json")
    assert abs(int(got.headers["X-Archive-Timestamp"]) - got.at) < 5
    assert got.headers["X-Archive-Signature"].startswith("sha256=")
    assert receiver.signed_by(secret, got)
    assert not receiver.signed_by("whsec_another", got), "another secret does not verify"
    tampered = type(got)(got.headers, got.body.replace(b"ping", b"pong"), got.at)
    assert not receiver.signed_by(secret, tampered), "a changed body does not verify"
    (row,) = deliveries(app)
    assert (row["state"], row["attempts"], row["last_status"]) == ("delivered", 1, 200)


def test_an_error_answer_is_retried_after_the_backoff_then_delivered(
    app: Flask, receiver: Receiver
) -> None:
    endpoint_id, _secret = add_endpoint(app, receiver.url)
    _ping(app, endpoint_id)
    receiver.answers = [500]
    start = utcnow()
    with app.app_context():
        assert deliver_due(clock=lambda: start) == 1
        (row,) = deliveries(app)
        assert (row["state"], row["attempts"], row["last_status"]) == ("pending", 1, 500)
        assert row["last_error"] == "The receiver answered with HTTP status 500."
        assert deliver_due(clock=lambda: start + BACKOFF[0] - timedelta(seconds=1)) == 0
        assert deliver_due(clock=lambda: start + BACKOFF[0]) == 1
    first, second = receiver.wait_for(2)
    assert first.headers["X-Archive-Delivery"] == second.headers["X-Archive-Delivery"]
    assert (
        int(second.headers["X-Archive-Timestamp"]) - int(first.headers["X-Archive-Timestamp"]) == 60
    )
    (row,) = deliveries(app)
    assert (row["state"], row["attempts"], row["last_status"], row["last_error"]) == (
        "delivered",
        2,
        200,
        None,
    )


def test_a_delivery_fails_for_good_after_its_last_attempt(app: Flask, receiver: Receiver) -> None:
    endpoint_id, _secret = add_endpoint(app, receiver.url)
    _ping(app, endpoint_id)
    receiver.answers = [503] * MAX_ATTEMPTS
    now = utcnow()
    waits = []
    with app.app_context():
        for _attempt in range(MAX_ATTEMPTS):
            assert deliver_due(clock=lambda at=now: at) == 1
            (row,) = deliveries(app)
            waits.append(row["next_attempt_at"])
            now = row["next_attempt_at"].replace(tzinfo=now.tzinfo)
        assert deliver_due(clock=lambda: now + timedelta(days=30)) == 0
    (row,) = deliveries(app)
    assert (row["state"], row["attempts"], row["last_status"]) == ("failed", MAX_ATTEMPTS, 503)
    gaps = [later - earlier for earlier, later in zip(waits, waits[1:], strict=False)]
    assert gaps[: len(BACKOFF) - 1] == list(BACKOFF[1:])  # 1 min, 5 min, 30 min, 2 h, 12 h


def test_an_unreachable_receiver_is_one_sentence_in_the_log(app: Flask) -> None:
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    endpoint_id, _secret = add_endpoint(app, f"http://127.0.0.1:{port}/")
    _ping(app, endpoint_id)
    with app.app_context():
        assert deliver_due() == 1
    (row,) = deliveries(app)
    assert (row["state"], row["last_status"]) == ("pending", None)
    assert row["last_error"] == "The receiver refused the connection."


def test_a_receiver_that_does_not_answer_times_out(
    app: Flask, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from archive.webhooks import deliveries as module

    monkeypatch.setattr(module, "TIMEOUT_S", 0.5)
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        endpoint_id, _secret = add_endpoint(app, f"http://127.0.0.1:{silent.getsockname()[1]}/")
        _ping(app, endpoint_id)
        started = time.monotonic()
        with app.app_context():
            assert deliver_due() == 1
        assert time.monotonic() - started < 5
    (row,) = deliveries(app)
    assert row["last_error"] == "The receiver did not answer within 0.5 seconds."


def test_a_receiver_trickling_its_answer_is_cut_off_at_the_timeout(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from archive.webhooks import deliveries as module

    monkeypatch.setattr(module, "TIMEOUT_S", 1.0)
    stop = threading.Event()

    def trickle(server: socket.socket) -> None:
        connection, _address = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            while not stop.wait(0.2):  # one header byte at a time, never ending
                try:
                    connection.sendall(b"X")
                except OSError:
                    return

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        thread = threading.Thread(target=trickle, args=(server,), daemon=True)
        thread.start()
        endpoint_id, _secret = add_endpoint(app, f"http://127.0.0.1:{server.getsockname()[1]}/")
        _ping(app, endpoint_id)
        started = time.monotonic()
        with app.app_context():
            assert deliver_due() == 1
        took = time.monotonic() - started
        stop.set()
        thread.join(timeout=5)
    assert took < 3, f"the attempt took {took:.1f} s"
    (row,) = deliveries(app)
    assert row["last_error"] == "The receiver did not answer within 1 seconds."


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("172.16.5.4", False),
        ("169.254.169.254", False),  # cloud metadata service
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_only_public_addresses_are_reachable(address: str, public: bool) -> None:
    assert is_public(address) is public


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("ftp://example.org/hook", "A webhook URL must start with http:// or https://."),
        ("file:///etc/passwd", "A webhook URL must start with http:// or https://."),
        ("https://", "A webhook URL must name a host."),
        (
            "https://café.example/hook",
            "A webhook URL must be written in ASCII: the host in punycode, other characters "
            "percent-encoded.",
        ),
        (
            "https://user:pw@example.org/",
            "A webhook URL must not carry a user name or password; the signature proves the sender.",
        ),
        (
            "http://example.org:99999/",
            "The port of a webhook URL must be a number from 1 to 65535.",
        ),
        (
            "http://127.0.0.1:8080/hook",
            "The host 127.0.0.1 has a private, loopback or reserved address; webhooks go to public "
            "addresses only.",
        ),
        (
            "http://[::1]/hook",
            "The host ::1 has a private, loopback or reserved address; webhooks go to public "
            "addresses only.",
        ),
        ("http://localhost/hook", None),  # a name resolving to loopback
        ("https://no-such-host.invalid/hook", "The host no-such-host.invalid could not be found."),
    ],
)
def test_unsafe_urls_are_refused_with_one_sentence(url: str, sentence: str | None) -> None:
    with pytest.raises(UnsafeURL) as refused:
        check_url(url, allow_private=False)
    if sentence is not None:
        assert str(refused.value) == sentence
    else:
        assert "loopback" in str(refused.value)


def test_private_receivers_are_refused_when_sending_too(
    make_app: Callable[..., Flask], receiver: Receiver
) -> None:
    """An endpoint added while the instance allowed private addresses stops there once it does
    not (and a name that now resolves to a private address is refused the same way)."""
    allowed = make_app(webhooks_allow_private="1")
    endpoint_id, _secret = add_endpoint(allowed, receiver.url)
    _ping(allowed, endpoint_id)
    strict = make_app(webhooks_allow_private="0")
    with strict.app_context():
        with pytest.raises(EndpointError, match="private, loopback or reserved"):
            create_endpoint(receiver.url, ["replay.published"], created_by="admin@example.org")
        assert deliver_due() == 1
    assert receiver.received == []
    (row,) = deliveries(strict)
    assert row["state"] == "pending"
    assert "private, loopback or reserved address" in row["last_error"]


def _claim_race(app: Flask, delivery_id: int, now: datetime, claimers: int) -> list[bool]:
    barrier = threading.Barrier(claimers)
    results: list[bool] = []

    def one() -> None:
        with app.app_context():
            barrier.wait()
            results.append(claim(delivery_id, now))

    threads = [threading.Thread(target=one) for _ in range(claimers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
def test_competing_workers_deliver_each_delivery_once_on_postgresql(
    make_app: Callable[..., Flask], postgres_url: str, receiver: Receiver
) -> None:
    app = make_app(database_url=postgres_url, webhooks_allow_private="1")
    endpoint_id, _secret = add_endpoint(app, receiver.url)
    first = _ping(app, endpoint_id)
    assert sorted(_claim_race(app, first, utcnow(), 4)) == [False, False, False, True]
    # Whole passes at once, as several worker hosts would run them.
    for _ in range(7):
        _ping(app, endpoint_id)
    barrier = threading.Barrier(3)
    counts: list[int] = []

    def worker() -> None:
        with app.app_context():
            barrier.wait()
            # Late enough for the first delivery's claim above (no attempt followed) to have
            # run out, as if its worker had died.
            counts.append(deliver_due(clock=lambda: utcnow() + CLAIM + timedelta(seconds=1)))

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 8
    got = receiver.wait_for(8)
    time.sleep(0.3)
    ids = [item.headers["X-Archive-Delivery"] for item in receiver.received]
    assert len(ids) == len(set(ids)) == 8
    assert {row["state"] for row in deliveries(app)} == {"delivered"}
    assert len(got) == 8


def test_a_claimed_delivery_is_not_claimed_again_until_its_claim_expires(
    app: Flask, receiver: Receiver
) -> None:
    endpoint_id, _secret = add_endpoint(app, receiver.url)
    delivery_id = _ping(app, endpoint_id)
    now = utcnow()
    with app.app_context():
        assert claim(delivery_id, now)
        assert not claim(delivery_id, now + CLAIM - timedelta(seconds=1))
        # Its worker died mid-attempt: another takes it up once the claim runs out.
        assert claim(delivery_id, now + CLAIM + timedelta(seconds=1))
    (row,) = deliveries(app)
    assert row["attempts"] == 2


def test_the_readme_verification_snippet_accepts_a_real_delivery(
    app: Flask, receiver: Receiver
) -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("## Webhooks") :]
    snippet = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert snippet, "the README shows how to verify a delivery"
    namespace: dict[str, object] = {}
    exec(snippet.group(1), namespace)  # noqa: S102 (our own README)
    verify_as_documented = namespace["verify"]
    endpoint_id, secret = add_endpoint(app, receiver.url)
    _ping(app, endpoint_id)
    with app.app_context():
        deliver_due()
    (got,) = receiver.wait_for(1)
    assert verify_as_documented(secret, got.headers, got.body)  # type: ignore[operator]
    assert not verify_as_documented(secret, got.headers, got.body + b" ")  # type: ignore[operator]


def test_the_log_forgets_finished_deliveries_after_a_month(app: Flask, receiver: Receiver) -> None:
    endpoint_id, _secret = add_endpoint(app, receiver.url)
    _ping(app, endpoint_id)
    with app.app_context():
        deliver_due()
    _ping(app, endpoint_id)  # still pending: kept however old
    with app.app_context():
        assert prune(utcnow() + KEEP - timedelta(hours=1)) == 0
        assert prune(utcnow() + KEEP + timedelta(hours=1)) == 1
    assert [row["state"] for row in deliveries(app)] == ["pending"]
