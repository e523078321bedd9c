"""Resumable uploads in progress on this server's disk (local mode).

Each upload is two files in ``<instance>/uploads/``: ``<id><suffix>`` holds the bytes received
so far and ``<id>.json`` the record (owner, declared length, file name). The data file only
ever grows by appending, so its size *is* the tus offset: nothing to keep in step after a
crash, and a connection cut mid-request leaves exactly the bytes that arrived.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from archive import services
from archive.storage.files import atomic_write

_ID = re.compile(r"[0-9a-f]{32}")


@dataclass
class PendingUpload:
    """The record of one resumable upload."""

    id: str
    #: the editor who created it; nobody else may continue, complete or delete it
    owner_id: int
    #: the size the browser declared, in bytes
    length: int
    #: the editor's file name, shown back to them, never used as a path
    filename: str
    #: extension of the data file (from the accepted list), so the stored original keeps it
    suffix: str
    created: float
    #: bytes received over every PATCH; more than ``length`` would mean bytes sent twice
    received: int = 0
    #: set once the upload became a replay, so a repeated completion answers the same
    replay_id: str | None = None
    job_id: int | None = None
    #: the existing replay this upload was started for (through the API), if any
    target_replay_id: str | None = None


class UploadFolder:
    """The folder of pending uploads, and the operations on their files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def create(self, owner_id: int, length: int, filename: str, suffix: str) -> PendingUpload:
        """Record a new upload with a server-generated id and an empty data file."""
        self.root.mkdir(parents=True, exist_ok=True)
        upload = PendingUpload(
            id=secrets.token_hex(16),
            owner_id=owner_id,
            length=length,
            filename=filename,
            suffix=suffix,
            created=time.time(),
        )
        self.data_path(upload).touch(exist_ok=False)
        self.save(upload)
        return upload

    def load(self, upload_id: str) -> PendingUpload | None:
        """The upload with this id, or None (also for ids we could never have generated)."""
        if not _ID.fullmatch(upload_id):
            return None
        try:
            values = json.loads(self._record_path(upload_id).read_text(encoding="utf-8"))
            return PendingUpload(**values)
        except (FileNotFoundError, ValueError, TypeError):
            return None  # gone, or a record this version cannot read

    def save(self, upload: PendingUpload) -> None:
        """Write the record atomically."""
        with atomic_write(self._record_path(upload.id)) as out:
            out.write(json.dumps(asdict(upload)).encode("utf-8"))

    def all(self) -> list[PendingUpload]:
        """Every recorded upload."""
        if not self.root.is_dir():
            return []
        found = (self.load(path.stem) for path in self.root.glob("*.json"))
        return [upload for upload in found if upload is not None]

    def promised_bytes(self) -> int:
        """Bytes the unfinished uploads declared but have not sent yet: disk they will take."""
        return sum(
            max(0, upload.length - self.offset(upload))
            for upload in self.all()
            if upload.replay_id is None
        )

    @contextmanager
    def reserving(self) -> Iterator[None]:
        """Held while an upload is checked against the free space and recorded, so two
        uploads created at once cannot both count on the same free bytes (an ``flock`` on the
        folder itself, held across every web worker's threads and processes)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def data_path(self, upload: PendingUpload) -> Path:
        """The file holding the bytes received so far."""
        return self.root / f"{upload.id}{upload.suffix}"

    def offset(self, upload: PendingUpload) -> int:
        """How many bytes have arrived (0 once the data went into storage)."""
        try:
            return self.data_path(upload).stat().st_size
        except FileNotFoundError:
            return 0

    def last_activity(self, upload: PendingUpload) -> float:
        """When bytes last arrived or the record last changed (seconds since the epoch)."""
        times = []
        for path in (self.data_path(upload), self._record_path(upload.id)):
            try:
                times.append(path.stat().st_mtime)
            except FileNotFoundError:
                pass
        return max(times, default=upload.created)

    def remove_data(self, upload: PendingUpload) -> None:
        """Free the disk space of the bytes, keeping the record."""
        self.data_path(upload).unlink(missing_ok=True)

    def remove(self, upload: PendingUpload) -> None:
        """Forget the upload entirely."""
        self.remove_data(upload)
        self._record_path(upload.id).unlink(missing_ok=True)

    @contextmanager
    def writing_at(self, upload: PendingUpload, offset: int) -> Iterator[BinaryIO]:
        """The data file opened for writing from byte ``offset``.

        There is no lock: a request whose connection died may still be blocked reading when
        the browser resumes with a new one. Each request writes the file's own bytes at their
        own positions, so a late write by the dead request only rewrites identical bytes.
        """
        fd = os.open(self.data_path(upload), os.O_WRONLY)
        with os.fdopen(fd, "wb", buffering=0) as out:
            out.seek(offset)
            yield out

    @contextmanager
    def locked(self, upload: PendingUpload) -> Iterator[PendingUpload | None]:
        """The upload's current record, held against other completions and counts.

        The lock is an ``flock`` on the data file (whose inode never changes, unlike the
        record's), so it holds across the threads and processes of every web worker.
        """
        try:
            fd = os.open(self.data_path(upload), os.O_RDONLY)
        except FileNotFoundError:
            yield self.load(upload.id)  # already completed or deleted: nothing to guard
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield self.load(upload.id)
        finally:
            os.close(fd)

    def count_received(self, upload: PendingUpload, count: int) -> None:
        """Add ``count`` to the bytes received, safely against concurrent requests."""
        with self.locked(upload) as current:
            if current is not None and current.replay_id is None:
                current.received += count
                self.save(current)
                upload.received = current.received

    def _record_path(self, upload_id: str) -> Path:
        return self.root / f"{upload_id}.json"


def upload_folder() -> UploadFolder:
    """The current app's folder of pending uploads, ``<instance>/uploads``."""
    return UploadFolder(services.settings().instance_dir / "uploads")
