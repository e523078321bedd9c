"""On S3, private media go through presigned redirects that live one minute."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.exceptions import ClientError
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Replay, Visibility
from archive.storage import S3Storage
from tests.editor.support import csrf_token, import_talk, signed_in
from tests.viewer.catalogue import add_replay


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


@pytest.mark.s3
def test_with_a_cdn_base_a_replay_leaving_public_leaves_its_bucket_path(
    make_app,
    s3_bucket: str,
    s3_endpoint: str,  # type: ignore[no-untyped-def]
) -> None:
    app: Flask = make_app(
        storage_url=s3_bucket, s3_endpoint_url=s3_endpoint, media_base_url="https://cdn.example.org"
    )
    with app.app_context():
        replay_id = add_replay("Keynote publique", Visibility.PUBLIC).id
        db.session.commit()
    anonymous = app.test_client()
    urls = anonymous.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]
    cdn = anonymous.get(urls["mp4"]).headers["Location"]
    old_key = cdn.removeprefix("https://cdn.example.org/")
    editor = signed_in(app, "editor@example.org", "editor")
    answer = editor.patch(
        f"/api/v1/replays/{replay_id}",
        json={"visibility": "private"},
        headers={"X-CSRFToken": csrf_token(editor)},
    )
    assert answer.status_code == 200
    with app.app_context():
        storage = services.storage()
        replay = db.session.get(Replay, replay_id)
        new_key = replay.media_key(replay.mp4_key)
    assert isinstance(storage, S3Storage)
    client, bucket, prefix = storage.client, storage.bucket, storage.prefix
    with pytest.raises(ClientError):
        client.head_object(Bucket=bucket, Key=f"{prefix}/{old_key}")
    # The copy keeps what the bucket serves it with: one more version folder, as immutable.
    head = client.head_object(Bucket=bucket, Key=f"{prefix}/{new_key}")
    assert head["ContentType"] == "video/mp4"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    assert anonymous.get(urls["mp4"]).status_code == 404
    fresh = editor.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]["mp4"]
    assert editor.get(fresh).status_code == 302
