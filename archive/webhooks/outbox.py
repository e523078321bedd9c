"""Recording what a change to a replay means for outsiders, in the change's own transaction.

The one rule: only what an outsider could see is announced. A replay is *shown* when it is
published, public or unlisted, and no embargo holds it back. Shown before and after: updated;
shown before only: withdrawn (unpublished, made private, embargoed again or deleted); shown
after only: published. A replay whose embargo is still to come gets its "published" delivery
now, due at the embargo's end, since no operation runs when the time comes; each later change
of that replay replaces it. Changes to replays outsiders never saw send nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import delete

from archive import services
from archive.extensions import db
from archive.models import Replay, ReplayStatus, Visibility
from archive.models.webhooks import WebhookDelivery, WebhookEndpoint, WebhookEvent
from archive.times import as_utc, utcnow


@dataclass(frozen=True)
class Exposure:
    """What outsiders could see of a replay at one moment."""

    #: published, public or unlisted, and no embargo holds it back
    shown: bool
    #: published, public or unlisted, and under an embargo ending then
    scheduled_at: datetime | None = None


HIDDEN = Exposure(shown=False)


def exposure(replay: Replay, now: datetime | None = None) -> Exposure:
    """The replay's exposure now; take it before changing the replay, hand it to ``announce``."""
    if replay.status != ReplayStatus.PUBLISHED or replay.visibility == Visibility.PRIVATE:
        return HIDDEN
    if replay.publish_at is not None and as_utc(replay.publish_at) > (now or utcnow()):
        return Exposure(shown=False, scheduled_at=as_utc(replay.publish_at))
    return Exposure(shown=True)


def announce(replay: Replay, before: Exposure, *, deleted: bool = False) -> list[WebhookDelivery]:
    """Add to the session the deliveries this change of ``replay`` calls for (the caller
    commits them with the change); ``before`` is the replay's exposure before the change."""
    now = utcnow()
    after = HIDDEN if deleted else exposure(replay, now)
    if before.scheduled_at is not None:
        _cancel_scheduled(replay.id, now)
    planned: list[tuple[WebhookEvent, datetime]] = []
    if before.shown:
        planned.append((WebhookEvent.UPDATED if after.shown else WebhookEvent.WITHDRAWN, now))
    elif after.shown:
        planned.append((WebhookEvent.PUBLISHED, now))
    if after.scheduled_at is not None:
        planned.append((WebhookEvent.PUBLISHED, after.scheduled_at))
    deliveries: list[WebhookDelivery] = []
    for event, at in planned:
        deliveries += record_event(replay, event, at)
    return deliveries


def record_event(
    replay: Replay | None, event: WebhookEvent, at: datetime, *, replay_id: str | None = None
) -> list[WebhookDelivery]:
    """One delivery of ``event`` per active endpoint subscribed to it, due at ``at``."""
    endpoints = [
        endpoint
        for endpoint in db.session.scalars(
            db.select(WebhookEndpoint).where(WebhookEndpoint.active).order_by(WebhookEndpoint.id)
        )
        if event.value in endpoint.events
    ]
    if not endpoints:
        return []
    replay_id = replay.id if replay is not None else replay_id
    body = _body(event, at, replay if event != WebhookEvent.WITHDRAWN else None, replay_id)
    deliveries = [
        WebhookDelivery(
            endpoint=endpoint, event=event, replay_id=replay_id, body=body, next_attempt_at=at
        )
        for endpoint in endpoints
    ]
    db.session.add_all(deliveries)
    return deliveries


def _cancel_scheduled(replay_id: str, now: datetime) -> None:
    """Drop the replay's "published" deliveries waiting for an embargo's end: the change being
    announced decides anew whether and when it is published."""
    db.session.execute(
        delete(WebhookDelivery)
        .where(
            WebhookDelivery.replay_id == replay_id,
            WebhookDelivery.event == WebhookEvent.PUBLISHED,
            WebhookDelivery.attempts == 0,
            WebhookDelivery.next_attempt_at > now,
        )
        .execution_options(synchronize_session=False)
    )


def _body(event: WebhookEvent, at: datetime, replay: Replay | None, replay_id: str | None) -> str:
    payload: dict[str, Any] = {"event": event.value, "occurred_at": at.isoformat()}
    if replay_id is not None:
        payload["replay"] = {"id": replay_id, **_urls(replay_id)}
        if replay is not None:
            payload["replay"].update(_details(replay))
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _details(replay: Replay) -> dict[str, Any]:
    """What a receiver needs to list the replay; the API (``api_url``) has the rest."""
    return {
        "title": replay.title,
        "description": replay.description,
        "visibility": str(replay.visibility),
        "language": replay.language,
        "session_type": str(replay.session_type),
        "duration": replay.duration,
        "recorded_on": replay.recorded_on.isoformat() if replay.recorded_on else None,
        "published_at": as_utc(replay.published_at).isoformat() if replay.published_at else None,
        "publish_at": as_utc(replay.publish_at).isoformat() if replay.publish_at else None,
        "event": replay.event.name if replay.event else None,
        "speakers": [speaker.name for speaker in replay.speakers],
    }


def _urls(replay_id: str) -> dict[str, str]:
    """The replay's page and API URLs: absolute with ARCHIVE_PUBLIC_URL, paths otherwise (the
    worker has no request to take a host from)."""
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
    )
    base = services.settings().public_url or ""
    return {
        "url": base + adapter.build("catalogue.replay", {"replay_id": replay_id}),
        "api_url": base + adapter.build("api.get_replay", {"replay_id": replay_id}),
    }
