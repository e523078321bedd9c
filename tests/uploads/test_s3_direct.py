"""S3 mode against moto's HTTP server: the browser's calls, signed by the archive, carry the
bytes straight to the bucket; the archive then registers the object as a replay."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Job, JobState, Recording
from tests.fixtures.s3_server import s3_test_client
from tests.uploads.conftest import Session

pytestmark = pytest.mark.s3

MIB = 1024 * 1024
ORIGIN = "http://archive.example.org"
CORS = {
    "CORSRules": [
        {
            "AllowedOrigins": [ORIGIN],
            "AllowedMethods": ["GET", "PUT", "POST", "DELETE"],
            "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": 3000,
        }
    ]
}


@pytest.fixture
def s3_app(make_app: Callable[..., Flask], s3_endpoint: str, s3_bucket: str) -> Iterator[Flask]:
    """An archive keeping its media in a bucket that accepts browser uploads (CORS)."""
    s3_test_client(s3_endpoint).put_bucket_cors(
        Bucket=s3_bucket.split("/")[2], CORSConfiguration=CORS
    )
    yield make_app(
        storage_url=s3_bucket, s3_endpoint_url=s3_endpoint, max_upload_bytes=str(64 * MIB)
    )


def sign(session: Session, **request: Any) -> Any:
    """Ask the archive to sign one S3 call, as the page's signRequest does."""
    return session.client.post(
        "/upload/s3/sign", json=request, headers={"X-CSRFToken": session.csrf}
    )


def s3(
    method: str, url: str, body: bytes = b"", content_type: str = "application/octet-stream"
) -> tuple[int, dict[str, str], str]:
    """Send one request to the bucket itself, as the browser does, from the archive's origin."""
    request = urllib.request.Request(
        url,
        data=body if method in ("PUT", "POST") else None,
        method=method,
        headers={"Content-Type": content_type, "Origin": ORIGIN},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def start(session: Session, size: int, filename: str = "keynote.mp4") -> tuple[str, str, str]:
    """Start a multipart upload: (key, upload id, grant token)."""
    signed = sign(
        session, method="POST", key="uppy-file-1", filename=filename, size=size, type="video/mp4"
    )
    assert signed.status_code == 200, signed.get_json()
    answer = signed.get_json()
    status, _, body = s3("POST", answer["url"], content_type="video/mp4")
    assert status == 200
    upload_id = re.search(r"<UploadId>([^<]+)</UploadId>", body)
    assert upload_id
    return answer["key"], upload_id.group(1), answer["token"]


def put_part(
    session: Session, key: str, upload_id: str, token: str, number: int, data: bytes
) -> str:
    """Upload one part through its presigned URL; its ETag."""
    signed = sign(
        session, method="PUT", key=key, uploadId=upload_id, partNumber=number, token=token
    )
    assert signed.status_code == 200, signed.get_json()
    status, headers, _ = s3("PUT", signed.get_json()["url"], data)
    assert status == 200
    # The bucket's CORS rules let the page read the ETag it must send back.
    assert headers.get("Access-Control-Expose-Headers") == "ETag"
    return headers["ETag"]


def test_a_direct_upload_resumes_completes_and_becomes_a_replay(
    s3_app: Flask, sign_in_on: Callable[..., Session]
) -> None:
    editor = sign_in_on(s3_app, "s3-editor@example.org", "editor")
    data = bytes(range(256)) * (6 * MIB // 256) + b"tail of the recording"
    key, upload_id, token = start(editor, len(data))
    assert re.fullmatch(r"uploads/[0-9a-f]{32}\.mp4", key)
    first = put_part(editor, key, upload_id, token, 1, data[: 5 * MIB])

    # After a lost connection the page asks which parts the bucket already has.
    listed = sign(editor, method="GET", key=key, uploadId=upload_id, token=token).get_json()
    status, _, body = s3("GET", listed["url"])
    assert status == 200
    assert re.findall(r"<PartNumber>(\d+)</PartNumber>", body) == ["1"]
    second = put_part(editor, key, upload_id, token, 2, data[5 * MIB :])

    done = sign(editor, method="POST", key=key, uploadId=upload_id, token=token).get_json()
    parts = f"<Part><PartNumber>1</PartNumber><ETag>{first}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{second}</ETag></Part>"
    status, _, _ = s3(
        "POST",
        done["url"],
        f"<CompleteMultipartUpload>{parts}</CompleteMultipartUpload>".encode(),
        "application/xml",
    )
    assert status == 200

    answer = editor.client.post(
        "/upload/complete",
        data={"token": token, "title": "Keynote", "visibility": "private"},
        headers={"X-CSRFToken": editor.csrf},
    )
    assert answer.status_code == 201, answer.get_json()
    outcome = answer.get_json()
    assert outcome["replay"]["title"] == "Keynote"
    with s3_app.app_context():
        recording = db.session.scalar(
            db.select(Recording).where(Recording.replay_id == outcome["replay"]["id"])
        )
        assert recording.original_key == key
        assert recording.original_filename == "keynote.mp4"
        assert recording.size_bytes == len(data)
        assert services.storage().size(key) == len(data)
        assert db.session.get(Job, outcome["job"]["id"]).state == JobState.QUEUED
    again = editor.client.post(
        "/upload/complete", data={"token": token}, headers={"X-CSRFToken": editor.csrf}
    )
    assert again.status_code == 200
    assert again.get_json()["replay"]["id"] == outcome["replay"]["id"]


def test_grants_are_checked_on_every_signature(
    s3_app: Flask, sign_in_on: Callable[..., Session]
) -> None:
    editor = sign_in_on(s3_app, "owner@example.org", "editor")
    other = sign_in_on(s3_app, "intruder@example.org", "editor")
    key, upload_id, token = start(editor, 6 * MIB)
    stolen = sign(other, method="PUT", key=key, uploadId=upload_id, partNumber=1, token=token)
    assert stolen.status_code == 404
    elsewhere = sign(
        editor,
        method="PUT",
        key="uploads/someone-else.mp4",
        uploadId=upload_id,
        partNumber=1,
        token=token,
    )
    assert elsewhere.status_code == 404
    forged = sign(
        editor, method="PUT", key=key, uploadId=upload_id, partNumber=1, token=token[:-2] + "xx"
    )
    assert forged.status_code == 404
    registered = other.client.post(
        "/upload/complete", data={"token": token}, headers={"X-CSRFToken": other.csrf}
    )
    assert registered.status_code == 404
    not_there = editor.client.post(
        "/upload/complete", data={"token": token}, headers={"X-CSRFToken": editor.csrf}
    )
    assert not_there.status_code == 400
    assert (
        not_there.get_json()["error"]
        == "The upload is not finished: the recording is not in storage yet."
    )


def test_an_abandoned_direct_upload_is_aborted_in_the_bucket(
    s3_app: Flask, s3_endpoint: str, sign_in_on: Callable[..., Session]
) -> None:
    editor = sign_in_on(s3_app, "quitter@example.org", "editor")
    key, upload_id, token = start(editor, 6 * MIB)
    put_part(editor, key, upload_id, token, 1, b"x" * (5 * MIB))
    abort = sign(editor, method="DELETE", key=key, uploadId=upload_id, token=token).get_json()
    status, _, _ = s3("DELETE", abort["url"])
    assert status == 204
    with s3_app.app_context():
        storage = services.storage()
        listed = storage.client.list_multipart_uploads(Bucket=storage.bucket)  # type: ignore[attr-defined]
    assert listed.get("Uploads", []) == []


def test_sizes_types_and_requests_are_checked_before_signing(
    s3_app: Flask, sign_in_on: Callable[..., Session]
) -> None:
    editor = sign_in_on(s3_app, "checker@example.org", "editor")
    too_big = sign(
        editor, method="POST", key="f", filename="long.mp4", size=64 * MIB + 1, type="video/mp4"
    )
    assert too_big.status_code == 413
    pdf = sign(
        editor, method="POST", key="f", filename="slides.pdf", size=1000, type="application/pdf"
    )
    assert pdf.status_code == 415
    delete_object = sign(editor, method="DELETE", key="uploads/x.mp4")
    assert delete_object.status_code == 400
    assert (
        sign(editor, method="PUT", key="k", uploadId="u", partNumber=10_001, token="t").status_code
        == 400
    )
    no_csrf = editor.client.post("/upload/s3/sign", json={"method": "POST"})
    assert no_csrf.status_code == 400 and "CSRF" in no_csrf.get_json()["error"]
    viewer = sign_in_on(s3_app, "viewer@example.org", "viewer")
    assert sign(viewer, method="POST", key="f", filename="a.mp4", size=10).status_code == 403
    small = sign(editor, method="PUT", key="f", filename="jingle.mp3", size=1000, type="audio/mpeg")
    assert small.status_code == 200  # files under 5 MiB go in one presigned PUT
    assert json.loads(small.get_data())["key"].endswith(".mp3")
