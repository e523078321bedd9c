"""What every store does, checked on a local folder and on S3 over HTTP alike."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archive.storage import InvalidKey, ObjectNotFound, Storage, StorageError
from tests.storage.conftest import hls_tree


def test_bytes_round_trip(store: Storage, tmp_path: Path) -> None:
    store.put_bytes("replays/1/notes.txt", b"hello")

    assert store.exists("replays/1/notes.txt")
    assert store.size("replays/1/notes.txt") == 5
    store.get_file("replays/1/notes.txt", tmp_path / "copy.txt")
    assert (tmp_path / "copy.txt").read_bytes() == b"hello"


def test_file_round_trip_replaces_previous_object(store: Storage, tmp_path: Path) -> None:
    source = tmp_path / "talk.mp4"
    source.write_bytes(b"first version")
    store.put_file("originals/talk.mp4", source)
    source.write_bytes(b"second, longer version")
    store.put_file("originals/talk.mp4", source)

    with store.open_stream("originals/talk.mp4") as stream:
        assert stream.read() == b"second, longer version"


def test_missing_object_is_reported_as_not_found(store: Storage, tmp_path: Path) -> None:
    assert not store.exists("replays/1/none.ts")
    with pytest.raises(ObjectNotFound):
        store.size("replays/1/none.ts")
    with pytest.raises(ObjectNotFound):
        store.get_file("replays/1/none.ts", tmp_path / "none.ts")
    with pytest.raises(ObjectNotFound):
        store.open_stream("replays/1/none.ts")
    with pytest.raises(ObjectNotFound), store.local_copy("replays/1/none.ts"):
        pass
    assert not (tmp_path / "none.ts").exists()


def test_local_copy_is_readable_inside_the_block(store: Storage) -> None:
    data = bytes(range(256)) * 1000
    store.put_bytes("originals/a.mp4", data)

    with store.local_copy("originals/a.mp4") as path:
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
    assert store.exists("originals/a.mp4"), "the stored object outlives the copy"


def test_list_keys_is_sorted_and_matches_prefixes_like_s3(store: Storage) -> None:
    for key in ("replays/10/a.ts", "replays/1/b.ts", "replays/1/sub/a.ts", "replays/2/a.ts"):
        store.put_bytes(key, b"x")

    assert store.list_keys("replays/1/") == ["replays/1/b.ts", "replays/1/sub/a.ts"]
    assert store.list_keys("replays/1") == [
        "replays/1/b.ts",
        "replays/1/sub/a.ts",
        "replays/10/a.ts",
    ]
    assert store.list_keys("") == sorted(store.list_keys("replays/"))
    assert store.list_keys("nothing/here/") == []


def test_delete_is_idempotent(store: Storage) -> None:
    store.put_bytes("replays/1/a.ts", b"x")
    store.delete("replays/1/a.ts")
    store.delete("replays/1/a.ts")

    assert not store.exists("replays/1/a.ts")
    assert store.list_keys("") == []


def test_delete_prefix_removes_the_folder_only(store: Storage) -> None:
    for key in ("replays/1/v1-1/a.ts", "replays/1/v1-1/b/c.ts", "replays/1/v2-1/a.ts"):
        store.put_bytes(key, b"x")
    store.put_bytes("replays/10/a.ts", b"x")

    assert store.delete_prefix("replays/1/v1-1/") == 2
    assert store.list_keys("") == ["replays/1/v2-1/a.ts", "replays/10/a.ts"]
    assert store.delete_prefix("replays/1/v1-1/") == 0


def test_delete_prefix_matches_a_partial_name(store: Storage) -> None:
    # The pipeline clears every attempt of one job with the prefix "replays/<id>/v<job>-".
    for key in ("replays/1/v7-1/a.ts", "replays/1/v7-2/a.ts", "replays/1/v70-1/a.ts"):
        store.put_bytes(key, b"x")

    assert store.delete_prefix("replays/1/v7-") == 2
    assert store.list_keys("") == ["replays/1/v70-1/a.ts"]


def test_delete_prefix_refuses_to_empty_the_store(store: Storage) -> None:
    store.put_bytes("replays/1/a.ts", b"x")
    with pytest.raises(InvalidKey):
        store.delete_prefix("")
    assert store.exists("replays/1/a.ts")


def test_copy_prefix_copies_a_folder_and_leaves_it_in_place(store: Storage, tmp_path: Path) -> None:
    keys = store.put_tree("replays/1/v1-1/", hls_tree(tmp_path / "out"), last=["master.m3u8"])
    store.put_bytes("replays/1/v1-10/other.ts", b"not in the folder")

    copied = store.copy_prefix("replays/1/v1-1/", "replays/1/v1-r2/")

    assert sorted(copied) == sorted(key.replace("/v1-1/", "/v1-r2/") for key in keys)
    for key in keys:
        with (
            store.open_stream(key) as original,
            store.open_stream(key.replace("/v1-1/", "/v1-r2/")) as copy,
        ):
            assert copy.read() == original.read()
    assert store.list_keys("replays/1/v1-1/") == sorted(keys)
    assert not store.list_keys("replays/1/v1-r2/other")


def test_copy_names_what_is_missing_or_not_a_folder(store: Storage) -> None:
    with pytest.raises(ObjectNotFound):
        store.copy("replays/1/v1/none.ts", "replays/1/v2/none.ts")
    for source, target in (("replays/1/v1", "replays/1/v2/"), ("", "replays/1/v2/")):
        with pytest.raises(InvalidKey):
            store.copy_prefix(source, target)


def test_verify_names_the_missing_keys(store: Storage) -> None:
    store.put_bytes("replays/1/v1/master.m3u8", b"#EXTM3U")
    store.put_bytes("replays/1/v1/720p/seg_00000.m4s", b"x")

    wanted = [
        "replays/1/v1/master.m3u8",
        "replays/1/v1/720p/seg_00000.m4s",
        "replays/1/v1/720p/seg_00001.m4s",
        "replays/1/v1/poster.jpg",
    ]
    assert store.verify(wanted) == ["replays/1/v1/720p/seg_00001.m4s", "replays/1/v1/poster.jpg"]
    assert store.verify([]) == []


def test_put_tree_stores_every_file_and_the_master_playlist_last(
    store: Storage, tmp_path: Path
) -> None:
    folder = hls_tree(tmp_path / "out")
    seen: list[str] = []

    keys = store.put_tree("replays/1/v3-1/", folder, last=["master.m3u8"], progress=seen.append)

    expected = sorted(
        f"replays/1/v3-1/{path.relative_to(folder).as_posix()}"
        for path in folder.rglob("*")
        if path.is_file()
    )
    assert sorted(keys) == expected
    assert store.list_keys("replays/1/v3-1/") == expected
    assert keys[-1] == seen[-1] == "replays/1/v3-1/master.m3u8"
    assert seen == keys, "progress reports each key once stored, in the order stored"


def test_put_tree_keeps_the_order_of_several_last_files(store: Storage, tmp_path: Path) -> None:
    folder = hls_tree(tmp_path / "out")

    keys = store.put_tree("r/v1", folder, last=["720p/index.m3u8", "master.m3u8"])

    assert keys[-2:] == ["r/v1/720p/index.m3u8", "r/v1/master.m3u8"]


def test_put_tree_refuses_a_last_file_that_is_not_there(store: Storage, tmp_path: Path) -> None:
    folder = hls_tree(tmp_path / "out")

    with pytest.raises(StorageError, match="main.m3u8"):
        store.put_tree("r/v1/", folder, last=["main.m3u8"])
    assert store.list_keys("") == [], "nothing is stored when the plan is wrong"


def test_put_tree_refuses_bad_file_names_before_storing_anything(
    store: Storage, tmp_path: Path
) -> None:
    folder = hls_tree(tmp_path / "out")
    (folder / "bad name.ts").write_bytes(b"x")

    with pytest.raises(InvalidKey, match="bad name.ts"):
        store.put_tree("r/v1/", folder, last=["master.m3u8"])
    assert store.list_keys("") == []


@pytest.mark.parametrize(
    "key",
    ["", "/abs/key.ts", "../escape.ts", "a/../../b.ts", "a//b.ts", "a\\b.ts", "a\x00b", "é.ts"],
)
def test_invalid_keys_are_refused_before_any_io(store: Storage, key: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidKey, match="not valid"):
        store.put_bytes(key, b"x")
    with pytest.raises(InvalidKey):
        store.exists(key)
    with pytest.raises(InvalidKey):
        store.get_file(key, tmp_path / "out")
    assert not (tmp_path / "escape.ts").exists()


def test_public_url_needs_a_configured_base(store: Storage) -> None:
    assert store.public_url("replays/1/v1/master.m3u8") is None
    store.public_base_url = "https://cdn.example.test/media"
    assert (
        store.public_url("replays/1/v1/master.m3u8")
        == "https://cdn.example.test/media/replays/1/v1/master.m3u8"
    )


def test_ping_passes_on_a_working_store_and_changes_nothing(store: Storage) -> None:
    # The readiness probe calls ping: on a new, empty store it passes (no exception)...
    store.ping()
    # ...and it leaves no probe object behind, nor removes what is stored.
    assert store.list_keys("") == []
    store.put_bytes("replays/1/notes.txt", b"hello")
    store.ping()
    assert store.list_keys("") == ["replays/1/notes.txt"]
    assert store.size("replays/1/notes.txt") == 5
