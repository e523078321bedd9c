"""Local media handed to nginx: the app checks access, nginx sends the bytes (X-Accel-Redirect).

With ARCHIVE_X_ACCEL_PREFIX set (say ``/_media``, an ``internal`` location of nginx aliased to
the media folder), the media route answers with an empty response whose ``X-Accel-Redirect``
header names the file; nginx then serves it with sendfile, ranges and all, and no gunicorn
thread is held for the length of a download.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response

from archive import services
from archive.storage import validate_key


def x_accel_response(key: str, content_type: str) -> Response | None:
    """An X-Accel-Redirect answer for the stored file ``key``, or None when not configured."""
    prefix = services.settings().x_accel_prefix
    if not prefix:
        return None
    response = Response(b"", mimetype=content_type)
    response.headers["X-Accel-Redirect"] = f"/{prefix.strip('/')}/{quote(validate_key(key))}"
    return response
