"""Stores to test against: a local folder, and a bucket of moto's S3 server over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive.storage import LocalStorage, S3Storage, S3Tuning, Storage
from archive.storage.s3_client import MIB
from tests.fixtures.s3_server import s3_test_client

#: Small parts, so a 12 MB file goes up in 3 parts of 5 MiB, 5 MiB and the rest.
SMALL_PARTS = S3Tuning(multipart_threshold=5 * MIB, part_size=5 * MIB, upload_concurrency=4)


def open_s3(bucket_url: str, endpoint: str, tuning: S3Tuning = SMALL_PARTS) -> S3Storage:
    """An S3 store on the test server, with test-sized parts."""
    bucket, _, prefix = bucket_url.removeprefix("s3://").partition("/")
    return S3Storage(bucket, prefix, endpoint_url=endpoint, tuning=tuning)


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    """Each backend in turn, empty: the same behaviour is expected of both."""
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    return open_s3(request.getfixturevalue("s3_bucket"), request.getfixturevalue("s3_endpoint"))


@pytest.fixture
def s3_store(s3_bucket: str, s3_endpoint: str) -> S3Storage:
    """An empty S3 store (bucket with a prefix) on the test server."""
    return open_s3(s3_bucket, s3_endpoint)


@pytest.fixture
def s3_client(s3_endpoint: str) -> Any:
    """A plain boto3 client, to look at the bucket behind the store's back."""
    return s3_test_client(s3_endpoint)


@pytest.fixture
def local_store(tmp_path: Path) -> LocalStorage:
    """An empty local store in a temporary folder."""
    return LocalStorage(tmp_path / "media")


def hls_tree(folder: Path) -> Path:
    """A small HLS output folder: two variants, their segments and a master playlist."""
    for variant in ("360p", "720p"):
        (folder / variant).mkdir(parents=True)
        (folder / variant / "index.m3u8").write_text(f"#EXTM3U\n# {variant}\n")
        for number in range(3):
            (folder / variant / f"seg_{number:05d}.m4s").write_bytes(bytes([number]) * 100)
        (folder / variant / "init.mp4").write_bytes(b"init")
    (folder / "poster.jpg").write_bytes(b"\xff\xd8poster")
    (folder / "master.m3u8").write_text("#EXTM3U\n360p/index.m3u8\n720p/index.m3u8\n")
    return folder
