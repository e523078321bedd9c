"""Bringing recordings in: the import operation (CLI) and resumable browser uploads.

Local mode: the browser speaks tus to this server, which streams the bytes to disk.
S3 mode: the browser sends the bytes straight to the bucket through presigned URLs.
Either way the page then calls ``POST /upload/complete`` to create the replay.
"""

from flask import Blueprint, Flask

bp = Blueprint("uploads", __name__)


def init_app(app: Flask) -> None:
    """Register the upload page, the tus server, the S3 signer and the completion call."""
    from archive.extensions import csrf
    from archive.uploads import bearer, completion, errors, s3_direct, tus, views  # noqa: F401

    # archive.uploads.bearer checks CSRF itself, for calls made without an API token.
    csrf.exempt(bp)
    app.register_blueprint(bp)
