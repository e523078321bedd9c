"""Local media behind nginx: the app checks access, then hands the file over by header."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask

from archive.extensions import db
from archive.models import Replay, Visibility
from archive.playback.urls import replay_urls
from tests.ops.catalogue import add_replay


def _published(
    app: Flask, visibility: Visibility = Visibility.PUBLIC
) -> tuple[str, dict[str, str]]:
    with app.app_context(), app.test_request_context():
        replay_id = add_replay("Énergie", [(0.0, 4.0, "Bonjour.")], visibility=visibility)
        replay = db.session.get(Replay, replay_id)
        assert replay is not None
        return replay.media_prefix or "", replay_urls(replay)


def test_media_are_handed_to_nginx_once_access_is_checked(make_app: Callable[..., Flask]) -> None:
    app = make_app(x_accel_prefix="/_media/")
    prefix, urls = _published(app)
    response = app.test_client().get(urls["poster"])
    assert response.status_code == 200
    assert response.headers["X-Accel-Redirect"] == f"/_media/{prefix}poster.jpg"
    assert response.content_type == "image/jpeg"
    assert response.get_data() == b""
    assert "max-age" in response.headers["Cache-Control"]


def test_a_private_replay_is_never_handed_over(make_app: Callable[..., Flask]) -> None:
    app = make_app(x_accel_prefix="/_media")
    _prefix, urls = _published(app, Visibility.PRIVATE)
    response = app.test_client().get(urls["poster"])
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response.headers


def test_without_the_setting_the_app_streams_the_file_itself(app: Flask) -> None:
    prefix, urls = _published(app)
    storage_root = app.config["ARCHIVE_SETTINGS"].storage_url.removeprefix("file://")
    poster = Path(storage_root) / prefix / "poster.jpg"
    poster.parent.mkdir(parents=True, exist_ok=True)
    poster.write_bytes(b"\xff\xd8\xff fake jpeg")
    response = app.test_client().get(urls["poster"])
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response.headers
    assert response.get_data().startswith(b"\xff\xd8\xff")
