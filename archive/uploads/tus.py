"""A tus 1.0.0 server (core, creation and termination) for local mode.

Protocol: https://tus.io/protocols/resumable-upload. The browser (Uppy's tus plugin) creates
an upload with POST, sends bytes with PATCH, asks where it stands with HEAD after a cut
connection, and resumes from there. Every state-changing request from a browser carries the
CSRF token in ``X-CSRFToken``; a script sends its API token instead (``archive.uploads.bearer``).
"""

from __future__ import annotations

import base64
import binascii
import shutil
from typing import IO

from flask import Response, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import ClientDisconnected

from archive import services
from archive.ops.metrics import count_upload_bytes
from archive.sentences import N_
from archive.uploads import bp
from archive.uploads.errors import require_editor
from archive.uploads.limits import (
    UploadRefused,
    check_recording_size,
    display_name,
    recording_suffix,
)
from archive.uploads.pending import PendingUpload, UploadFolder, upload_folder

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination"
#: The one media type of PATCH bodies (tus core protocol).
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
#: Bytes read from the request per step: memory stays flat whatever the recording's size.
BLOCK_BYTES = 1024 * 1024
#: Room left on the disk after an upload, so a full upload folder cannot stop the server.
DISK_MARGIN_BYTES = 1024**3
_TUS_ENDPOINTS = frozenset({"uploads.tus_collection", "uploads.tus_upload"})


@bp.after_request
def tus_resumable_header(response: Response) -> Response:
    """Every tus answer, refusals included, names the protocol version."""
    if request.endpoint in _TUS_ENDPOINTS:
        response.headers["Tus-Resumable"] = TUS_VERSION
    return response


@bp.route("/upload/tus/", methods=["POST", "OPTIONS"], provide_automatic_options=False)
def tus_collection() -> ResponseReturnValue:
    """OPTIONS: what this server speaks; POST: create an upload."""
    owner_id = require_editor()
    if request.method == "OPTIONS":
        return _options()
    _check_version()
    return _create(owner_id)


@bp.route(
    "/upload/tus/<upload_id>",
    methods=["HEAD", "PATCH", "DELETE", "OPTIONS"],
    provide_automatic_options=False,
)
def tus_upload(upload_id: str) -> ResponseReturnValue:
    """HEAD: the offset; PATCH: more bytes; DELETE: abandon the upload."""
    owner_id = require_editor()
    if request.method == "OPTIONS":
        return _options()
    _check_version()
    folder = upload_folder()
    upload = owned_upload(folder, upload_id, owner_id)
    if request.method == "HEAD":
        return _head(folder, upload)
    if request.method == "PATCH":
        return _patch(folder, upload)
    folder.remove(upload)
    return "", 204


def owned_upload(folder: UploadFolder, upload_id: str, owner_id: int) -> PendingUpload:
    """The upload, if it exists and this editor created it; 404 otherwise (even to other
    editors: an upload id is nobody else's business)."""
    upload = folder.load(upload_id)
    if upload is None or upload.owner_id != owner_id:
        raise UploadRefused(N_("This upload does not exist; it may have expired."), 404)
    return upload


def _options() -> ResponseReturnValue:
    return (
        "",
        204,
        {
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": TUS_EXTENSIONS,
            "Tus-Max-Size": str(services.settings().max_upload_bytes),
        },
    )


def _check_version() -> None:
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        raise UploadRefused(
            N_("This server speaks tus %(tus_version)s; send the Tus-Resumable header.")
            % {"tus_version": TUS_VERSION},
            412,
            {"Tus-Version": TUS_VERSION},
        )


def _create(owner_id: int) -> ResponseReturnValue:
    length = _int_header("Upload-Length")
    metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
    filename = metadata.get("filename") or metadata.get("name") or ""
    if not filename:
        raise UploadRefused(N_("Upload-Metadata must name the file (filename)."), 400)
    upload = create_upload(
        owner_id, length, filename, metadata.get("filetype") or metadata.get("type")
    )
    location = url_for("uploads.tus_upload", upload_id=upload.id)
    return "", 201, {"Location": location, "Upload-Offset": "0"}


def create_upload(
    owner_id: int,
    length: int,
    filename: str,
    mime_type: str | None,
    *,
    replay_id: str | None = None,
) -> PendingUpload:
    """A new tus upload of an acceptable recording, if the disk has room for it; with
    ``replay_id`` it can only become that replay's recording."""
    check_recording_size(length, services.settings().max_upload_bytes)
    suffix = recording_suffix(filename, mime_type)
    folder = upload_folder()
    with folder.reserving():
        _check_room(folder, length)
        upload = folder.create(owner_id, length, display_name(filename), suffix)
        if replay_id is not None:
            upload.target_replay_id = replay_id
            folder.save(upload)
    return upload


def _head(folder: UploadFolder, upload: PendingUpload) -> ResponseReturnValue:
    # Once completed the bytes live in storage: the whole length has arrived.
    offset = upload.length if upload.replay_id else folder.offset(upload)
    return (
        "",
        200,
        {
            "Upload-Offset": str(offset),
            "Upload-Length": str(upload.length),
            "Cache-Control": "no-store",
        },
    )


def _patch(folder: UploadFolder, upload: PendingUpload) -> ResponseReturnValue:
    if request.mimetype != OFFSET_CONTENT_TYPE:
        raise UploadRefused(
            N_("Send the bytes of an upload as %(offset_content_type)s.")
            % {"offset_content_type": OFFSET_CONTENT_TYPE},
            415,
        )
    offset = _int_header("Upload-Offset")
    current = upload.length if upload.replay_id else folder.offset(upload)
    if offset != current:
        raise UploadRefused(
            N_("The upload stands at byte %(current)s, not %(offset)s; resume from there.")
            % {"current": current, "offset": offset},
            409,
            {"Upload-Offset": str(current)},
        )
    remaining = upload.length - offset
    if request.content_length is not None and request.content_length > remaining:
        raise UploadRefused(N_("This request carries more bytes than the upload declared."), 413)
    if remaining == 0:
        return "", 204, {"Upload-Offset": str(offset)}
    try:
        with folder.writing_at(upload, offset) as out:
            written = receive_body(request.stream, out, remaining)
    except OSError:
        # Reading errors are handled inside: this is the disk refusing to write.
        raise UploadRefused(
            N_(
                "The server could not write the upload (its disk may be full); "
                "tell an administrator, then resume."
            ),
            507,
        ) from None
    folder.count_received(upload, written)
    count_upload_bytes(written)
    if request.content_length is None and written == remaining and request.stream.read(1):
        raise UploadRefused(N_("This request carries more bytes than the upload declared."), 413)
    return "", 204, {"Upload-Offset": str(offset + written)}


def receive_body(stream: IO[bytes], out: IO[bytes], limit: int) -> int:
    """Copy at most ``limit`` bytes of the request body to ``out`` one block at a time;
    return how many arrived. A cut connection ends the copy, keeping what came."""
    written = 0
    while written < limit:
        try:
            block = stream.read(min(BLOCK_BYTES, limit - written))
        except (ClientDisconnected, OSError):
            break  # the browser will ask for the offset (HEAD) and resume from it
        if not block:
            break
        out.write(block)
        written += len(block)
    return written


def parse_metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64(value)`` pairs (the value optional)."""
    metadata: dict[str, str] = {}
    for pair in filter(None, (item.strip() for item in header.split(","))):
        key, _, encoded = pair.partition(" ")
        try:
            metadata[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise UploadRefused(
                N_("Upload-Metadata has an invalid value for %(key)r.") % {"key": key}, 400
            ) from None
    return metadata


def _int_header(name: str) -> int:
    raw = request.headers.get(name, "")
    if not (raw.isascii() and raw.isdigit()):
        raise UploadRefused(
            N_("The %(name)s header must be a whole number of bytes.") % {"name": name}, 400
        )
    return int(raw)


def _check_room(folder: UploadFolder, length: int) -> None:
    """Refuse an upload the disk cannot hold once every unfinished upload has arrived."""
    needed = folder.promised_bytes() + length + DISK_MARGIN_BYTES
    if shutil.disk_usage(folder.root).free < needed:
        raise UploadRefused(
            N_("The server has no room for this recording right now; tell an administrator."), 507
        )
