"""Crash-safe local file writes shared by the storage backends."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from archive.storage.keys import PART_SUFFIX

#: Bytes copied per read: large enough to be fast, small enough for constant memory.
CHUNK_SIZE = 1024 * 1024


@contextmanager
def atomic_write(final: Path) -> Iterator[BinaryIO]:
    """Yield a file that appears under ``final`` only once fully written and synced.

    The bytes go to ``<final>.<random>.part`` in the same folder (so the rename cannot cross
    file systems); a crash or an error leaves at most that temporary file, never a half
    file under the final name.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f"{final.name}.{secrets.token_hex(6)}{PART_SUFFIX}")
    # O_EXCL: never write through a file or symlink that someone else put there.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    done = False
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, final)
        done = True
    finally:
        if not done:
            temporary.unlink(missing_ok=True)
    _fsync_folder(final.parent)


def copy_stream(source: BinaryIO, target: BinaryIO) -> None:
    """Copy ``source`` to ``target`` in chunks, whatever the size."""
    while chunk := source.read(CHUNK_SIZE):
        target.write(chunk)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable: a power cut must not bring the old name back."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
