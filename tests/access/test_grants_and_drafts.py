"""Beyond the matrix: viewers named on a private replay, drafts, media turned private, and
the cache headers of what only some may see."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from archive import services
from archive.catalogue.operations import get_or_create_speaker
from archive.extensions import db
from archive.models import Replay, ReplayGrant, ReplayStatus, User, Visibility
from tests.editor.support import clone_replay, search_ids


def _urls(client: FlaskClient, replay_id: str) -> dict[str, str]:
    return client.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]


def _grant(app: Flask, replay_id: str, email: str) -> None:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        db.session.add(ReplayGrant(replay_id=replay_id, user_id=user.id))
        db.session.commit()


def test_a_viewer_named_on_a_private_replay_may_watch_it_through_its_link(
    app: Flask, clients: dict[str, FlaskClient], replays: dict[str, str]
) -> None:
    private = clone_replay(app, replays["private"])
    viewer, anonymous = clients["viewer"], clients["anonymous"]
    assert viewer.get(f"/replays/{private}").status_code == 404
    _grant(app, private, "viewer@example.org")
    urls = _urls(viewer, private)
    for url in (
        f"/replays/{private}",
        f"/embed/{private}",
        urls["mp4"],
        urls["hls"],
        urls["captions"],
    ):
        assert viewer.get(url).status_code == 200, url
        assert anonymous.get(url).status_code == 404, url
    # Named viewers open it by its link; it stays out of lists and search for them.
    assert private not in viewer.get("/").get_data(as_text=True)
    assert private not in {hit for hit, _ in search_ids(viewer, "réindustrialisation")}


def test_drafts_exist_for_editors_only(
    app: Flask, clients: dict[str, FlaskClient], replays: dict[str, str]
) -> None:
    draft = clone_replay(app, replays["public"], status=ReplayStatus.DRAFT)
    for role, status in (("anonymous", 404), ("viewer", 404), ("editor", 200), ("admin", 200)):
        assert clients[role].get(f"/replays/{draft}").status_code == status, role
        assert clients[role].get(f"/api/v1/replays/{draft}").status_code == status, role


def test_a_replay_turned_private_stops_being_served_at_once(
    app: Flask, clients: dict[str, FlaskClient], replays: dict[str, str]
) -> None:
    replay_id = clone_replay(app, replays["unlisted"])
    anonymous = clients["anonymous"]
    urls = _urls(anonymous, replay_id)
    assert anonymous.get(urls["mp4"]).status_code == 200
    with app.app_context():
        db.session.get(Replay, replay_id).visibility = Visibility.PRIVATE
        db.session.commit()
    # The media route checks the replay on every request: URLs handed out before now fail.
    for name in ("hls", "mp4", "poster", "captions", "storyboard"):
        assert anonymous.get(urls[name]).status_code == 404, name
    # And an editor's fresh URLs keep working for the editor only.
    fresh = _urls(clients["editor"], replay_id)
    assert clients["editor"].get(fresh["mp4"]).status_code == 200
    assert anonymous.get(fresh["mp4"]).status_code == 404


def _speaker_with_photo(app: Flask, replay_id: str, name: str) -> str:
    with app.app_context():
        speaker = get_or_create_speaker(name)
        speaker.photo_key = f"speakers/{speaker.slug}.jpg"
        services.storage().put_bytes(speaker.photo_key, b"\xff\xd8\xff photo")
        db.session.get(Replay, replay_id).speakers = [speaker]
        db.session.commit()
        return f"/speakers/{speaker.slug}/photo"


def test_photos_of_speakers_only_private_replays_name_are_never_kept_by_shared_caches(
    app: Flask, clients: dict[str, FlaskClient], replays: dict[str, str]
) -> None:
    private = clone_replay(app, replays["private"])
    hidden = _speaker_with_photo(app, private, "Oratrice Confidentielle")
    shown = _speaker_with_photo(app, clone_replay(app, replays["public"]), "Orateur Public")
    _grant(app, private, "viewer@example.org")
    assert clients["anonymous"].get(hidden).status_code == 404
    for role in ("viewer", "editor"):
        photo = clients[role].get(hidden)
        assert photo.status_code == 200, role
        assert photo.headers["Cache-Control"].startswith("private"), role
    assert clients["anonymous"].get(shown).headers["Cache-Control"].startswith("public")
