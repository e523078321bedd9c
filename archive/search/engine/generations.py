"""The index folder: generations, the pointer to the current one, and the writer lock.

Layout of the folder given to :class:`~archive.search.engine.index.SearchIndex`::

    CURRENT          name of the live generation folder (replaced atomically)
    WRITELOCK        Whoosh's file lock; every writer (update or rebuild) holds it
    gen-<stamp>/     a complete Whoosh index

A rebuild writes a new generation beside the live one and then replaces ``CURRENT`` with
``os.replace``, so a reader sees either the old index or the new one, never an empty or
half-built one. The previous generation is kept until the next rebuild so that searches
already running on it can finish.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive.search.engine.errors import IndexBusy
from archive.search.engine.whoosh_internals import acquire_folder_lock

POINTER = "CURRENT"
LOCK_NAME = "WRITELOCK"
PREFIX = "gen-"

#: What identifies one version of the pointer file (inode, size, modification time).
Stamp = tuple[int, int, int]


class IndexFolder:
    """The folder holding the index generations of one search index."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def pointer_stamp(self) -> Stamp | None:
        """A cheap fingerprint of the pointer file; it changes when a rebuild swaps."""
        try:
            st = os.stat(self.root / POINTER)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def current(self) -> Path | None:
        """The live generation folder, or None when there is none yet."""
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        if not name.startswith(PREFIX) or "/" in name or not (self.root / name).is_dir():
            return None
        return self.root / name

    def new_generation(self) -> Path:
        """An empty folder for a generation about to be written."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{PREFIX}{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        path.mkdir()
        return path

    def switch_to(self, generation: Path) -> None:
        """Make ``generation`` the live one in a single atomic rename."""
        temporary = self.root / f"{POINTER}.{uuid.uuid4().hex[:8]}.tmp"
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(generation.name)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.root / POINTER)

    def prune(self) -> None:
        """Delete every generation but the live one and the one before it (writer lock held)."""
        live = self.current()
        generations = sorted(p for p in self.root.glob(f"{PREFIX}*") if p.is_dir())
        if live is None or live not in generations:
            return
        at = generations.index(live)
        # Newer ones can only be leftovers of a rebuild that crashed, as we hold the lock.
        for old in generations[: max(0, at - 1)] + generations[at + 1 :]:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self, generation: Path) -> None:
        """Remove a generation that was never made live."""
        shutil.rmtree(generation, ignore_errors=True)

    @contextmanager
    def writer_lock(self, timeout: float) -> Iterator[None]:
        """Hold the index's single writer lock; raise IndexBusy after ``timeout`` seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = acquire_folder_lock(self.root, LOCK_NAME, timeout, delay=0.05)
        if lock is None:
            raise IndexBusy(
                f"The search index is being written by another process; gave up after {timeout:g} s."
            )
        try:
            yield
        finally:
            lock.release()
