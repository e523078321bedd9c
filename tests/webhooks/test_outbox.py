"""Which changes are announced: publishing, updating and withdrawing a replay outsiders see,
each written with the change itself (a rollback leaves nothing to send), and nothing for
replays they never saw."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from archive.catalogue.updates import update_replay
from archive.editor.lifecycle import delete_replay, publish, unpublish
from archive.extensions import db
from archive.models import Replay, ReplayStatus, Visibility
from archive.times import as_utc, utcnow
from archive.webhooks.deliveries import deliver_due
from archive.webhooks.outbox import announce, exposure
from tests.webhooks.conftest import Receiver, add_endpoint, deliveries, make_replay


def _events(app: Flask) -> list[tuple[str, str | None]]:
    return [(d["event"], d["replay"]) for d in deliveries(app)]


def test_publishing_a_draft_announces_it_to_subscribed_active_endpoints(
    app: Flask, receiver: Receiver
) -> None:
    endpoint, secret = add_endpoint(app, receiver.url)
    add_endpoint(app, receiver.url, events=("replay.withdrawn",))  # not subscribed
    replay_id = make_replay(app, status=ReplayStatus.DRAFT, published_at=None)
    with app.app_context():
        publish(db.session.get(Replay, replay_id))
    assert _events(app) == [("replay.published", replay_id)]
    with app.app_context():
        assert deliver_due() == 1
    (got,) = receiver.wait_for(1)
    assert got.event == "replay.published"
    assert receiver.signed_by(secret, got)
    body = got.json
    assert body["event"] == "replay.published"
    assert body["replay"]["id"] == replay_id
    assert body["replay"]["title"] == "Keynote : l'industrie"
    assert body["replay"]["visibility"] == "public"
    assert body["replay"]["url"].endswith(f"/replays/{replay_id}")
    assert body["replay"]["api_url"].endswith(f"/api/v1/replays/{replay_id}")


def test_updating_a_public_replay_announces_an_update_a_private_one_nothing(
    app: Flask, receiver: Receiver
) -> None:
    add_endpoint(app, receiver.url)
    shown = make_replay(app)
    private = make_replay(app, visibility=Visibility.PRIVATE)
    with app.app_context():
        update_replay(db.session.get(Replay, shown), {"title": "Nouveau titre"})
        update_replay(db.session.get(Replay, private), {"title": "Secret"})
    (only,) = deliveries(app)
    assert (only["event"], only["replay"]) == ("replay.updated", shown)
    assert only["body"]["replay"]["title"] == "Nouveau titre"


def test_making_private_unpublishing_and_deleting_announce_withdrawals(
    app: Flask, receiver: Receiver
) -> None:
    add_endpoint(app, receiver.url)
    made_private, unpublished, deleted = make_replay(app), make_replay(app), make_replay(app)
    never_shown = make_replay(app, visibility=Visibility.PRIVATE)
    with app.app_context():
        update_replay(db.session.get(Replay, made_private), {"visibility": "private"})
        unpublish(db.session.get(Replay, unpublished))
        assert delete_replay(db.session.get(Replay, deleted)) == []
        delete_replay(db.session.get(Replay, never_shown))
    assert _events(app) == [
        ("replay.withdrawn", made_private),
        ("replay.withdrawn", unpublished),
        ("replay.withdrawn", deleted),
    ]
    withdrawn = deliveries(app)[0]["body"]["replay"]
    assert "title" not in withdrawn, "a withdrawn replay's details are no longer for outsiders"
    with app.app_context():
        assert deliver_due() == 3  # the deleted replay's delivery outlives it
    assert [r.event for r in receiver.wait_for(3)] == ["replay.withdrawn"] * 3


def test_unlisted_replays_are_announced_with_their_visibility(
    app: Flask, receiver: Receiver
) -> None:
    add_endpoint(app, receiver.url)
    replay_id = make_replay(app, visibility=Visibility.PRIVATE)
    with app.app_context():
        update_replay(db.session.get(Replay, replay_id), {"visibility": "unlisted"})
    (delivery,) = deliveries(app)
    assert delivery["event"] == "replay.published"
    assert delivery["body"]["replay"]["visibility"] == "unlisted"


def test_a_rolled_back_change_sends_nothing(app: Flask, receiver: Receiver) -> None:
    add_endpoint(app, receiver.url)
    replay_id = make_replay(app)
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        before = exposure(replay)
        replay.visibility = Visibility.PRIVATE
        announce(replay, before)
        db.session.flush()  # the delivery row exists inside the transaction...
        db.session.rollback()  # ...and goes with it
        assert deliver_due() == 0
    assert deliveries(app) == []
    assert receiver.received == []


def test_an_embargoed_replay_is_announced_when_its_embargo_ends(
    app: Flask, receiver: Receiver
) -> None:
    add_endpoint(app, receiver.url)
    replay_id = make_replay(app, status=ReplayStatus.DRAFT, published_at=None)
    ends = utcnow() + timedelta(hours=2)
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        replay.publish_at = ends
        publish(replay)
        assert deliver_due() == 0, "nothing is said before the embargo ends"
    (scheduled,) = deliveries(app)
    assert scheduled["event"] == "replay.published"
    assert as_utc(scheduled["next_attempt_at"]) == ends
    later = ends + timedelta(hours=1)
    with app.app_context():
        # The editor moves the embargo: the announcement moves with it, never twice.
        replay = db.session.get(Replay, replay_id)
        before = exposure(replay)
        replay.publish_at = later
        update_replay(replay, {}, before=before)
        (moved,) = deliveries(app)
        assert as_utc(moved["next_attempt_at"]) == later
        assert deliver_due(clock=lambda: ends + timedelta(minutes=5)) == 0
        assert deliver_due(clock=lambda: later + timedelta(seconds=1)) == 1
    (got,) = receiver.wait_for(1)
    assert got.event == "replay.published"
