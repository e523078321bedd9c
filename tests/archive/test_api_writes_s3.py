"""The API's write endpoints in scale-out: PostgreSQL, Huey on Redis with a real worker process,
media in S3 over HTTP (moto's server). The recording goes straight to the bucket through the
part URLs the archive presigned; only the token is ever sent to the archive."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.archive.api_writes import bearer, create_draft, put_transcript, token_for
from tests.archive.support import worker
from tests.fixtures.media import TALK_VTT

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.s3]
MIB = 1024 * 1024


def _put(url: str, data: bytes) -> tuple[int, str]:
    """PUT bytes to a presigned URL, as a script does: (status, ETag)."""
    request = urllib.request.Request(  # noqa: S310
        url, data=data, method="PUT", headers={"Content-Type": "application/octet-stream"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.headers["ETag"]


def _until(what: str, check: Callable[[], Any], timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def _job_done(client: FlaskClient, token: str, url: str) -> dict[str, Any] | None:
    job: dict[str, Any] = client.get(url, headers=bearer(token)).get_json()
    return job if job["state"] in ("succeeded", "failed", "cancelled") else None


@pytest.mark.slow
def test_a_script_uploads_to_the_bucket_through_presigned_parts_and_publishes(
    scale_out: Callable[..., tuple[Flask, dict[str, str]]], talk_mp4: Path
) -> None:
    app, env = scale_out()
    token = token_for(app, "website@example.org")
    client = app.test_client()
    replay_id = create_draft(client, token, title="Produire en France", visibility="unlisted")["id"]
    data = talk_mp4.read_bytes()
    started = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "talk.mp4", "size": len(data), "type": "video/mp4"},
        headers=bearer(token),
    )
    assert started.status_code == 201, started.get_json()
    how = started.get_json()
    assert how["protocol"] == "s3" and [p["size"] for p in how["parts"]] == [len(data)]
    assert how["parts"][0]["url"].startswith(env["ARCHIVE_S3_ENDPOINT_URL"])

    # Nothing assembled yet: completing is refused, and nothing is queued.
    early = client.post(how["complete_url"], json={"token": how["token"]}, headers=bearer(token))
    assert early.status_code == 400
    assert early.get_json() == {
        "error": "Send 'parts': the PartNumber and ETag of every part uploaded."
    }
    # A part URL that expired is signed again by the browser's signer, which takes the token too.
    resigned = client.post(
        how["sign_url"],
        json={
            "method": "PUT",
            "key": how["key"],
            "uploadId": how["upload_id"],
            "partNumber": 1,
            "token": how["token"],
        },
        headers=bearer(token),
    )
    assert resigned.status_code == 200, resigned.get_json()
    status, etag = _put(resigned.get_json()["url"], data)
    assert status == 200
    wrong = client.post(
        how["complete_url"],
        json={"token": how["token"], "parts": [{"PartNumber": 1, "ETag": '"0000"'}]},
        headers=bearer(token),
    )
    assert wrong.status_code == 409, wrong.get_json()
    done = client.post(
        how["complete_url"],
        json={"token": how["token"], "parts": [{"PartNumber": 1, "ETag": etag}]},
        headers=bearer(token),
    )
    assert done.status_code == 202, done.get_json()

    with worker(env):
        job = _until("the job", lambda: _job_done(client, token, done.headers["Location"]))
        assert job["state"] == "succeeded", job
        assert client.get(f"/api/v1/replays/{replay_id}").status_code == 404, "still a draft"
        assert put_transcript(client, token, replay_id, TALK_VTT).status_code == 201
        published = client.post(f"/api/v1/replays/{replay_id}/publish", headers=bearer(token))
        assert published.status_code == 200, published.get_json()
        # Unlisted: found by editors' searches (the worker indexes it), never by visitors'.
        _until(
            "indexing",
            lambda: client.get(
                "/api/v1/search?q=réindustrialisation", headers=bearer(token)
            ).get_json()["hits"],
        )
    visitor = app.test_client()
    detail = visitor.get(f"/api/v1/replays/{replay_id}").get_json()
    assert detail["status"] == "published" and detail["visibility"] == "unlisted"
    master = visitor.get(detail["urls"]["hls"])
    assert master.status_code == 200 and "#EXT-X-STREAM-INF" in master.get_data(as_text=True)
    assert visitor.get("/api/v1/search?q=réindustrialisation").get_json()["hits"] == []


def test_a_large_recording_is_cut_into_parts_each_signed_for_its_size(
    scale_out: Callable[..., tuple[Flask, dict[str, str]]],
) -> None:
    app, _env = scale_out(max_upload_bytes=str(100 * MIB))
    token = token_for(app, "website@example.org")
    client = app.test_client()
    replay_id = create_draft(client, token, title="Long day")["id"]
    started = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "day.mkv", "size": 40 * MIB},
        headers=bearer(token),
    ).get_json()
    assert [(p["number"], p["size"]) for p in started["parts"]] == [
        (1, 16 * MIB),
        (2, 16 * MIB),
        (3, 8 * MIB),
    ]
    # Each URL binds its part's exact length: the bucket refuses any other.
    request = urllib.request.Request(  # noqa: S310
        started["parts"][2]["url"],
        data=b"x" * 10,
        method="PUT",
        headers={"Content-Type": "application/octet-stream"},
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=30)  # noqa: S310
    tus = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "day.mkv", "size": 40 * MIB, "protocol": "tus"},
        headers=bearer(token),
    )
    assert tus.status_code == 201 and tus.get_json()["protocol"] == "tus"
