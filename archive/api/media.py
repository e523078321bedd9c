"""``/api/v1/replays/<id>/media``: give a replay its recording, by tus or a direct S3 upload.

A draft gets its first recording; a published replay gets a new one, keeping its id and
transcripts and serving the old recording until the new one is processed, exactly as
``replay-archive import MEDIA --replay ID`` does (the same import operation runs).

1. ``POST .../media`` with the file's name, size and type answers how to send the bytes: a tus
   upload URL (local mode, or ``"protocol": "tus"``) or presigned S3 part URLs (S3 mode).
2. The client sends them: tus PATCH requests with its token, or PUTs to the bucket.
3. ``POST .../media/complete`` queues the processing and answers the job to follow.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from archive import services
from archive.api import bp
from archive.api.errors import ApiError
from archive.api.guards import editable_replay, editor_id, json_object
from archive.api.serializers import job_json, replay_json
from archive.editor.audit import record
from archive.models import Replay
from archive.models.audit import AuditAction
from archive.storage import MAX_PRESIGN_S, S3Storage
from archive.uploads.completion import Outcome, RequestFor, complete_direct, complete_tus
from archive.uploads.grants import read_grant
from archive.uploads.limits import UploadRefused
from archive.uploads.operations import ImportRequest, InvalidImport, existing_replay
from archive.uploads.s3_parts import finish_parts, start_parts
from archive.uploads.tus import create_upload

PROTOCOLS = ("tus", "s3")


@bp.errorhandler(UploadRefused)
def upload_refused(err: UploadRefused) -> ResponseReturnValue:
    """The upload operations' refusals, as every API error: JSON with one sentence."""
    return jsonify(error=err.message), err.status, err.headers


@bp.post("/replays/<replay_id>/media")
def start_media_upload(replay_id: str) -> ResponseReturnValue:
    """Start the upload of a replay's recording; the answer says where to send the bytes."""
    replay = editable_replay(replay_id, "upload recordings")
    owner_id = editor_id("upload recordings")
    body = json_object("the recording to upload: its filename, size and type")
    filename, size, mime_type = _file(body)
    try:
        existing_replay(replay.id)
    except InvalidImport as err:
        raise ApiError(str(err), 409) from None
    storage = services.storage()
    direct = isinstance(storage, S3Storage) and storage.supports_direct_upload
    protocol = body.get("protocol", "s3" if direct else "tus")
    if protocol not in PROTOCOLS:
        raise ApiError("'protocol' must be tus or s3.")
    complete_url = url_for("api.complete_media_upload", replay_id=replay.id)
    if protocol == "s3":
        if not isinstance(storage, S3Storage) or not direct:
            raise ApiError("This archive keeps media in a local folder; upload with tus.", 409)
        upload, token, parts = start_parts(
            storage, owner_id, filename, size, mime_type, replay_id=replay.id
        )
        answer = {
            "protocol": "s3",
            "token": token,
            "part_size": upload.part_size,
            "parts": [asdict(part) for part in parts],
            "expires_in": MAX_PRESIGN_S,
            "sign_url": url_for("uploads.sign_s3_request"),
            "key": upload.key,
            "upload_id": upload.upload_id,
            "complete_url": complete_url,
        }
        return jsonify(answer), 201
    pending = create_upload(owner_id, size, filename, mime_type, replay_id=replay.id)
    upload_url = url_for("uploads.tus_upload", upload_id=pending.id)
    answer = {
        "protocol": "tus",
        "upload": pending.id,
        "upload_url": upload_url,
        "offset": 0,
        "complete_url": complete_url,
    }
    return jsonify(answer), 201, {"Location": upload_url}


@bp.post("/replays/<replay_id>/media/complete")
def complete_media_upload(replay_id: str) -> ResponseReturnValue:
    """Queue the processing of a finished upload as the replay's recording; 202 with the job
    (200 when it was already completed)."""
    replay = editable_replay(replay_id, "upload recordings")
    owner_id = editor_id("upload recordings")
    body = json_object("the finished upload: 'upload' (tus) or 'token' (S3)")
    publish = body.get("publish", False)
    if not isinstance(publish, bool):
        raise ApiError("'publish' must be true or false.")

    def request_for(media: Path, filename: str) -> ImportRequest:
        # No title, language or event: the replay keeps its own details.
        return ImportRequest(
            media=media, original_filename=filename, replay_id=replay.id, publish=publish
        )

    made, job, created = _complete(owner_id, replay, body, request_for)
    if made.id != replay.id:
        raise ApiError("This upload is already the recording of another replay.", 409)
    if created and job is not None and job.recording is not None:
        record(
            AuditAction.EDIT,
            f"Uploaded a new recording ({job.recording.original_filename}).",
            replay=made,
            job_id=job.id,
        )
    headers = {"Location": url_for("api.get_job", job_id=job.public_id)} if job else {}
    answer = {"job": job_json(job) if job else None, "replay": replay_json(made)}
    return jsonify(answer), 202 if created else 200, headers


def _complete(
    owner_id: int, replay: Replay, body: dict[str, Any], request_for: RequestFor
) -> Outcome:
    upload, token = body.get("upload"), body.get("token")
    if isinstance(upload, str) and upload:
        return complete_tus(owner_id, upload, request_for, replay_id=replay.id)
    if isinstance(token, str) and token:
        storage = services.storage()
        if isinstance(storage, S3Storage):
            finish_parts(storage, read_grant(token, owner_id), body.get("parts"))
        return complete_direct(owner_id, token, request_for, replay_id=replay.id)
    raise ApiError("Say which upload to complete: 'upload' (a tus upload id) or 'token' (S3).")


def _file(body: dict[str, Any]) -> tuple[str, int, str | None]:
    filename, size, mime_type = body.get("filename"), body.get("size"), body.get("type")
    if not isinstance(filename, str) or not filename.strip():
        raise ApiError("Name the file to upload ('filename').")
    if not isinstance(size, int) or isinstance(size, bool):
        raise ApiError("Give the size of the file to upload in bytes ('size').")
    if mime_type is not None and not isinstance(mime_type, str):
        raise ApiError("'type' must be the file's media type, such as video/mp4.")
    return filename, size, mime_type
