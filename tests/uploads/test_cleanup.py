"""Abandoned uploads are removed; live ones and registered originals are kept."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive import services
from archive.uploads.cleanup import clean_abandoned_uploads
from tests.uploads.conftest import Session, metadata
from tests.uploads.support import CORS, put_part, s3, sign, start

DAY = 24 * 3600


def _create(session: Session, length: int = 1000) -> str:
    created = session.client.post(
        "/upload/tus/",
        headers=session.tus(
            **{"Upload-Length": str(length), "Upload-Metadata": metadata(filename="talk.mp4")}
        ),
    )
    url = created.headers["Location"]
    session.client.patch(
        url,
        data=b"x" * 100,
        headers=session.tus(
            **{"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
        ),
    )
    return url


def _age(folder: Path, seconds: float) -> None:
    """Make every file of the upload folder look ``seconds`` old."""
    past = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


def test_uploads_idle_for_a_day_are_removed(app: Flask, editor: Session) -> None:
    folder = Path(app.instance_path) / "uploads"
    old = _create(editor)
    (folder / "transcript-left-by-a-crash").mkdir()
    (folder / ("f" * 32 + ".mp4")).write_bytes(b"data without a record")
    _age(folder, DAY + 60)
    fresh = _create(editor)
    with app.app_context():
        assert clean_abandoned_uploads() == 1
        assert clean_abandoned_uploads() == 0
    assert editor.client.head(old, headers=editor.tus()).status_code == 404
    assert editor.client.head(fresh, headers=editor.tus()).headers["Upload-Offset"] == "100"
    fresh_id = fresh.rsplit("/", 1)[1]
    assert sorted(p.name for p in folder.iterdir()) == [f"{fresh_id}.json", f"{fresh_id}.mp4"]


def test_an_upload_still_receiving_bytes_is_kept(app: Flask, editor: Session) -> None:
    url = _create(editor)
    with app.app_context():
        assert clean_abandoned_uploads(older_than_s=3600) == 0
    assert editor.client.head(url, headers=editor.tus()).status_code == 200


@pytest.mark.s3
def test_finished_direct_uploads_nobody_registered_are_deleted(
    make_app: Callable[..., Flask],
    s3_endpoint: str,
    s3_bucket: str,
    sign_in_on: Callable[..., Session],
) -> None:
    from tests.fixtures.s3_server import s3_test_client

    s3_test_client(s3_endpoint).put_bucket_cors(
        Bucket=s3_bucket.split("/")[2], CORSConfiguration=CORS
    )
    app = make_app(storage_url=s3_bucket, s3_endpoint_url=s3_endpoint)
    editor = sign_in_on(app, "forgetful@example.org", "editor")
    keys = []
    for _ in range(2):
        key, upload_id, token = start(editor, 100)
        etag = put_part(editor, key, upload_id, token, 1, b"x" * 100)
        done = sign(editor, method="POST", key=key, uploadId=upload_id, token=token).get_json()
        xml = f"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
        assert s3("POST", done["url"], xml.encode(), "application/xml")[0] == 200
        keys.append((key, token))
    registered = editor.client.post(
        "/upload/complete", data={"token": keys[0][1]}, headers={"X-CSRFToken": editor.csrf}
    )
    assert registered.status_code == 201
    time.sleep(1.1)  # S3 dates have whole seconds
    with app.app_context():
        assert clean_abandoned_uploads(older_than_s=0) == 1
        storage = services.storage()
        assert storage.exists(keys[0][0])
        assert not storage.exists(keys[1][0])
