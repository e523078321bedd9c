"""The local folder store: atomic writes, crash safety, constant memory, cleanup."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.storage import LocalStorage, StorageError, StorageUnavailable
from archive.storage.files import CHUNK_SIZE
from tests.storage.conftest import hls_tree

REPO = Path(__file__).resolve().parents[2]


def part_files(folder: Path) -> list[Path]:
    """Temporary files of writes in progress under ``folder``."""
    return sorted(folder.rglob("*.part"))


def test_successful_writes_leave_no_temporary_file(
    local_store: LocalStorage, tmp_path: Path
) -> None:
    source = tmp_path / "talk.mp4"
    source.write_bytes(b"x" * 10_000)
    local_store.put_file("originals/talk.mp4", source)
    local_store.put_bytes("replays/1/a.txt", b"a")
    local_store.get_file("originals/talk.mp4", tmp_path / "back.mp4")

    assert part_files(tmp_path) == []
    assert (local_store.root / "originals" / "talk.mp4").read_bytes() == b"x" * 10_000


def test_a_failed_write_leaves_neither_a_half_file_nor_a_temporary_one(
    local_store: LocalStorage,
) -> None:
    # The final name is taken by a folder, so the last step (the rename) fails.
    (local_store.root / "replays" / "1" / "master.m3u8").mkdir(parents=True)

    with pytest.raises(StorageError, match=r"Could not write replays/1/master\.m3u8"):
        local_store.put_bytes("replays/1/master.m3u8", b"#EXTM3U")

    assert part_files(local_store.root) == []
    assert (local_store.root / "replays" / "1" / "master.m3u8").is_dir()


def test_a_missing_source_file_is_one_clear_error(
    local_store: LocalStorage, tmp_path: Path
) -> None:
    with pytest.raises(StorageError, match="cannot be read"):
        local_store.put_file("originals/a.mp4", tmp_path / "gone.mp4")
    assert local_store.list_keys("") == []


def test_a_crash_mid_write_keeps_the_previous_file(
    local_store: LocalStorage, tmp_path: Path
) -> None:
    local_store.put_bytes("originals/talk.mp4", b"the previous recording")
    fifo = tmp_path / "upload.fifo"
    os.mkfifo(fifo)
    writer = _start_put_file(local_store.root, fifo)
    feed = os.open(fifo, os.O_WRONLY)  # blocks until the child opens its source
    try:
        # More than one read's worth: the child stores a chunk, then waits for the rest.
        os.write(feed, b"n" * (CHUNK_SIZE + 4096))
        _wait_for(lambda: any(p.stat().st_size > 0 for p in part_files(local_store.root)))
        writer.kill()  # a crash: no handler, no cleanup runs in the child
        writer.wait()
    finally:
        os.close(feed)

    assert (local_store.root / "originals" / "talk.mp4").read_bytes() == b"the previous recording"
    assert local_store.list_keys("") == ["originals/talk.mp4"], "in-progress writes are hidden"
    assert len(part_files(local_store.root)) == 1
    assert local_store.abort_incomplete_uploads() == 1
    assert part_files(local_store.root) == []


def _start_put_file(root: Path, source: Path) -> subprocess.Popen[bytes]:
    code = (
        "import sys, pathlib; from archive.storage import LocalStorage; "
        "LocalStorage(pathlib.Path(sys.argv[1])).put_file('originals/talk.mp4', "
        "pathlib.Path(sys.argv[2]))"
    )
    return subprocess.Popen(  # noqa: S603 - an argument list, never a shell string
        [sys.executable, "-c", code, str(root), str(source)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never became true"
        time.sleep(0.02)


def test_abort_incomplete_uploads_only_removes_stale_temporary_files(
    local_store: LocalStorage,
) -> None:
    folder = local_store.root / "replays" / "1"
    folder.mkdir(parents=True)
    stale, fresh = folder / "a.ts.1f2e.part", folder / "b.ts.3c4d.part"
    stale.write_bytes(b"old")
    fresh.write_bytes(b"new")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))

    assert local_store.abort_incomplete_uploads(older_than_s=600) == 1
    assert part_files(local_store.root) == [fresh]


def test_large_files_are_copied_in_constant_memory(
    local_store: LocalStorage, tmp_path: Path
) -> None:
    source = tmp_path / "big.mp4"
    with source.open("wb") as out:
        out.truncate(64 * 1024 * 1024)  # sparse: cheap to make, real bytes to copy
    tracemalloc.start()
    try:
        local_store.put_file("originals/big.mp4", source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert local_store.size("originals/big.mp4") == 64 * 1024 * 1024
    assert peak < 8 * 1024 * 1024


def test_put_tree_does_not_publish_last_files_after_a_failure(
    local_store: LocalStorage, tmp_path: Path
) -> None:
    folder = hls_tree(tmp_path / "out")

    def lose_a_segment(key: str) -> None:
        (folder / "720p" / "seg_00002.m4s").unlink(missing_ok=True)

    with pytest.raises(StorageError, match="seg_00002"):
        local_store.put_tree("r/v1/", folder, last=["master.m3u8"], progress=lose_a_segment)
    assert not local_store.exists("r/v1/master.m3u8")


def test_local_copy_and_local_path_give_the_stored_file_itself(local_store: LocalStorage) -> None:
    local_store.put_bytes("originals/a.mp4", b"x")

    with local_store.local_copy("originals/a.mp4") as path:
        assert path == local_store.root / "originals" / "a.mp4"
    assert local_store.local_path("originals/a.mp4") == path
    assert path.exists()


def test_deleting_removes_the_folders_left_empty(local_store: LocalStorage) -> None:
    local_store.put_bytes("replays/1/v1/720p/a.ts", b"x")
    local_store.put_bytes("replays/2/a.ts", b"x")

    local_store.delete("replays/1/v1/720p/a.ts")
    assert not (local_store.root / "replays" / "1").exists()
    local_store.delete_prefix("replays/2/")
    assert not (local_store.root / "replays").exists()
    assert local_store.root.is_dir()


def test_no_presigned_urls_nor_direct_uploads(local_store: LocalStorage) -> None:
    assert local_store.presigned_get("originals/a.mp4", filename="talk.mp4") is None
    assert not local_store.supports_direct_upload
    with pytest.raises(StorageError, match="need S3 storage"):
        local_store.create_multipart("originals/a.mp4", "video/mp4")


def test_ping_fails_when_the_folder_cannot_exist(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")

    with pytest.raises(StorageUnavailable, match="cannot be created"):
        LocalStorage(tmp_path / "file" / "media").ping()


def test_a_relative_root_is_refused() -> None:
    with pytest.raises(StorageError, match="absolute"):
        LocalStorage(Path("media"))
