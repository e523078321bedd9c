"""Adding, pausing and removing webhook endpoints; a test ping; sending a delivery again."""

from __future__ import annotations

import json

from sqlalchemy import delete

from archive import services
from archive.extensions import db
from archive.models.webhooks import (
    REPLAY_EVENTS,
    DeliveryState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from archive.sentences import N_
from archive.times import utcnow
from archive.webhooks.addresses import UnsafeURL, check_url
from archive.webhooks.signing import new_secret


class EndpointError(ValueError):
    """An endpoint that cannot be made as asked; the message is one sentence."""


def create_endpoint(
    url: str, events: list[str], *, description: str = "", created_by: str
) -> tuple[WebhookEndpoint, str]:
    """A new active endpoint (committed) and its signing secret, which the admin sees once."""
    try:
        url = check_url(url, allow_private=services.settings().webhooks_allow_private)
    except UnsafeURL as err:
        raise EndpointError(str(err)) from None
    known = [event.value for event in REPLAY_EVENTS]
    chosen = [event for event in known if event in events]
    if not chosen or len(chosen) != len(set(events)):
        raise EndpointError(N_("Choose at least one of the events: published, updated, withdrawn."))
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        description=description.strip()[:200],
        secret=secret,
        events=chosen,
        active=True,
        created_by=created_by,
    )
    db.session.add(endpoint)
    db.session.commit()
    return endpoint, secret


def set_active(endpoint: WebhookEndpoint, active: bool) -> bool:
    """Pause or resume an endpoint (paused: no new deliveries, pending ones wait); False when
    it already was so."""
    if endpoint.active == active:
        return False
    endpoint.active = active
    db.session.commit()
    return True


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint and its delivery log."""
    # In one statement: a log may hold thousands of rows, and SQLite enforces no cascade.
    db.session.execute(
        delete(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .execution_options(synchronize_session=False)
    )
    db.session.delete(endpoint)
    db.session.commit()


def send_ping(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a ``ping`` delivery to this endpoint alone, due now, for the worker to send."""
    delivery = WebhookDelivery(
        endpoint=endpoint,
        event=WebhookEvent.PING,
        body=_ping_body(),
        next_attempt_at=utcnow(),
    )
    db.session.add(delivery)
    db.session.commit()
    return delivery


def retry_now(delivery: WebhookDelivery) -> bool:
    """Make a pending or failed delivery due now (a failed one gets one more attempt); False
    for one already delivered."""
    if delivery.state == DeliveryState.DELIVERED:
        return False
    delivery.state = DeliveryState.PENDING
    delivery.next_attempt_at = utcnow()
    db.session.commit()
    return True


def _ping_body() -> str:
    return json.dumps(
        {"event": WebhookEvent.PING.value, "occurred_at": utcnow().isoformat()},
        separators=(",", ":"),
    )
