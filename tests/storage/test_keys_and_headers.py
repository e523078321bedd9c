"""Which keys are accepted, and the headers each kind of object is stored with."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.storage import (
    InvalidKey,
    LocalStorage,
    S3Storage,
    StorageError,
    content_type_for,
    headers_for,
    is_versioned,
    storage_from_url,
    validate_key,
)
from archive.storage.content_types import CacheControl, attachment_disposition
from archive.storage.keys import join_key, validate_prefix


@pytest.mark.parametrize(
    "key", ["originals/3f2a.mp4", "replays/42/v7-1/720p/seg_00001.m4s", "a", "a.b-c_d/e"]
)
def test_ordinary_keys_are_accepted(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "empty"),
        ("/etc/passwd", "leading '/'"),
        ("../x", "'..'"),
        ("a/./b", "'.'"),
        ("a//b", "empty folder name"),
        ("a/", "empty folder name"),
        ("a\\b", "backslash"),
        ("a\x00b", "NUL"),
        ("a b", "only letters"),
        ("café.mp4", "only letters"),
        ("a/b.mp4.part", "reserved"),
        ("x" * 801, "longer than"),
    ],
)
def test_unsafe_keys_are_refused_with_the_reason(key: str, reason: str) -> None:
    with pytest.raises(InvalidKey, match="is not valid") as refused:
        validate_key(key)
    assert reason in str(refused.value)
    assert str(refused.value).endswith(".")


def test_prefixes_may_end_with_a_slash_or_stop_mid_name() -> None:
    assert validate_prefix("") == ""
    assert validate_prefix("replays/1/") == "replays/1/"
    assert validate_prefix("replays/1/v7-") == "replays/1/v7-"
    for bad in ("/", "/replays", "replays//", "../replays/"):
        with pytest.raises(InvalidKey):
            validate_prefix(bad)
    assert join_key("replays/1/", "a.ts") == join_key("replays/1", "a.ts") == "replays/1/a.ts"


@pytest.mark.parametrize(
    ("key", "content_type"),
    [
        ("v1/master.m3u8", "application/vnd.apple.mpegurl"),
        ("v1/720p/seg_00001.ts", "video/mp2t"),
        ("v1/720p/seg_00001.m4s", "video/iso.segment"),
        ("v1/720p/init.mp4", "video/mp4"),
        ("v1/audio/init.m4a", "audio/mp4"),
        ("v1/poster.JPG", "image/jpeg"),
        ("v1/storyboard.vtt", "text/vtt"),
        ("v1/unknown.xyz", "application/octet-stream"),
    ],
)
def test_content_type_follows_the_extension(key: str, content_type: str) -> None:
    assert content_type_for(key) == content_type


def test_cache_policy_follows_where_the_object_lives() -> None:
    assert headers_for("replays/1/v3-2/master.m3u8").cache_control == CacheControl.IMMUTABLE
    assert headers_for("replays/1/v3/720p/a.m4s").cache_control == CacheControl.IMMUTABLE
    assert headers_for("originals/abc.mp4").cache_control == "private, no-store"
    assert headers_for("replays/1/master.m3u8").cache_control == "no-cache"
    assert headers_for("replays/1/poster.jpg").cache_control == CacheControl.SHORT
    assert CacheControl.IMMUTABLE.value == "public, max-age=31536000, immutable"
    explicit = headers_for("originals/a.mp4", content_type="video/webm", cache_control="no-cache")
    assert (explicit.content_type, explicit.cache_control) == ("video/webm", "no-cache")


def test_only_version_folders_count_as_versioned() -> None:
    assert is_versioned("replays/1/v12-3/a.ts")
    assert not is_versioned("replays/1/video/a.ts")
    assert not is_versioned("replays/1/v12.ts"), "a file name is not a folder"


def test_download_names_cannot_break_the_header() -> None:
    value = attachment_disposition('../evil"; x=1\r\n.mp4')
    assert "\r" not in value and "\n" not in value
    assert value.startswith('attachment; filename="evil__ x=1.mp4"; ')
    assert value.endswith("filename*=UTF-8''evil%22%3B%20x%3D1.mp4")
    assert attachment_disposition("../").startswith('attachment; filename="download"')


def test_storage_urls_open_the_right_backend(tmp_path: Path) -> None:
    local = storage_from_url((tmp_path / "media").as_uri())
    assert isinstance(local, LocalStorage)
    assert local.root == tmp_path / "media"
    assert local.url == (tmp_path / "media").as_uri()

    remote = storage_from_url(
        "s3://replays-bucket/archive/media/", public_base_url="https://cdn.test/m/"
    )
    assert isinstance(remote, S3Storage)
    assert (remote.bucket, remote.prefix, remote.url) == (
        "replays-bucket",
        "archive/media",
        "s3://replays-bucket/archive/media",
    )
    assert remote.public_url("replays/1/v1/a.ts") == "https://cdn.test/m/replays/1/v1/a.ts"


@pytest.mark.parametrize(
    "url",
    ["media", "http://example.test/media", "file://server/share", "file:///", "s3://Bad_Bucket/x"],
)
def test_unusable_storage_urls_are_one_clear_error(url: str) -> None:
    with pytest.raises(StorageError, match=r"^The storage URL .*\.$"):
        storage_from_url(url)
