"""Who owns a direct (S3) upload: a signed grant the browser keeps and sends back.

The browser talks to the bucket itself, so no row exists while it uploads; the grant binds
the server-generated key to the editor who asked for it, and every later signature or the
final registration checks it. Being signed, it holds on any number of web hosts.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from archive.sentences import N_
from archive.uploads.limits import UploadRefused

#: Folder of the bucket (under the store's prefix) where browsers upload originals.
UPLOADS_FOLDER = "uploads"
#: Longer than the 24 hours after which the worker aborts unfinished multipart uploads.
GRANT_MAX_AGE_S = 3 * 24 * 3600
_SALT = "archive.uploads.direct-upload"


@dataclass(frozen=True)
class DirectUpload:
    """An upload straight into the bucket, as granted to one editor."""

    owner_id: int
    #: storage key, server-generated: ``uploads/<uuid><suffix>``
    key: str
    #: the editor's file name, for the replay's default title
    filename: str
    #: the size the browser declared, in bytes
    size: int
    #: the length of every part but the last, for an upload in parts
    part_size: int | None = None
    #: the existing replay this upload was started for (through the API), if any
    replay_id: str | None = None
    #: the multipart upload the archive started itself (through the API), if any
    upload_id: str | None = None


def new_upload_key(suffix: str) -> str:
    """A fresh storage key for a direct upload (the suffix comes from the accepted list)."""
    return f"{UPLOADS_FOLDER}/{uuid.uuid4().hex}{suffix}"


def issue_grant(upload: DirectUpload) -> str:
    """The token the browser sends back with every request about this upload."""
    return str(_serializer().dumps(asdict(upload)))


def read_grant(token: str, owner_id: int, key: str | None = None) -> DirectUpload:
    """The upload a token grants to ``owner_id`` (and for ``key`` when given); 404 otherwise."""
    try:
        values = _serializer().loads(token, max_age=GRANT_MAX_AGE_S)
        upload = DirectUpload(**values)
    except (BadSignature, TypeError):
        upload = None
    if upload is None or upload.owner_id != owner_id or (key is not None and key != upload.key):
        raise UploadRefused(N_("This upload does not exist; it may have expired."), 404)
    return upload


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)
