"""S3 mode in Debian's Chromium: the recording goes from the browser straight to the bucket
(moto's S3 server, behind a relay that can cut the connection) in presigned parts; after a
cut the upload lists the parts the bucket holds and goes on; the replay gets published."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtures.browser import screenshot, wait_until
from tests.fixtures.s3_server import s3_test_client
from tests.uploads.archive_server import (
    make_recording,
    running_archive,
    running_worker,
    sign_in,
    wait_for_replay,
)
from tests.uploads.proxy import CuttableRelay

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.s3]

RATE = 10 * 10**6
MIB = 1024 * 1024


@dataclass
class S3Archive:
    """The archive in S3 mode; the browser reaches the bucket through ``relay``."""

    url: str
    env: dict[str, str]
    folder: Path
    relay: CuttableRelay
    bucket: str


def bucket_cors(origin: str) -> dict[str, object]:
    """What the README asks of the bucket: the archive's pages may call it and read ETags."""
    return {
        "CORSRules": [
            {
                "AllowedOrigins": [origin],
                "AllowedMethods": ["GET", "PUT", "POST", "DELETE"],
                "AllowedHeaders": ["*"],
                "ExposeHeaders": ["ETag"],
                "MaxAgeSeconds": 3000,
            }
        ]
    }


@pytest.fixture
def s3_archive(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> Iterator[S3Archive]:
    """The archive storing media in a fresh bucket, without a worker (started later)."""
    # moto 5 names the ListParts answer's root ListPartsResponse where S3 says
    # ListPartsResult; Uppy reads S3's name, so the relay gives it what S3 would send.
    relay = CuttableRelay(
        int(s3_endpoint.rsplit(":", 1)[1]),
        RATE,
        response_fix=(b"ListPartsResponse", b"ListPartsResult"),
    )
    env = {
        "ARCHIVE_INSTANCE_DIR": str(tmp_path / "instance"),
        "ARCHIVE_SECRET_KEY": "upload-s3-browser-test-" + "s" * 32,
        "ARCHIVE_ENV": "development",
        "ARCHIVE_STORAGE_URL": s3_bucket,
        "ARCHIVE_S3_ENDPOINT_URL": relay.url,
    }
    bucket = s3_bucket.split("/")[2]
    try:
        # moto reports every multipart upload as started in 2010, so a worker's reaper would
        # abort this one as abandoned: the worker starts once the bytes are in the bucket.
        with running_archive(env, tmp_path, worker=False) as url:
            s3_test_client(s3_endpoint).put_bucket_cors(
                Bucket=bucket, CORSConfiguration=bucket_cors(url)
            )
            yield S3Archive(url, env, tmp_path, relay, bucket)
    finally:
        relay.close()


def test_a_direct_upload_to_the_bucket_survives_a_cut(
    page, s3_archive: S3Archive, s3_endpoint: str
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    recording = make_recording(s3_archive.folder / "round-table.mkv", 1)
    size = recording.stat().st_size
    sign_in(page, s3_archive.url)
    page.goto(s3_archive.url + "/upload")
    assert page.get_attribute("#upload-form", "data-mode") == "s3"
    page.set_input_files("#recording", str(recording))
    page.fill("#title", "Table ronde")
    page.click("#upload-start")

    wait_until(page, "() => document.getElementById('upload-progress').value >= 35", timeout=60)
    s3_archive.relay.cut()
    page.context.set_offline(True)
    wait_until(
        page,
        "() => document.getElementById('upload-status').textContent.includes('Connection lost')",
        timeout=15,
    )
    screenshot(page, "upload-s3-offline")
    time.sleep(1.5)
    s3_archive.relay.restore()
    page.context.set_offline(False)
    wait_for_replay(page, timeout=60)

    # The parts already in the bucket were not sent again (8 MiB parts: one part at most).
    assert s3_archive.relay.upstream_bytes < size + 9 * MIB, (
        f"{s3_archive.relay.upstream_bytes} for {size}"
    )
    listed = s3_test_client(s3_endpoint).list_objects_v2(Bucket=s3_archive.bucket)["Contents"]
    assert [o["Size"] for o in listed if o["Key"].startswith("media/uploads/")] == [size]
    with running_worker(s3_archive.env, s3_archive.folder):
        wait_until(
            page,
            "() => document.getElementById('processing').dataset.state === 'succeeded'",
            timeout=120,
        )
    screenshot(page, "upload-s3-published")
    assert errors == []
    assert not [
        e for e in page.console_errors if "Content Security Policy" in e or "Refused to" in e
    ]
