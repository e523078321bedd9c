"""The admin pages: only admins reach them, every form needs its CSRF token, the secret is
shown once, a bad URL is refused with one sentence, the delivery log shows each attempt, and
the audit log records every change."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import AuditEntry
from archive.models.audit import AuditAction
from archive.models.webhooks import WebhookEndpoint
from archive.times import utcnow
from archive.webhooks.deliveries import BACKOFF, deliver_due
from tests.editor.support import csrf_token, signed_in
from tests.webhooks.conftest import Receiver, deliveries

EVENTS = ["replay.published", "replay.updated", "replay.withdrawn"]


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    """A client signed in as an admin."""
    return signed_in(app, "admin@example.org", "admin")


def _create(client: FlaskClient, url: str, events: list[str] | None = None) -> str:
    response = client.post(
        "/editor/webhooks",
        data={
            "url": url,
            "description": "conference website",
            "events": EVENTS if events is None else events,
            "csrf_token": csrf_token(client),
        },
    )
    return response.get_data(as_text=True), response.status_code  # type: ignore[return-value]


def _endpoint_id(app: Flask) -> int:
    with app.app_context():
        (endpoint,) = db.session.scalars(db.select(WebhookEndpoint)).all()
        return endpoint.id


def test_only_admins_reach_the_webhook_pages(app: Flask, client: FlaskClient) -> None:
    assert client.get("/editor/webhooks").status_code == 302  # to sign in
    editor = signed_in(app, "editor@example.org", "editor")
    assert editor.get("/editor/webhooks").status_code == 403
    token = csrf_token(editor)
    response = editor.post(
        "/editor/webhooks",
        data={"url": "https://example.org/", "events": EVENTS, "csrf_token": token},
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(WebhookEndpoint)) == 0


def test_every_webhook_form_needs_its_csrf_token(
    app: Flask, admin: FlaskClient, receiver: Receiver
) -> None:
    refused = admin.post("/editor/webhooks", data={"url": receiver.url, "events": EVENTS})
    assert refused.status_code == 400
    _page, status = _create(admin, receiver.url)
    assert status == 201
    endpoint_id = _endpoint_id(app)
    for action in ("test", "active", "delete"):
        assert admin.post(f"/editor/webhooks/{endpoint_id}/{action}").status_code == 400
    assert deliveries(app) == []
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint_id).active


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(
    app: Flask, admin: FlaskClient, receiver: Receiver
) -> None:
    page, status = _create(admin, receiver.url, ["replay.published", "replay.withdrawn"])
    assert status == 201
    secret = re.search(r"<code class=\"token\" data-token>(whsec_[\w-]+)</code>", page)
    assert secret, "the new secret is on the page"
    with app.app_context():
        endpoint = db.session.scalars(db.select(WebhookEndpoint)).one()
        assert endpoint.secret == secret.group(1)
        assert endpoint.events == ["replay.published", "replay.withdrawn"]
        assert endpoint.created_by == "admin@example.org"
    listing = admin.get("/editor/webhooks").get_data(as_text=True)
    assert receiver.url in listing
    assert secret.group(1) not in listing, "shown once, never again"
    with app.app_context():
        (entry,) = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == AuditAction.WEBHOOK)
        ).all()
        assert entry.actor == "admin@example.org"
        assert receiver.url in entry.summary


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("ftp://example.org/hook", "A webhook URL must start with http:// or https://."),
        (
            "http://10.0.0.7/hook",
            "The host 10.0.0.7 has a private, loopback or reserved address; webhooks go to "
            "public addresses only.",
        ),
    ],
)
def test_a_bad_url_is_refused_with_one_sentence(
    make_app: Callable[..., Flask], url: str, sentence: str
) -> None:
    app = make_app()  # private addresses not allowed
    admin = signed_in(app, "admin@example.org", "admin")
    page, status = _create(admin, url)
    assert status == 400
    assert sentence.replace("'", "&#39;") in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(WebhookEndpoint)) == 0


def test_the_french_interface_refuses_in_french(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    admin = signed_in(app, "admin@example.org", "admin")
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page, status = _create(admin, "gopher://example.org/")
    assert status == 400
    assert "doit commencer par http:// ou https://" in page


def test_the_delivery_log_shows_attempts_and_errors_and_sends_again(
    app: Flask, admin: FlaskClient, receiver: Receiver
) -> None:
    _create(admin, receiver.url)
    endpoint_id = _endpoint_id(app)
    token = csrf_token(admin)
    response = admin.post(f"/editor/webhooks/{endpoint_id}/test", data={"csrf_token": token})
    assert response.status_code == 302
    receiver.answers = [500]
    start = utcnow()
    with app.app_context():
        assert deliver_due(clock=lambda: start) == 1
    log = admin.get(f"/editor/webhooks/{endpoint_id}").get_data(as_text=True)
    assert "<code>ping</code>" in log
    assert "HTTP 500" in log
    assert "The receiver answered with HTTP status 500." in log
    assert "pending" in log
    (row,) = deliveries(app)
    # "Send now" makes it due at once instead of after the backoff.
    assert row["next_attempt_at"] >= (start + BACKOFF[0]).replace(tzinfo=None)
    admin.post(
        f"/editor/webhooks/{endpoint_id}/deliveries/{row['id']}/retry", data={"csrf_token": token}
    )
    with app.app_context():
        assert deliver_due() == 1
    (row,) = deliveries(app)
    assert (row["state"], row["attempts"], row["last_status"]) == ("delivered", 2, 200)
    log = admin.get(f"/editor/webhooks/{endpoint_id}").get_data(as_text=True)
    assert "delivered" in log and "HTTP 200" in log
    assert len(receiver.wait_for(2)) == 2


def test_pausing_and_removing_a_webhook(app: Flask, admin: FlaskClient, receiver: Receiver) -> None:
    _create(admin, receiver.url)
    endpoint_id = _endpoint_id(app)
    token = csrf_token(admin)
    admin.post(f"/editor/webhooks/{endpoint_id}/test", data={"csrf_token": token})
    admin.post(f"/editor/webhooks/{endpoint_id}/active", data={"csrf_token": token, "active": "0"})
    with app.app_context():
        assert deliver_due() == 0, "a paused endpoint's deliveries wait"
    assert "paused" in admin.get("/editor/webhooks").get_data(as_text=True)
    response = admin.post(f"/editor/webhooks/{endpoint_id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert deliveries(app) == [], "its delivery log goes with it"
    with app.app_context():
        summaries = db.session.scalars(
            db.select(AuditEntry.summary)
            .where(AuditEntry.action == AuditAction.WEBHOOK)
            .order_by(AuditEntry.id)
        ).all()
    assert [s.split(" ")[0] for s in summaries] == ["Added", "Paused", "Removed"]
