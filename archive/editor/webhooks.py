"""Webhook endpoints as admins manage them, each change recorded in the audit log."""

from __future__ import annotations

from archive.editor.audit import record
from archive.models.audit import AuditAction
from archive.models.webhooks import WebhookDelivery, WebhookEndpoint
from archive.webhooks import endpoints


def add_endpoint(
    url: str, events: list[str], description: str, created_by: str
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint (EndpointError when the URL or events are refused), logged; returns it
    and its signing secret, which is shown once."""
    endpoint, secret = endpoints.create_endpoint(
        url, events, description=description, created_by=created_by
    )
    record(
        AuditAction.WEBHOOK,
        f"Added the webhook {endpoint.url} for {', '.join(endpoint.events)}.",
        subject=endpoint.url,
    )
    return endpoint, secret


def remove_endpoint(endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint with its delivery log, logged."""
    url = endpoint.url
    endpoints.delete_endpoint(endpoint)
    record(AuditAction.WEBHOOK, f"Removed the webhook {url} and its delivery log.", subject=url)


def switch_endpoint(endpoint: WebhookEndpoint, active: bool) -> bool:
    """Pause or resume an endpoint, logged; False when it already was so."""
    if not endpoints.set_active(endpoint, active):
        return False
    state = "Resumed" if active else "Paused"
    record(AuditAction.WEBHOOK, f"{state} the webhook {endpoint.url}.", subject=endpoint.url)
    return True


def retry_delivery(delivery: WebhookDelivery) -> bool:
    """Send a pending or failed delivery at the worker's next look, logged."""
    if not endpoints.retry_now(delivery):
        return False
    record(
        AuditAction.WEBHOOK,
        f"Asked for delivery {delivery.id} ({delivery.event.value}) to be sent again to "
        f"{delivery.endpoint.url}.",
        replay_id=delivery.replay_id,
        subject=delivery.endpoint.url,
    )
    return True
