"""Media in an S3 bucket (AWS or any S3-compatible store), private by default."""

from __future__ import annotations

import io
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from boto3.s3.transfer import TransferConfig

from archive.storage.base import MAX_PRESIGN_S, Storage
from archive.storage.content_types import attachment_disposition, headers_for
from archive.storage.errors import InvalidKey, ObjectNotFound, StorageError, StorageUnavailable
from archive.storage.files import CHUNK_SIZE, atomic_write
from archive.storage.keys import validate_key, validate_prefix
from archive.storage.s3_client import S3Client, S3Tuning, make_s3_client, s3_errors
from archive.storage.s3_multipart import (
    MAX_PARTS,
    abort_upload,
    abort_uploads_started_before,
    checked_parts,
    sha256_b64,
    upload_in_parts,
)
from archive.storage.s3_stream import BodyReader

#: S3 deletes at most this many objects per request.
_DELETE_BATCH = 1000
#: The largest object one CopyObject request may copy (5 GiB); larger ones go in parts.
MAX_COPY_OBJECT_BYTES = 5 * 1024**3


class S3Storage(Storage):
    """Objects in ``bucket`` under ``prefix``; no object is ever given a public ACL."""

    supports_direct_upload = True

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        endpoint_url: str | None = None,
        public_base_url: str | None = None,
        region: str | None = None,
        tuning: S3Tuning | None = None,
    ) -> None:
        self.bucket = bucket
        #: folder of the bucket that holds this store's keys ('' for the whole bucket)
        self.prefix = validate_prefix(prefix).rstrip("/")
        url = f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}"
        super().__init__(url, public_base_url=public_base_url)
        self.tuning = tuning or S3Tuning()
        self.upload_concurrency = self.tuning.upload_concurrency
        self._client = make_s3_client(endpoint_url=endpoint_url, region=region, tuning=self.tuning)

    @property
    def client(self) -> S3Client:
        """The boto3 client, for tools that need an S3 call this class does not offer."""
        return self._client

    def _object_key(self, key: str) -> str:
        validate_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _bucket_prefix(self, prefix: str) -> str:
        """The bucket-level prefix matching this store's keys that start with ``prefix``."""
        validate_prefix(prefix)
        return f"{self.prefix}/{prefix}" if self.prefix else prefix

    def _relative(self, object_key: str) -> str:
        return object_key[len(self.prefix) + 1 :] if self.prefix else object_key

    # Writing -----------------------------------------------------------------------------

    def put_bytes(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        cache_control: str | None = None,
    ) -> None:
        """Store ``data`` under ``key`` in one request, with its SHA-256 checksum."""
        headers = headers_for(key, content_type=content_type, cache_control=cache_control)
        object_key = self._object_key(key)
        with s3_errors(f"store {key}"):
            self._client.put_object(
                Bucket=self.bucket,
                Key=object_key,
                Body=data,
                ContentType=headers.content_type,
                CacheControl=headers.cache_control,
                ChecksumSHA256=sha256_b64(data),
            )

    def put_file(
        self,
        key: str,
        path: Path,
        *,
        content_type: str | None = None,
        cache_control: str | None = None,
    ) -> None:
        """Store the file at ``path``; above the multipart threshold it goes in parts."""
        headers = headers_for(key, content_type=content_type, cache_control=cache_control)
        object_key = self._object_key(key)
        try:
            if path.stat().st_size <= self.tuning.multipart_threshold:
                data = path.read_bytes()
                self.put_bytes(
                    key,
                    data,
                    content_type=headers.content_type,
                    cache_control=headers.cache_control,
                )
                return
            with s3_errors(f"store {key}"):
                upload_in_parts(
                    self._client,
                    self.bucket,
                    object_key,
                    path,
                    part_size=self.tuning.part_size,
                    headers=headers,
                )
        except OSError as exc:
            raise StorageError(
                f"The file to store, {path}, cannot be read: {exc.strerror}."
            ) from exc

    # Copying -----------------------------------------------------------------------------

    def copy(self, source: str, target: str) -> None:
        """Copy inside the bucket (one CopyObject, in parts above 5 GiB where S3 requires
        it), with the headers ``target``'s key calls for."""
        headers = headers_for(target)
        with s3_errors(f"copy {source} to {target}"):
            self._client.copy(
                CopySource={"Bucket": self.bucket, "Key": self._object_key(source)},
                Bucket=self.bucket,
                Key=self._object_key(target),
                ExtraArgs={
                    "ContentType": headers.content_type,
                    "CacheControl": headers.cache_control,
                    "MetadataDirective": "REPLACE",
                },
                # One copy per call: copy_prefix already runs several calls at once.
                Config=TransferConfig(multipart_threshold=MAX_COPY_OBJECT_BYTES, use_threads=False),
            )

    # Reading -----------------------------------------------------------------------------

    def get_file(self, key: str, path: Path) -> None:
        """Download the object under ``key`` to ``path``, atomically, in chunks."""
        with s3_errors(f"read {key}"):
            body = self._client.get_object(Bucket=self.bucket, Key=self._object_key(key))["Body"]
            try:
                with atomic_write(path) as out:
                    for chunk in body.iter_chunks(CHUNK_SIZE):
                        out.write(chunk)
            except OSError as exc:
                raise StorageError(f"Could not write {key} to {path}: {exc.strerror}.") from exc
            finally:
                body.close()

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """Yield a temporary download of ``key``, removed when the block ends."""
        with tempfile.TemporaryDirectory(prefix="archive-s3-") as folder:
            target = Path(folder) / PurePosixPath(key).name
            self.get_file(key, target)
            yield target

    def open_stream(self, key: str) -> BinaryIO:
        """Open the object for reading as it downloads; the caller closes it."""
        with s3_errors(f"read {key}"):
            body = self._client.get_object(Bucket=self.bucket, Key=self._object_key(key))["Body"]
        return io.BufferedReader(BodyReader(body, key), buffer_size=CHUNK_SIZE)

    def _head(self, key: str) -> dict[str, Any]:
        with s3_errors(f"look up {key}"):
            answer: dict[str, Any] = self._client.head_object(
                Bucket=self.bucket, Key=self._object_key(key)
            )
        return answer

    def exists(self, key: str) -> bool:
        """Whether an object is stored under ``key``."""
        try:
            self._head(key)
        except ObjectNotFound:
            return False
        return True

    def size(self, key: str) -> int:
        """The size in bytes of the object under ``key``."""
        return int(self._head(key)["ContentLength"])

    def list_keys(self, prefix: str) -> list[str]:
        """Every key starting with ``prefix`` ('replays/1/' for a folder), sorted."""
        return sorted(self._list(self._bucket_prefix(prefix)))

    def _list(self, bucket_prefix: str, delimiter: str = "") -> Iterator[str]:
        """Keys (relative to this store) of the objects whose bucket key starts so."""
        paginator = self._client.get_paginator("list_objects_v2")
        # An empty Delimiter parameter is not the same as none on every S3 implementation.
        extra = {"Delimiter": delimiter} if delimiter else {}
        with s3_errors(f"list {bucket_prefix or 'the bucket'}"):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=bucket_prefix, **extra):
                for item in page.get("Contents", []):
                    yield self._relative(item["Key"])

    def verify(self, keys: Iterable[str]) -> list[str]:
        """The keys that have no object, with one listing per folder instead of one HEAD
        per key (a published replay has thousands of segments in a handful of folders)."""
        wanted = [validate_key(key) for key in keys]
        by_folder: dict[str, list[str]] = defaultdict(list)
        for key in wanted:
            by_folder[key.rpartition("/")[0]].append(key)
        present: set[str] = set()
        for folder in by_folder:
            folder_prefix = f"{folder}/" if folder else ""
            present.update(self._list(self._bucket_prefix(folder_prefix), delimiter="/"))
        return [key for key in wanted if key not in present]

    # Deleting ----------------------------------------------------------------------------

    def delete(self, key: str) -> None:
        """Remove the object under ``key``; nothing happens when there is none."""
        with s3_errors(f"delete {key}"):
            self._client.delete_object(Bucket=self.bucket, Key=self._object_key(key))

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with ``prefix`` (give a folder with its
        trailing slash); return how many were removed."""
        if not validate_prefix(prefix):
            raise InvalidKey("Refusing to delete the whole store: name the folder to delete.")
        object_keys = [self._object_key(key) for key in self._list(self._bucket_prefix(prefix))]
        for start in range(0, len(object_keys), _DELETE_BATCH):
            batch = object_keys[start : start + _DELETE_BATCH]
            with s3_errors(f"delete {prefix}"):
                answer = self._client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True},
                )
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise StorageError(
                    f"Could not delete {first.get('Key')}: S3 refused it ({first.get('Code')})."
                )
        return len(object_keys)

    def abort_incomplete_uploads(self, older_than_s: float = 0) -> int:
        """Abort multipart uploads under this store's prefix started over ``older_than_s``
        seconds ago (0 aborts them all, including uploads still in progress elsewhere)."""
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_s)
        return abort_uploads_started_before(
            self._client, self.bucket, self._bucket_prefix(""), cutoff
        )

    # URLs and health ---------------------------------------------------------------------

    def presigned_get(
        self, key: str, *, expires: int = MAX_PRESIGN_S, filename: str | None = None
    ) -> str | None:
        """A GET URL valid for ``expires`` seconds (at most 900); with ``filename``, the
        browser saves the download under that name."""
        params = {"Bucket": self.bucket, "Key": self._object_key(key)}
        if filename:
            params["ResponseContentDisposition"] = attachment_disposition(filename)
        with s3_errors(f"sign a link to {key}"):
            url: str = self._client.generate_presigned_url(
                "get_object", Params=params, ExpiresIn=_clamp_expiry(expires)
            )
        return url

    def ping(self) -> None:
        """Raise StorageUnavailable unless the bucket answers."""
        try:
            with s3_errors(f"reach the bucket {self.bucket}"):
                self._client.head_bucket(Bucket=self.bucket)
        except StorageUnavailable:
            raise
        except StorageError as exc:
            raise StorageUnavailable(str(exc)) from exc

    # Direct uploads from the browser -----------------------------------------------------

    def create_multipart(self, key: str, content_type: str) -> str:
        """Start a multipart upload the browser fills through presigned part URLs."""
        headers = headers_for(key, content_type=content_type)
        with s3_errors(f"start the upload of {key}"):
            answer = self._client.create_multipart_upload(
                Bucket=self.bucket,
                Key=self._object_key(key),
                ContentType=headers.content_type,
                CacheControl=headers.cache_control,
            )
        return str(answer["UploadId"])

    def presign_part(
        self, key: str, upload_id: str, part_number: int, *, size: int, expires: int = 900
    ) -> str:
        """A URL the browser PUTs part ``part_number`` (1 to 10,000) of exactly ``size`` bytes to
        (the length is signed: the bucket refuses any other)."""
        if not 1 <= part_number <= MAX_PARTS:
            raise StorageError(f"Part number {part_number} is not between 1 and {MAX_PARTS}.")
        params = {
            "Bucket": self.bucket,
            "Key": self._object_key(key),
            "UploadId": upload_id,
            "PartNumber": part_number,
            "ContentLength": size,
        }
        with s3_errors(f"sign part {part_number} of {key}"):
            url: str = self._client.generate_presigned_url(
                "upload_part", Params=params, ExpiresIn=_clamp_expiry(expires)
            )
        return url

    def complete_multipart(self, key: str, upload_id: str, parts: list[dict[str, object]]) -> None:
        """Assemble the uploaded parts, given as ``{"PartNumber": n, "ETag": "..."}``."""
        listed = sorted(checked_parts(parts), key=lambda part: int(part["PartNumber"]))
        with s3_errors(f"complete the upload of {key}"):
            self._client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=self._object_key(key),
                UploadId=upload_id,
                MultipartUpload={"Parts": listed},
            )

    def abort_multipart(self, key: str, upload_id: str) -> None:
        """Abandon a direct upload; aborting twice is harmless."""
        abort_upload(self._client, self.bucket, self._object_key(key), upload_id)


def _clamp_expiry(expires: int) -> int:
    """Presigned URLs live between 1 second and MAX_PRESIGN_S seconds, whatever was asked."""
    return max(1, min(int(expires), MAX_PRESIGN_S))
