"""Store a job's outputs under a fresh version prefix, verified, master playlist last."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from archive.storage import Storage, StorageError


class StoreIncomplete(StorageError):
    """Some outputs were not found in the store after upload."""


def store_outputs(storage: Storage, prefix: str, folder: Path, *, last: Sequence[str]) -> list[str]:
    """Upload ``folder`` under ``prefix`` and check every object is there; clean up on failure."""
    try:
        keys = storage.put_tree(prefix, folder, last=last)
        missing = storage.verify(keys)
        if missing:
            raise StoreIncomplete(f"{len(missing)} outputs were missing after upload.")
    except BaseException:
        # Nothing under a version prefix is referenced until publish, so removing it is safe.
        storage.delete_prefix(prefix)
        raise
    return keys
