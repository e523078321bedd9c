"""Removing uploads nobody will finish; the worker's reaper calls :func:`clean_abandoned_uploads`.

Local mode: pending tus uploads that received nothing for a day, and their leftovers.
S3 mode: objects a browser finished uploading under ``uploads/`` but never turned into a
replay. (Multipart uploads never completed are aborted by the storage's own
``abort_incomplete_uploads``, which the reaper calls as well.)
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from archive import services
from archive.extensions import db
from archive.models import Recording
from archive.storage import S3Storage
from archive.storage.s3_client import s3_errors
from archive.uploads.grants import UPLOADS_FOLDER
from archive.uploads.pending import UploadFolder, upload_folder

log = logging.getLogger(__name__)

#: An upload that received nothing for this long is abandoned (ARCHIVE_UPLOAD_ABANDONED_AFTER_S).
DEFAULT_ABANDONED_AFTER_S = 24 * 3600
# Keys checked against the catalogue per query.
_BATCH = 500


def abandoned_after_s() -> float:
    """Seconds without activity after which an upload is abandoned."""
    # Read defensively: the setting is optional in Settings, with this default.
    value = getattr(services.settings(), "upload_abandoned_after_s", DEFAULT_ABANDONED_AFTER_S)
    return float(value)


def clean_abandoned_uploads(older_than_s: float | None = None) -> int:
    """Remove uploads idle for ``older_than_s`` seconds (default: the setting, 24 h);
    return how many were removed."""
    cutoff = time.time() - (abandoned_after_s() if older_than_s is None else older_than_s)
    removed = clean_pending_uploads(upload_folder(), cutoff)
    storage = services.storage()
    if isinstance(storage, S3Storage):
        removed += clean_unregistered_objects(storage, cutoff)
    if removed:
        log.info("uploads: removed %d abandoned uploads", removed)
    return removed


def clean_pending_uploads(folder: UploadFolder, cutoff: float) -> int:
    """Remove tus uploads (and stray files) with no activity since ``cutoff``; count uploads."""
    uploads = folder.all()
    removed = 0
    for upload in uploads:
        if folder.last_activity(upload) < cutoff:
            folder.remove(upload)
            removed += 1
    live = {upload.id for upload in uploads if folder.last_activity(upload) >= cutoff}
    if folder.root.is_dir():
        for entry in folder.root.iterdir():
            # Left by a crash: a data file without its record, a transcript being checked.
            if entry.name.split(".")[0] not in live and _mtime(entry) < cutoff:
                _remove(entry)
    return removed


def clean_unregistered_objects(storage: S3Storage, cutoff: float) -> int:
    """Delete objects under ``uploads/`` older than ``cutoff`` that no recording uses."""
    store_folder = f"{storage.prefix}/" if storage.prefix else ""
    stale: list[str] = []
    with s3_errors("list finished direct uploads"):
        pages = storage.client.get_paginator("list_objects_v2").paginate(
            Bucket=storage.bucket, Prefix=f"{store_folder}{UPLOADS_FOLDER}/"
        )
        for page in pages:
            stale += [
                item["Key"][len(store_folder) :]
                for item in page.get("Contents", [])
                if item["LastModified"].timestamp() < cutoff
            ]
    removed = 0
    for start in range(0, len(stale), _BATCH):
        batch = stale[start : start + _BATCH]
        used = set(
            db.session.scalars(
                db.select(Recording.original_key).where(Recording.original_key.in_(batch))
            )
        )
        for key in batch:
            if key not in used:
                storage.delete(key)
                removed += 1
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
