"""S3 mode for API clients: the archive starts the multipart upload and signs every part at once.

A script has no Uppy asking for one signature per call: it gets every part's presigned URL in
one answer, PUTs the parts to the bucket, and hands their ETags back; the archive assembles
the object and registers it like a browser's direct upload. A part whose URL expired (after
15 minutes) is signed again by ``POST /upload/s3/sign``, as for the browser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from archive import services
from archive.sentences import N_
from archive.storage import S3Storage, StorageError
from archive.storage.s3_multipart import checked_parts
from archive.uploads.grants import DirectUpload, issue_grant, new_upload_key
from archive.uploads.limits import (
    UploadRefused,
    check_recording_size,
    display_name,
    recording_suffix,
)
from archive.uploads.s3_presign import MAX_PART_BYTES, S3Call, part_length, presign

MIB = 1024**2
#: Parts are at least this long, and few enough that one answer lists every URL.
PART_BYTES = 16 * MIB
MAX_SIGNED_PARTS = 1000


@dataclass(frozen=True)
class SignedPart:
    """One part to PUT: its number, presigned URL and exact length in bytes."""

    number: int
    url: str
    size: int


def start_parts(
    storage: S3Storage,
    owner_id: int,
    filename: str,
    size: int,
    mime_type: str | None,
    *,
    replay_id: str,
) -> tuple[DirectUpload, str, list[SignedPart]]:
    """Start a multipart upload for ``replay_id``: the upload, its grant and signed parts."""
    check_recording_size(size, services.settings().max_upload_bytes)
    suffix = recording_suffix(filename, mime_type)
    part_size = min(MAX_PART_BYTES, max(PART_BYTES, math.ceil(size / MAX_SIGNED_PARTS / MIB) * MIB))
    key = new_upload_key(suffix)
    upload_id = storage.create_multipart(key, "application/octet-stream")
    upload = DirectUpload(
        owner_id,
        key,
        display_name(filename),
        size,
        part_size=part_size,
        replay_id=replay_id,
        upload_id=upload_id,
    )
    parts = [
        SignedPart(
            number,
            presign(storage, S3Call.UPLOAD_PART, upload, upload_id=upload_id, part_number=number),
            part_length(upload, number),
        )
        for number in range(1, math.ceil(size / part_size) + 1)
    ]
    return upload, issue_grant(upload), parts


def finish_parts(storage: S3Storage, upload: DirectUpload, parts: Any) -> None:
    """Assemble the parts of an upload the archive started (once: after a lost answer the
    object is already there, and completing again only registers it)."""
    if upload.upload_id is None or storage.exists(upload.key):
        return
    if not isinstance(parts, list) or not all(isinstance(part, dict) for part in parts):
        raise UploadRefused(N_("Send 'parts': the PartNumber and ETag of every part uploaded."), 400)
    try:
        listed = checked_parts(parts)
    except StorageError as err:
        raise UploadRefused(str(err), 400) from None
    try:
        storage.complete_multipart(upload.key, upload.upload_id, listed)
    except StorageError:
        raise UploadRefused(
            N_("The bucket could not assemble the recording from these parts; upload every part, "
            "then send each one's PartNumber and ETag."),
            409,
        ) from None
