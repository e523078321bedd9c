"""Uploading a large file to S3 in parts, each with its SHA-256 checksum."""

from __future__ import annotations

import base64
import hashlib
import logging
import math
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from botocore.exceptions import BotoCoreError, ClientError

from archive.storage.content_types import ObjectHeaders
from archive.storage.errors import ObjectNotFound, StorageError
from archive.storage.s3_client import S3Client, s3_errors

log = logging.getLogger(__name__)

#: S3 refuses uploads of more parts than this.
MAX_PARTS = 10_000


def sha256_b64(data: bytes) -> str:
    """The base64 SHA-256 digest, as S3's ``ChecksumSHA256`` fields carry it."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def upload_in_parts(
    client: S3Client,
    bucket: str,
    key: str,
    path: Path,
    *,
    part_size: int,
    headers: ObjectHeaders,
) -> None:
    """Upload ``path`` as ``key`` in parts; on any failure abort the upload, so no orphan
    parts stay billed and invisible in the bucket."""
    size = path.stat().st_size
    # Very large files get larger parts, to stay under S3's part count limit.
    part_size = max(part_size, math.ceil(size / MAX_PARTS))
    upload_id = client.create_multipart_upload(
        Bucket=bucket,
        Key=key,
        ContentType=headers.content_type,
        CacheControl=headers.cache_control,
        ChecksumAlgorithm="SHA256",
    )["UploadId"]
    completed = False
    try:
        with path.open("rb") as source:
            parts = _upload_parts(client, bucket, key, upload_id, source, size, part_size)
        client.complete_multipart_upload(
            Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
        )
        completed = True
    finally:
        # A finally rather than an except: an interrupt must abort the upload as well.
        if not completed:
            abort_quietly(client, bucket, key, upload_id)


def _upload_parts(
    client: S3Client,
    bucket: str,
    key: str,
    upload_id: str,
    source: BinaryIO,
    size: int,
    part_size: int,
) -> list[dict[str, object]]:
    """Send the parts one after the other; only one part is ever held in memory."""
    parts: list[dict[str, object]] = []
    count = max(1, math.ceil(size / part_size))
    for number in range(1, count + 1):
        expected = min(part_size, size - (number - 1) * part_size)
        data = source.read(expected)
        if len(data) != expected:
            raise StorageError(f"The file for {key} changed while it was being uploaded.")
        checksum = sha256_b64(data)
        answer = client.upload_part(
            Bucket=bucket,
            Key=key,
            UploadId=upload_id,
            PartNumber=number,
            Body=data,
            ChecksumSHA256=checksum,
        )
        parts.append({"PartNumber": number, "ETag": answer["ETag"], "ChecksumSHA256": checksum})
    if source.read(1):
        raise StorageError(f"The file for {key} changed while it was being uploaded.")
    return parts


def abort_quietly(client: S3Client, bucket: str, key: str, upload_id: str) -> None:
    """Abort a multipart upload, logging instead of raising so the first error surfaces.

    If the endpoint is down the abort fails too; ``abort_incomplete_uploads`` (or a bucket
    lifecycle rule) removes such leftovers later.
    """
    try:
        client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
    except (BotoCoreError, ClientError) as exc:
        log.warning("could not abort multipart upload %s of %s: %s", upload_id, key, exc)


def abort_upload(client: S3Client, bucket: str, key: str, upload_id: str) -> None:
    """Abort a multipart upload; one already completed or aborted counts as done."""
    try:
        with s3_errors(f"abort the upload of {key}"):
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
    except ObjectNotFound:
        return


def abort_uploads_started_before(
    client: S3Client, bucket: str, prefix: str, cutoff: datetime
) -> int:
    """Abort the multipart uploads under ``prefix`` started before ``cutoff``; count them."""
    paginator = client.get_paginator("list_multipart_uploads")
    stale: list[tuple[str, str]] = []
    with s3_errors("list unfinished uploads"):
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
            stale += [
                (upload["Key"], upload["UploadId"])
                for upload in page.get("Uploads", [])
                if upload["Initiated"] <= cutoff
            ]
    for key, upload_id in stale:
        abort_upload(client, bucket, key, upload_id)
    return len(stale)


def checked_parts(parts: list[dict[str, object]]) -> list[dict[str, Any]]:
    """The parts list S3 expects, refusing anything else with one clear sentence."""
    checked: list[dict[str, Any]] = []
    for part in parts:
        number, etag = part.get("PartNumber"), part.get("ETag")
        if not isinstance(number, int) or not isinstance(etag, str) or not etag:
            raise StorageError("Each uploaded part needs a whole PartNumber and its ETag.")
        checked.append({"PartNumber": number, "ETag": etag})
    if not checked:
        raise StorageError("An upload cannot be completed without any part.")
    return checked
