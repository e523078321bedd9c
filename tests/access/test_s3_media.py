"""On S3, private media go through presigned redirects that live one minute."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from archive.extensions import db
from archive.models import Replay, Visibility
from tests.editor.support import import_talk, signed_in


@pytest.mark.s3
def test_private_media_redirect_for_a_minute_and_stop_when_made_private(
    make_app,
    s3_bucket: str,
    s3_endpoint: str,
    talk_mp4: Path,  # type: ignore[no-untyped-def]
) -> None:
    app: Flask = make_app(storage_url=s3_bucket, s3_endpoint_url=s3_endpoint)
    replay_id = import_talk(app, talk_mp4, visibility="unlisted")
    editor = signed_in(app, "editor@example.org", "editor")
    anonymous = app.test_client()
    urls = anonymous.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]
    redirect = anonymous.get(urls["mp4"])
    assert redirect.status_code == 302
    query = parse_qs(urlsplit(redirect.headers["Location"]).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "private" in redirect.headers["Cache-Control"]
    with app.app_context():
        db.session.get(Replay, replay_id).visibility = Visibility.PRIVATE
        db.session.commit()
    assert anonymous.get(urls["mp4"]).status_code == 404
    fresh = editor.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]["mp4"]
    assert editor.get(fresh).status_code == 302
    assert anonymous.get(fresh).status_code == 404
