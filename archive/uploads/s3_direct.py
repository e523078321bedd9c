"""S3 mode: the browser uploads straight into the bucket; the server only signs its calls.

Uppy's AwsS3 plugin asks ``POST /upload/s3/sign`` for a presigned URL before each S3 call
(create the multipart upload, each part, list parts to resume, complete, abort) and then
sends the bytes to the bucket itself: they never pass through the web server. The server
picks the key when an upload starts and signs later calls only for that key, for the
editor holding its grant.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from archive import services
from archive.sentences import N_
from archive.storage import S3Storage
from archive.uploads import bp
from archive.uploads.errors import require_editor
from archive.uploads.grants import DirectUpload, issue_grant, new_upload_key, read_grant
from archive.uploads.limits import (
    UploadRefused,
    check_recording_size,
    display_name,
    recording_suffix,
)
from archive.uploads.s3_presign import S3Call, check_part_size, classify, presign


def direct_storage() -> S3Storage:
    """The app's store when browsers may upload into it; 404 in local mode."""
    storage = services.storage()
    if not isinstance(storage, S3Storage) or not storage.supports_direct_upload:
        raise UploadRefused(N_("This archive keeps media in a local folder; upload with tus."), 404)
    return storage


@bp.post("/upload/s3/sign")
def sign_s3_request() -> ResponseReturnValue:
    """Sign one S3 call of a direct upload: ``{"method", "key", "uploadId"?, "partNumber"?,
    "token"?}``; starting an upload also needs ``"filename"``, ``"size"`` and ``"type"``, and
    ``"partSize"`` when it goes in parts."""
    owner_id = require_editor()
    storage = direct_storage()
    body = _json_body()
    call = classify(body.get("method"), body.get("uploadId"), body.get("partNumber"))
    if call.starts_upload:
        upload = _start(owner_id, body, in_parts=call is S3Call.CREATE_MULTIPART)
        url = presign(storage, call, upload)
        return jsonify(url=url, key=upload.key, token=issue_grant(upload))
    upload = read_grant(str(body.get("token", "")), owner_id, key=str(body.get("key", "")))
    url = presign(
        storage,
        call,
        upload,
        upload_id=body["uploadId"],
        part_number=body.get("partNumber"),
    )
    return jsonify(url=url)


def _start(owner_id: int, body: dict[str, Any], *, in_parts: bool) -> DirectUpload:
    """A new upload for this editor, once its name, type, size and part size are acceptable."""
    filename, size = body.get("filename"), body.get("size")
    if not isinstance(filename, str) or not filename:
        raise UploadRefused(N_("Name the file to upload (filename)."), 400)
    if not isinstance(size, int) or isinstance(size, bool):
        raise UploadRefused(N_("Give the size of the file to upload in bytes (size)."), 400)
    check_recording_size(size, services.settings().max_upload_bytes)
    mime_type = body.get("type")
    suffix = recording_suffix(filename, mime_type if isinstance(mime_type, str) else None)
    part_size = check_part_size(body.get("partSize"), size) if in_parts else None
    return DirectUpload(
        owner_id, new_upload_key(suffix), display_name(filename), size, part_size=part_size
    )


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UploadRefused(N_("Send a JSON object describing the S3 request to sign."), 400)
    return body
