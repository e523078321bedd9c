"""The S3 store against moto's server over real HTTP: parts, checksums, headers, URLs."""

from __future__ import annotations

import hashlib
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.exceptions import ConnectionClosedError

from archive.storage import S3Storage, StorageError, StorageUnavailable, storage_from_url
from archive.storage.s3_client import MIB
from tests.storage.conftest import SMALL_PARTS, hls_tree, open_s3

pytestmark = pytest.mark.s3

TWELVE_MB = 12 * 1000 * 1000


def big_file(path: Path, size: int = TWELVE_MB) -> Path:
    """A file of ``size`` random bytes (random, so a misplaced part changes the digest)."""
    path.write_bytes(os.urandom(size))
    return path


def incomplete_uploads(client: Any, store: S3Storage) -> list[dict[str, Any]]:
    """The multipart uploads still open in the store's bucket."""
    uploads: list[dict[str, Any]] = client.list_multipart_uploads(Bucket=store.bucket).get(
        "Uploads", []
    )
    return uploads


def head(client: Any, store: S3Storage, key: str) -> dict[str, Any]:
    """HEAD of ``key`` seen from outside the store, checksum included."""
    answer: dict[str, Any] = client.head_object(
        Bucket=store.bucket, Key=f"{store.prefix}/{key}", ChecksumMode="ENABLED"
    )
    return answer


def test_a_large_file_goes_up_in_checksummed_parts(
    s3_store: S3Storage, s3_client: Any, tmp_path: Path
) -> None:
    source = big_file(tmp_path / "talk.mp4")

    s3_store.put_file("originals/talk.mp4", source)

    answer = head(s3_client, s3_store, "originals/talk.mp4")
    assert answer["ETag"].strip('"').endswith("-3"), "5 MiB + 5 MiB + the rest"
    assert answer["ChecksumSHA256"]
    assert answer["ContentLength"] == TWELVE_MB
    assert incomplete_uploads(s3_client, s3_store) == []
    s3_store.get_file("originals/talk.mp4", tmp_path / "back.mp4")
    assert _digest(tmp_path / "back.mp4") == _digest(source)


def _digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def test_a_source_changing_mid_upload_aborts_the_multipart_upload(
    s3_store: S3Storage, s3_client: Any, tmp_path: Path
) -> None:
    source = big_file(tmp_path / "talk.mp4")

    def shrink_source(params: dict[str, Any], **_: Any) -> None:
        if params.get("PartNumber") == 2:
            with source.open("r+b") as handle:
                handle.truncate(6 * MIB)

    s3_store.client.meta.events.register("before-parameter-build.s3.UploadPart", shrink_source)

    with pytest.raises(StorageError, match="changed while it was being uploaded"):
        s3_store.put_file("originals/talk.mp4", source)
    assert incomplete_uploads(s3_client, s3_store) == []
    assert not s3_store.exists("originals/talk.mp4")


def test_a_part_lost_on_the_network_aborts_the_multipart_upload(
    s3_bucket: str, s3_endpoint: str, s3_client: Any, tmp_path: Path
) -> None:
    store = open_s3(s3_bucket, s3_endpoint, _one_attempt())
    source = big_file(tmp_path / "talk.mp4")

    def drop_part_two(request: Any, **_: Any) -> None:
        if parse_qs(urlsplit(request.url).query).get("partNumber") == ["2"]:
            raise ConnectionClosedError(endpoint_url=request.url)

    store.client.meta.events.register("before-send.s3.UploadPart", drop_part_two)

    with pytest.raises(StorageUnavailable, match="cannot be reached"):
        store.put_file("originals/talk.mp4", source)
    assert incomplete_uploads(s3_client, store) == []
    assert not store.exists("originals/talk.mp4")


def _one_attempt() -> Any:
    from dataclasses import replace

    return replace(SMALL_PARTS, max_attempts=1)


def test_put_tree_publishes_nothing_last_when_a_file_fails(
    s3_bucket: str, s3_endpoint: str, tmp_path: Path
) -> None:
    store = open_s3(s3_bucket, s3_endpoint, _one_attempt())
    folder = hls_tree(tmp_path / "out")

    def drop_one_segment(request: Any, **_: Any) -> None:
        if request.url.endswith("720p/seg_00001.m4s"):
            raise ConnectionClosedError(endpoint_url=request.url)

    store.client.meta.events.register("before-send.s3.PutObject", drop_one_segment)

    with pytest.raises(StorageUnavailable):
        store.put_tree("replays/1/v1-1/", folder, last=["master.m3u8"])
    assert not store.exists("replays/1/v1-1/master.m3u8")


def test_objects_carry_their_content_type_and_cache_policy(
    s3_store: S3Storage, s3_client: Any, tmp_path: Path
) -> None:
    s3_store.put_tree("replays/1/v4-1/", hls_tree(tmp_path / "out"), last=["master.m3u8"])
    s3_store.put_bytes("originals/abc.mp4", b"original")
    s3_store.put_bytes("replays/1/captions.vtt", b"WEBVTT\n")
    s3_store.put_bytes("replays/1/live.m3u8", b"#EXTM3U\n")
    s3_store.put_bytes("replays/1/x.bin", b"x", content_type="text/plain", cache_control="no-store")

    expected = {
        "replays/1/v4-1/master.m3u8": ("application/vnd.apple.mpegurl", "immutable"),
        "replays/1/v4-1/720p/seg_00000.m4s": ("video/iso.segment", "immutable"),
        "replays/1/v4-1/720p/init.mp4": ("video/mp4", "immutable"),
        "replays/1/v4-1/poster.jpg": ("image/jpeg", "immutable"),
        "originals/abc.mp4": ("video/mp4", "private, no-store"),
        "replays/1/captions.vtt": ("text/vtt", "max-age=300"),
        "replays/1/live.m3u8": ("application/vnd.apple.mpegurl", "no-cache"),
        "replays/1/x.bin": ("text/plain", "no-store"),
    }
    for key, (content_type, cache) in expected.items():
        answer = head(s3_client, s3_store, key)
        assert answer["ContentType"] == content_type, key
        assert cache in answer["CacheControl"], key
    assert (
        "max-age=31536000" in head(s3_client, s3_store, "replays/1/v4-1/poster.jpg")["CacheControl"]
    )


def test_objects_are_never_made_public(s3_store: S3Storage, s3_client: Any) -> None:
    s3_store.put_bytes("replays/1/v1/poster.jpg", b"x")

    grants = s3_client.get_object_acl(
        Bucket=s3_store.bucket, Key=f"{s3_store.prefix}/replays/1/v1/poster.jpg"
    )["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee", {})) for grant in grants)


def test_a_presigned_url_works_with_a_plain_http_client_then_expires(
    s3_store: S3Storage,
) -> None:
    s3_store.put_bytes("replays/1/v1/poster.jpg", b"a poster")
    lasting = s3_store.presigned_get("replays/1/v1/poster.jpg", expires=60)
    brief = s3_store.presigned_get("replays/1/v1/poster.jpg", expires=1)
    assert lasting and brief

    with urllib.request.urlopen(lasting, timeout=10) as response:  # noqa: S310 - loopback
        assert response.read() == b"a poster"
        assert response.headers["Content-Type"] == "image/jpeg"
    time.sleep(2)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(brief, timeout=10)  # noqa: S310 - loopback
    assert refused.value.code == 403
    refused.value.close()


def test_presigned_urls_live_at_most_fifteen_minutes(s3_store: S3Storage) -> None:
    url = s3_store.presigned_get("replays/1/a.ts", expires=7 * 24 * 3600)

    assert url is not None
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == ["900"]


def test_a_presigned_download_can_name_the_file(s3_store: S3Storage) -> None:
    s3_store.put_bytes("originals/abc.mp4", b"video")
    url = s3_store.presigned_get("originals/abc.mp4", filename='Keynote "2025" é.mp4')

    assert url is not None
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Keynote _2025_ _.mp4"')
    assert "filename*=UTF-8''Keynote%20%222025%22%20%C3%A9.mp4" in disposition


def test_open_stream_reads_the_object_in_pieces(s3_store: S3Storage) -> None:
    data = os.urandom(3 * MIB + 17)
    s3_store.put_bytes("originals/a.mp4", data)

    with s3_store.open_stream("originals/a.mp4") as stream:
        head_bytes = stream.read(10)
        rest = stream.read()
    assert head_bytes + rest == data
    assert stream.closed


def test_local_copy_is_removed_after_use(s3_store: S3Storage) -> None:
    s3_store.put_bytes("originals/a.mp4", b"video")

    with s3_store.local_copy("originals/a.mp4") as path:
        assert path.read_bytes() == b"video"
    assert not path.exists()
    assert not path.parent.exists()


def test_storage_url_prefix_is_where_objects_land(
    s3_bucket: str, s3_endpoint: str, s3_client: Any
) -> None:
    store = storage_from_url(s3_bucket, endpoint_url=s3_endpoint)
    store.put_bytes("replays/1/a.ts", b"x")

    bucket = s3_bucket.removeprefix("s3://").split("/")[0]
    listed = s3_client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [item["Key"] for item in listed] == ["media/replays/1/a.ts"]
    assert store.url == s3_bucket
    assert store.list_keys("") == ["replays/1/a.ts"]


def test_abort_incomplete_uploads_cleans_only_this_store(
    s3_store: S3Storage, s3_client: Any
) -> None:
    s3_store.create_multipart("originals/a.mp4", "video/mp4")
    s3_store.create_multipart("originals/b.mp4", "video/mp4")
    s3_client.create_multipart_upload(Bucket=s3_store.bucket, Key="elsewhere/c.mp4")

    assert s3_store.abort_incomplete_uploads(older_than_s=10**10) == 0, "none is that old"
    assert s3_store.abort_incomplete_uploads() == 2
    assert [u["Key"] for u in incomplete_uploads(s3_client, s3_store)] == ["elsewhere/c.mp4"]


def test_a_browser_upload_through_presigned_parts(s3_store: S3Storage, s3_client: Any) -> None:
    first, second = os.urandom(5 * MIB), b"the end of the recording"
    upload_id = s3_store.create_multipart("originals/up.mp4", "video/mp4")
    parts = []
    for number, data in enumerate((first, second), start=1):
        url = s3_store.presign_part("originals/up.mp4", upload_id, number, size=len(data))
        # As a browser sends a Blob; urllib would otherwise label the body a form.
        request = urllib.request.Request(
            url, data=data, method="PUT", headers={"Content-Type": "application/octet-stream"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            parts.append({"PartNumber": number, "ETag": response.headers["ETag"]})

    s3_store.complete_multipart("originals/up.mp4", upload_id, list(reversed(parts)))

    with s3_store.open_stream("originals/up.mp4") as stream:
        assert stream.read() == first + second
    assert head(s3_client, s3_store, "originals/up.mp4")["ContentType"] == "video/mp4"


def test_browser_upload_mistakes_are_clear_errors(s3_store: S3Storage, s3_client: Any) -> None:
    upload_id = s3_store.create_multipart("originals/up.mp4", "video/mp4")

    with pytest.raises(StorageError, match="between 1 and 10000"):
        s3_store.presign_part("originals/up.mp4", upload_id, 0, size=1)
    with pytest.raises(StorageError, match="PartNumber"):
        s3_store.complete_multipart("originals/up.mp4", upload_id, [{"PartNumber": "1"}])
    s3_store.abort_multipart("originals/up.mp4", upload_id)
    s3_store.abort_multipart("originals/up.mp4", upload_id)
    assert incomplete_uploads(s3_client, s3_store) == []


def test_a_missing_bucket_is_not_ready(s3_endpoint: str) -> None:
    store = S3Storage("no-such-bucket-here", endpoint_url=s3_endpoint)

    with pytest.raises(StorageUnavailable, match="no-such-bucket-here"):
        store.ping()
