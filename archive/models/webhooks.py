"""Webhooks: URLs told when a replay is published, updated or withdrawn, and each delivery."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.extensions import db
from archive.models.enums import enum_column
from archive.times import utcnow


class WebhookEvent(enum.StrEnum):
    """What a delivery announces (the ``X-Archive-Event`` header and the body's ``event``)."""

    PUBLISHED = "replay.published"  #: a replay became visible to outsiders
    UPDATED = "replay.updated"  #: a visible replay's details or media changed
    WITHDRAWN = "replay.withdrawn"  #: a visible replay was made private, unpublished or deleted
    PING = "ping"  #: an admin's "send test"


#: the events an endpoint may subscribe to (a ping goes to whoever asks for it)
REPLAY_EVENTS = (WebhookEvent.PUBLISHED, WebhookEvent.UPDATED, WebhookEvent.WITHDRAWN)


class DeliveryState(enum.StrEnum):
    """Where one delivery is."""

    PENDING = "pending"  #: waiting for its next attempt
    DELIVERED = "delivered"  #: the receiver answered 2xx
    FAILED = "failed"  #: every attempt failed; retried only by an admin


class WebhookEndpoint(db.Model):  # type: ignore[name-defined]
    """A URL that receives signed POSTs for the events it subscribed to."""

    __tablename__ = "webhook_endpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    #: what it is for, in the admin's words ("conference website")
    description: Mapped[str] = mapped_column(String(200), default="")
    #: the HMAC key; kept because every delivery is signed with it, shown to the admin once
    secret: Mapped[str] = mapped_column(String(100))
    #: the event names subscribed to, a subset of ``REPLAY_EVENTS``' values
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the admin's email, or "command line"
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="endpoint", cascade="all, delete-orphan", passive_deletes=True
    )


class WebhookDelivery(db.Model):  # type: ignore[name-defined]
    """One event for one endpoint: written with the change it announces, sent by the worker."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_state_next_attempt_at", "state", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[WebhookEvent] = mapped_column(enum_column(WebhookEvent))
    #: the replay announced; no foreign key, so a withdrawal outlives a deleted replay
    replay_id: Mapped[str | None] = mapped_column(String(32))
    #: the JSON body exactly as sent and signed
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState), default=DeliveryState.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: when a worker may try it next (pending deliveries only)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: a worker holds the delivery until then, so two workers never send it both
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the receiver's last HTTP status, if it answered
    last_status: Mapped[int | None] = mapped_column(Integer)
    #: one sentence saying why the last attempt failed
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    endpoint: Mapped[WebhookEndpoint] = relationship(back_populates="deliveries")
