"""S3 mode against moto's HTTP server: the browser's calls, signed by the archive, carry the
bytes straight to the bucket; the archive then registers the object as a replay."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Job, JobState, Recording
from tests.archive.support import job_row_id
from tests.fixtures.s3_server import s3_test_client
from tests.ops.scrape import UPLOAD_BYTES, scrape
from tests.uploads.conftest import Session
from tests.uploads.support import CORS, MIB, put_part, s3, sign, start

pytestmark = pytest.mark.s3


@pytest.fixture
def s3_app(make_app: Callable[..., Flask], s3_endpoint: str, s3_bucket: str) -> Iterator[Flask]:
    """An archive keeping its media in a bucket that accepts browser uploads (CORS)."""
    s3_test_client(s3_endpoint).put_bucket_cors(
        Bucket=s3_bucket.split("/")[2], CORSConfiguration=CORS
    )
    yield make_app(
        storage_url=s3_bucket, s3_endpoint_url=s3_endpoint, max_upload_bytes=str(64 * MIB)
    )


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

    # The bytes went to the bucket, not through the archive: they are counted on completion.
    counted_before = scrape(s3_app).get(UPLOAD_BYTES, 0)
    answer = editor.client.post(
        "/upload/complete",
        data={"token": token, "title": "Keynote", "visibility": "private"},
        headers={"X-CSRFToken": editor.csrf},
    )
    assert answer.status_code == 201, answer.get_json()
    assert scrape(s3_app)[UPLOAD_BYTES] - counted_before == len(data)
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
        assert db.session.get(Job, job_row_id(outcome["job"]["id"])).state == JobState.QUEUED
    again = editor.client.post(
        "/upload/complete", data={"token": token}, headers={"X-CSRFToken": editor.csrf}
    )
    assert again.status_code == 200
    assert again.get_json()["replay"]["id"] == outcome["replay"]["id"]
    assert scrape(s3_app)[UPLOAD_BYTES] - counted_before == len(data), "counted once"


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


def test_each_signed_url_takes_exactly_the_declared_bytes(
    s3_app: Flask, sign_in_on: Callable[..., Session]
) -> None:
    editor = sign_in_on(s3_app, "sizes@example.org", "editor")
    key, upload_id, token = start(editor, 6 * MIB)  # parts of 5 MiB: 5 MiB, then 1 MiB

    def part_url(number: int) -> str:
        signed = sign(
            editor, method="PUT", key=key, uploadId=upload_id, partNumber=number, token=token
        )
        assert signed.status_code == 200, signed.get_json()
        return str(signed.get_json()["url"])

    status, _, body = s3("PUT", part_url(1), b"x" * (5 * MIB + 1))
    assert status == 403 and "SignatureDoesNotMatch" in body  # one byte more than the part
    last = part_url(2)
    assert s3("PUT", last, b"x" * (5 * MIB))[0] == 403  # the last part is the 1 MiB left
    assert s3("PUT", last, b"x" * MIB)[0] == 200
    beyond = sign(editor, method="PUT", key=key, uploadId=upload_id, partNumber=3, token=token)
    assert beyond.status_code == 400
    assert beyond.get_json()["error"] == (
        f"Part 3 lies beyond the {6 * MIB} bytes this upload declared."
    )

    # Uploads in one PUT (under 5 MiB) are bound to their declared size as well.
    small = sign(editor, method="PUT", key="f", filename="jingle.mp3", size=1000, type="audio/mpeg")
    assert s3("PUT", small.get_json()["url"], b"x" * 5000)[0] == 403
    assert s3("PUT", small.get_json()["url"], b"x" * 1000)[0] == 200


def test_an_upload_in_parts_names_a_part_size_s3_accepts(
    s3_app: Flask, sign_in_on: Callable[..., Session]
) -> None:
    editor = sign_in_on(s3_app, "parts@example.org", "editor")
    request = {"method": "POST", "key": "f", "filename": "a.mp4", "size": 6 * MIB}
    for part_size in (None, MIB, "8388608", 6 * 1024**3):
        refused = sign(editor, **request, **({} if part_size is None else {"partSize": part_size}))
        assert refused.status_code == 400
        assert refused.get_json()["error"] == (
            "Give the part size in bytes (partSize), from 5 MiB to 5 GiB."
        )
    assert sign(editor, **request, partSize=8 * MIB).status_code == 200
