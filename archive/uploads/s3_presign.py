"""Presigned URLs for each S3 call of a browser's direct upload (Uppy's AwsS3 plugin).

Every URL that sends bytes binds their exact length (``Content-Length`` is a signed header):
the bucket refuses a part, or a whole object, larger or smaller than the grant says, so no
more than the declared size can ever be written.
"""

from __future__ import annotations

import enum
import math

from archive.sentences import N_
from archive.storage import MAX_PRESIGN_S, S3Storage
from archive.storage.keys import join_key, validate_key
from archive.storage.s3_client import s3_errors
from archive.storage.s3_multipart import MAX_PARTS
from archive.uploads.grants import DirectUpload
from archive.uploads.limits import UploadRefused

#: S3's bounds on a part (the last part alone may be smaller).
MIN_PART_BYTES = 5 * 1024**2
MAX_PART_BYTES = 5 * 1024**3


class S3Call(enum.StrEnum):
    """The S3 operations a browser may have signed, named as boto3 names them."""

    PUT_OBJECT = "put_object"
    CREATE_MULTIPART = "create_multipart_upload"
    UPLOAD_PART = "upload_part"
    LIST_PARTS = "list_parts"
    COMPLETE_MULTIPART = "complete_multipart_upload"
    ABORT_MULTIPART = "abort_multipart_upload"

    @property
    def starts_upload(self) -> bool:
        """Whether this call begins an upload (so the server chooses the key)."""
        return self in (S3Call.PUT_OBJECT, S3Call.CREATE_MULTIPART)


def classify(method: object, upload_id: object, part_number: object) -> S3Call:
    """The S3 call a signing request describes, as Uppy's S3 client describes them."""
    calls: dict[tuple[object, bool, bool], S3Call] = {
        ("PUT", False, False): S3Call.PUT_OBJECT,
        ("POST", False, False): S3Call.CREATE_MULTIPART,
        ("PUT", True, True): S3Call.UPLOAD_PART,
        ("GET", True, False): S3Call.LIST_PARTS,
        ("POST", True, False): S3Call.COMPLETE_MULTIPART,
        ("DELETE", True, False): S3Call.ABORT_MULTIPART,
    }
    call = calls.get((method, upload_id is not None, part_number is not None))
    if call is None:
        raise UploadRefused(N_("This is not an upload request the archive signs."), 400)
    if upload_id is not None and not _valid_upload_id(upload_id):
        raise UploadRefused(N_("The multipart upload id is not valid."), 400)
    if part_number is not None and not (
        isinstance(part_number, int) and 1 <= part_number <= MAX_PARTS
    ):
        raise UploadRefused(
            N_("The part number must be between 1 and %(max_parts)s.") % {"max_parts": MAX_PARTS},
            400,
        )
    return call


def check_part_size(part_size: object, size: int) -> int:
    """The part size a browser chose for an upload of ``size`` bytes, if S3 allows it."""
    if (
        not isinstance(part_size, int)
        or isinstance(part_size, bool)
        or not MIN_PART_BYTES <= part_size <= MAX_PART_BYTES
    ):
        raise UploadRefused(N_("Give the part size in bytes (partSize), from 5 MiB to 5 GiB."), 400)
    if math.ceil(size / part_size) > MAX_PARTS:
        raise UploadRefused(
            N_("Choose larger parts: S3 takes at most %(max_parts)s of them.")
            % {"max_parts": MAX_PARTS},
            400,
        )
    return part_size


def part_length(upload: DirectUpload, part_number: int) -> int:
    """The exact length of part ``part_number``: every part is ``part_size`` but the last."""
    if not upload.part_size:
        raise UploadRefused(N_("This upload was not started in parts; start it again."), 400)
    first_byte = (part_number - 1) * upload.part_size
    if first_byte >= upload.size:
        raise UploadRefused(
            N_("Part %(part_number)s lies beyond the %(size)s bytes this upload declared.")
            % {"part_number": part_number, "size": upload.size},
            400,
        )
    return min(upload.part_size, upload.size - first_byte)


def presign(
    storage: S3Storage,
    call: S3Call,
    upload: DirectUpload,
    *,
    upload_id: str | None = None,
    part_number: int | None = None,
) -> str:
    """A URL, valid for at most 15 minutes, that lets the browser make exactly this call."""
    key = upload.key
    if call is S3Call.UPLOAD_PART:
        assert upload_id is not None and part_number is not None
        length = part_length(upload, part_number)
        return storage.presign_part(key, upload_id, part_number, size=length, expires=MAX_PRESIGN_S)
    params: dict[str, object] = {"Bucket": storage.bucket, "Key": bucket_key(storage, key)}
    if call is S3Call.PUT_OBJECT:
        params["ContentLength"] = upload.size
    if upload_id is not None:
        params["UploadId"] = upload_id
    with s3_errors(f"sign an upload request for {key}"):
        url: str = storage.client.generate_presigned_url(
            call.value, Params=params, ExpiresIn=MAX_PRESIGN_S
        )
    return url


def bucket_key(storage: S3Storage, key: str) -> str:
    """The object's key in the bucket: the store's prefix, then the storage key."""
    return join_key(storage.prefix, key) if storage.prefix else validate_key(key)


def _valid_upload_id(upload_id: object) -> bool:
    # Upload ids are opaque printable ASCII; botocore quotes them into the signed URL.
    return (
        isinstance(upload_id, str)
        and 0 < len(upload_id) <= 1024
        and upload_id.isascii()
        and upload_id.isprintable()
        and " " not in upload_id
    )
