"""Where media live: a local folder or an S3 bucket, behind one interface.

Open a store with :func:`storage_from_url`; everything else talks to :class:`Storage`.
This package knows nothing of Flask, the database or the queue.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from archive.storage.base import MAX_PRESIGN_S, Progress, Storage
from archive.storage.content_types import (
    CacheControl,
    ObjectHeaders,
    content_type_for,
    headers_for,
    is_versioned,
)
from archive.storage.errors import InvalidKey, ObjectNotFound, StorageError, StorageUnavailable
from archive.storage.keys import validate_key
from archive.storage.local import LocalStorage
from archive.storage.s3 import S3Storage
from archive.storage.s3_client import S3Tuning

__all__ = [
    "MAX_PRESIGN_S",
    "CacheControl",
    "InvalidKey",
    "LocalStorage",
    "ObjectHeaders",
    "ObjectNotFound",
    "Progress",
    "S3Storage",
    "S3Tuning",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "content_type_for",
    "headers_for",
    "is_versioned",
    "storage_from_url",
    "validate_key",
]

# S3's bucket naming rules, minus the legacy forms new buckets cannot use.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def storage_from_url(
    url: str, *, endpoint_url: str | None = None, public_base_url: str | None = None
) -> Storage:
    """Open the store named by ``url``: ``file:///abs/path`` or ``s3://bucket/prefix``."""
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise StorageError(f"The storage URL {url} must not have a query or a fragment.")
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise StorageError(f"The storage URL {url} must name a local folder (file:///...).")
        path = Path(unquote(parts.path))
        if not path.is_absolute() or parts.path in ("", "/"):
            raise StorageError(f"The storage URL {url} must name an absolute folder.")
        return LocalStorage(path, public_base_url=public_base_url)
    if parts.scheme == "s3":
        bucket = parts.netloc
        if not _BUCKET.fullmatch(bucket):
            raise StorageError(f"The storage URL {url} does not name a valid S3 bucket.")
        return S3Storage(
            bucket,
            parts.path.strip("/"),
            endpoint_url=endpoint_url,
            public_base_url=public_base_url,
        )
    raise StorageError(f"The storage URL {url} must start with file:// or s3://.")
