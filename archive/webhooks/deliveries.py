"""Sending due deliveries: claimed by one worker, signed, POSTed, retried with backoff.

Any number of workers may run this at once: a delivery is claimed by a conditional UPDATE
(only one of them changes the row), and the claim expires on its own if its worker dies, so
the delivery is sent again (at least once, never twice by live workers).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import ColumnElement, delete, or_, update

from archive import services
from archive.extensions import db
from archive.models.webhooks import DeliveryState, WebhookDelivery, WebhookEndpoint
from archive.sentences import N_
from archive.times import utcnow
from archive.webhooks.sending import SendError, post
from archive.webhooks.signing import delivery_headers

log = logging.getLogger(__name__)

#: The wait after each failed attempt; after the last one the delivery has failed for good.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_S = 10.0
#: How long a claim holds: longer than one attempt can take (a slow DNS answer, then at most
#: ``TIMEOUT_S``), so no live worker sends it twice.
CLAIM = timedelta(minutes=5)
#: Deliveries sent in one pass before looking again.
BATCH = 20
#: How long the log keeps delivered and failed deliveries, and how often it is pruned.
KEEP = timedelta(days=30)
PRUNE_EVERY = timedelta(hours=1)

Clock = Callable[[], datetime]
Sender = Callable[..., int]


def deliver_due(*, clock: Clock = utcnow, send: Sender = post, limit: int = BATCH) -> int:
    """Send the deliveries due now (those another worker claimed excepted); returns how many
    were attempted. Failures are recorded on their rows, never raised."""
    attempted = 0
    for delivery_id in due(clock(), limit):
        if claim(delivery_id, clock()):
            attempt(delivery_id, clock=clock, send=send)
            attempted += 1
    return attempted


def due(now: datetime, limit: int = BATCH) -> list[int]:
    """Ids of pending deliveries of active endpoints whose time has come, oldest first."""
    return list(
        db.session.scalars(
            db.select(WebhookDelivery.id)
            .join(WebhookEndpoint)
            .where(
                WebhookEndpoint.active,
                WebhookDelivery.state == DeliveryState.PENDING,
                WebhookDelivery.next_attempt_at <= now,
                _unclaimed(now),
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        )
    )


def claim(delivery_id: int, now: datetime) -> bool:
    """Take a delivery for one attempt; False when another worker has it or it is not due."""
    # The WHERE is checked again on the row itself once a concurrent claimer's UPDATE commits
    # (PostgreSQL re-reads it; SQLite runs writers one at a time), so only one claim succeeds.
    result = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.state == DeliveryState.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            _unclaimed(now),
        )
        .values(
            claimed_until=now + CLAIM,
            attempts=WebhookDelivery.attempts + 1,
            last_attempt_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def attempt(delivery_id: int, *, clock: Clock = utcnow, send: Sender = post) -> DeliveryState:
    """POST a claimed delivery once and record the outcome; returns its new state."""
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    if delivery is None:  # its endpoint was deleted meanwhile
        return DeliveryState.FAILED
    url, secret = delivery.endpoint.url, delivery.endpoint.secret
    body = delivery.body.encode("utf-8")
    headers = delivery_headers(
        secret=secret,
        event=delivery.event.value,
        delivery_id=delivery.id,
        timestamp=int(clock().timestamp()),
        body=body,
    )
    db.session.commit()  # no transaction held open while waiting for the receiver
    status: int | None = None
    error: str | None = None
    try:
        status = send(
            url,
            body,
            headers,
            timeout_s=TIMEOUT_S,
            allow_private=services.settings().webhooks_allow_private,
        )
        if not 200 <= status < 300:
            error = N_("The receiver answered with HTTP status %(status)s.") % {"status": status}
    except SendError as err:
        error = str(err)
    except Exception as err:  # a fault of ours must end this attempt, not the worker's loop
        log.exception("webhook delivery %s: sending failed", delivery_id)
        error = N_("The delivery could not be sent: %(reason)s.") % {"reason": type(err).__name__}
    return _record_outcome(delivery_id, status, error, clock())


def _record_outcome(
    delivery_id: int, status: int | None, error: str | None, now: datetime
) -> DeliveryState:
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    if delivery is None:
        return DeliveryState.FAILED
    delivery.last_status = status
    delivery.last_error = error[:300] if error else None
    delivery.claimed_until = None
    if error is None:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = DeliveryState.FAILED
    else:
        delivery.next_attempt_at = now + BACKOFF[max(0, delivery.attempts - 1)]
    state, event, attempts = delivery.state, delivery.event.value, delivery.attempts
    db.session.commit()
    log.info(
        "webhook delivery %s (%s) attempt %s: %s",
        delivery_id,
        event,
        attempts,
        error or f"delivered ({status})",
    )
    return state


def _unclaimed(now: datetime) -> ColumnElement[bool]:
    return or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now)


def prune(now: datetime) -> int:
    """Forget delivered and failed deliveries older than ``KEEP``; returns how many."""
    result = db.session.execute(
        delete(WebhookDelivery)
        .where(
            WebhookDelivery.state.in_((DeliveryState.DELIVERED, DeliveryState.FAILED)),
            WebhookDelivery.created_at < now - KEEP,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def start_delivery_loop(app: Flask, stop: threading.Event) -> threading.Thread:
    """A thread of the worker that sends due deliveries until ``stop`` is set."""
    interval_s = app.config["ARCHIVE_SETTINGS"].webhooks_poll_s

    def loop() -> None:
        pruned_at: datetime | None = None
        while True:
            sent = 0
            with app.app_context():
                try:
                    sent = deliver_due()
                    if pruned_at is None or utcnow() - pruned_at > PRUNE_EVERY:
                        pruned_at = utcnow()
                        prune(pruned_at)
                except Exception:  # a database outage must not end the worker
                    log.exception("webhooks: delivery pass failed")
                    db.session.rollback()
            # A full batch means more are due: look again at once.
            if stop.wait(0 if sent >= BATCH else interval_s):
                return

    thread = threading.Thread(target=loop, name="webhooks", daemon=True)
    thread.start()
    return thread
