"""The one place that builds the boto3 S3 client and translates botocore's errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    IncompleteReadError,
    NoCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from archive.storage.errors import ObjectNotFound, StorageError, StorageUnavailable

#: boto3 ships no type information; the client is a dynamically built object.
S3Client = Any

MIB = 1024 * 1024
DEFAULT_REGION = "us-east-1"

_MISSING = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchUpload"})
# Codes S3 documents as "retry later"; any 5xx status counts as transient too.
_TRANSIENT = frozenset(
    {
        "SlowDown",
        "Throttling",
        "ThrottlingException",
        "RequestTimeout",
        "RequestLimitExceeded",
        "InternalError",
        "ServiceUnavailable",
    }
)


@dataclass(frozen=True)
class S3Tuning:
    """Knobs of the S3 backend; the defaults suit production, tests lower the sizes."""

    #: files larger than this are uploaded in parts
    multipart_threshold: int = 16 * MIB
    #: size of each part (S3 requires at least 5 MiB for all parts but the last)
    part_size: int = 16 * MIB
    #: attempts per request, including the first, in botocore's "standard" retry mode
    max_attempts: int = 3
    connect_timeout_s: float = 5
    read_timeout_s: float = 60
    #: files uploaded at once by ``put_tree``
    upload_concurrency: int = 8


def make_s3_client(
    *, endpoint_url: str | None = None, region: str | None = None, tuning: S3Tuning | None = None
) -> S3Client:
    """Build the S3 client: credentials from the standard AWS variables, region us-east-1
    unless configured, path-style addressing for custom endpoints (MinIO, moto, Ceph)."""
    tuning = tuning or S3Tuning()
    session = boto3.session.Session()
    config = Config(
        region_name=region or session.region_name or DEFAULT_REGION,
        signature_version="s3v4",
        retries={"max_attempts": tuning.max_attempts, "mode": "standard"},
        connect_timeout=tuning.connect_timeout_s,
        read_timeout=tuning.read_timeout_s,
        max_pool_connections=max(10, tuning.upload_concurrency + 2),
        s3={"addressing_style": "path"} if endpoint_url else {},
        # We send our own SHA-256 checksums; "when_supported" would also add CRC32 trailers
        # and checksum parameters to presigned part URLs that browsers cannot satisfy.
        request_checksum_calculation="when_required",
    )
    return session.client("s3", endpoint_url=endpoint_url or None, config=config)


@contextmanager
def s3_errors(what: str) -> Iterator[None]:
    """Turn botocore exceptions raised inside into the storage errors; ``what`` completes
    the sentence "Could not ..." (e.g. "read replays/1/v1/master.m3u8")."""
    try:
        yield
    except ClientError as exc:
        raise translate_client_error(exc, what) from exc
    except (BotoConnectionError, HTTPClientError, IncompleteReadError) as exc:
        raise StorageUnavailable(
            f"Could not {what}: the S3 endpoint cannot be reached ({type(exc).__name__})."
        ) from exc
    except NoCredentialsError as exc:
        raise StorageError(
            f"Could not {what}: no S3 credentials are configured "
            "(set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)."
        ) from exc
    except BotoCoreError as exc:
        raise StorageError(f"Could not {what}: {exc}.") from exc


def translate_client_error(exc: ClientError, what: str) -> StorageError:
    """The storage error for an error answer of S3."""
    code = str(exc.response.get("Error", {}).get("Code", ""))
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    if code == "NoSuchBucket":
        return StorageError(f"Could not {what}: the bucket does not exist.")
    if code in _MISSING or status == 404:
        return ObjectNotFound(f"Could not {what}: it does not exist.")
    if code in _TRANSIENT or status >= 500:
        return StorageUnavailable(f"Could not {what}: S3 is unavailable or busy ({code}).")
    message = exc.response.get("Error", {}).get("Message") or code
    return StorageError(f"Could not {what}: S3 refused it ({code}: {message}).")
