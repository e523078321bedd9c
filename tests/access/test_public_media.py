"""A replay that stops being public takes its media away from every URL handed out before.

Public media are cached for a year as immutable, and with a CDN base (ARCHIVE_MEDIA_BASE_URL)
read straight from their bucket path: leaving public moves them to a new folder, so the old
app URLs answer 404 for good and the old bucket path is empty.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive import services
from archive.extensions import db
from archive.models import Replay, Visibility
from tests.editor.support import clone_replay, csrf_token, signed_in
from tests.viewer.catalogue import add_replay

MEDIA = ("hls", "mp4", "poster", "storyboard")


def _urls(client: FlaskClient, replay_id: str) -> dict[str, str]:
    return client.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]


def _patch(editor: FlaskClient, replay_id: str, visibility: str) -> None:
    answer = editor.patch(
        f"/api/v1/replays/{replay_id}",
        json={"visibility": visibility},
        headers={"X-CSRFToken": csrf_token(editor)},
    )
    assert answer.status_code == 200, answer.get_json()


def _lifecycle(editor: FlaskClient, replay_id: str, action: str) -> None:
    token = csrf_token(editor)
    answer = editor.post(f"/editor/replays/{replay_id}/{action}", data={"csrf_token": token})
    assert answer.status_code in (302, 303), answer.get_data(as_text=True)


LEAVE_PUBLIC: dict[str, Callable[[FlaskClient, str], None]] = {
    "made private": lambda editor, replay_id: _patch(editor, replay_id, "private"),
    "made unlisted": lambda editor, replay_id: _patch(editor, replay_id, "unlisted"),
    "unpublished": lambda editor, replay_id: _lifecycle(editor, replay_id, "unpublish"),
}
BACK_TO_PUBLIC: dict[str, Callable[[FlaskClient, str], None]] = {
    "made private": lambda editor, replay_id: _patch(editor, replay_id, "public"),
    "made unlisted": lambda editor, replay_id: _patch(editor, replay_id, "public"),
    "unpublished": lambda editor, replay_id: _lifecycle(editor, replay_id, "publish"),
}


@pytest.mark.parametrize("how", LEAVE_PUBLIC)
def test_public_media_urls_never_work_again_once_the_replay_left_public(
    app: Flask, clients: dict[str, FlaskClient], replays: dict[str, str], how: str
) -> None:
    replay_id = clone_replay(app, replays["public"])
    anonymous, editor = clients["anonymous"], clients["editor"]
    before = _urls(anonymous, replay_id)
    first = anonymous.get(before["mp4"])
    assert first.status_code == 200 and "immutable" in first.headers["Cache-Control"]
    LEAVE_PUBLIC[how](editor, replay_id)
    for name in MEDIA:
        assert anonymous.get(before[name]).status_code == 404, name
    BACK_TO_PUBLIC[how](editor, replay_id)
    after = _urls(anonymous, replay_id)
    for name in MEDIA:
        assert after[name] != before[name], name
        # Gone for everyone, editors included: a cache may still hold it, the archive does not.
        assert editor.get(before[name]).status_code == 404, name
        assert anonymous.get(before[name]).status_code == 404, name
        assert anonymous.get(after[name]).status_code == 200, name


def test_a_change_that_keeps_the_replay_public_keeps_its_urls(
    app: Flask, clients: dict[str, FlaskClient], replays: dict[str, str]
) -> None:
    replay_id = clone_replay(app, replays["public"])
    before = _urls(clients["anonymous"], replay_id)
    answer = clients["editor"].patch(
        f"/api/v1/replays/{replay_id}",
        json={"title": "Un autre titre"},
        headers={"X-CSRFToken": csrf_token(clients["editor"])},
    )
    assert answer.status_code == 200
    assert _urls(clients["anonymous"], replay_id) == before


def test_with_a_cdn_base_the_old_bucket_path_is_emptied(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(media_base_url="https://cdn.example.org/m")
    with app.app_context():
        replay_id = add_replay("Keynote publique", Visibility.PUBLIC).id
        db.session.commit()
    anonymous = app.test_client()
    poster = _urls(anonymous, replay_id)["poster"]
    location = anonymous.get(poster).headers["Location"]
    assert location.startswith("https://cdn.example.org/m/replays/")
    key = location.removeprefix("https://cdn.example.org/m/")
    with app.app_context():
        assert services.storage().exists(key)
    editor = signed_in(app, "editor@example.org", "editor")
    _patch(editor, replay_id, "private")
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        moved = replay.media_key(replay.poster_key)
        assert not services.storage().exists(key), "the path the CDN reads must be empty"
        assert services.storage().exists(moved) and moved != key
    assert anonymous.get(poster).status_code == 404
    fresh = _urls(editor, replay_id)["poster"]
    assert editor.get(fresh).status_code == 200
