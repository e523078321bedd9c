"""The signature every delivery carries: HMAC-SHA256 of ``"<timestamp>.<body>"`` with the
endpoint's secret, so a receiver knows the archive sent this body at that time (README,
"Webhooks", shows how to check it)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: A receiver should refuse deliveries whose timestamp is further than this from its clock.
TOLERANCE_S = 300
USER_AGENT = "replay-archive-webhooks/1"


def new_secret() -> str:
    """A fresh signing secret (256 random bits), shown to the admin once."""
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Archive-Signature`` value: ``sha256=`` and the hex HMAC of ``timestamp.body``."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    received: str,
    body: bytes,
    *,
    now: float,
    tolerance_s: float = TOLERANCE_S,
) -> bool:
    """What a receiver does: the timestamp is recent and the signature matches the raw body."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), received)


def delivery_headers(
    *, secret: str, event: str, delivery_id: int, timestamp: int, body: bytes
) -> dict[str, str]:
    """The headers of one POST."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Archive-Event": event,
        "X-Archive-Delivery": str(delivery_id),
        "X-Archive-Timestamp": str(timestamp),
        "X-Archive-Signature": signature(secret, timestamp, body),
    }
