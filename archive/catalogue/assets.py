"""Static files served compressed, with a content hash in the URL so browsers keep them a year.

hls.js alone is 610 KB; gzipped once per process it is under 190 KB, which keeps every page
under the 500 KB budget without a front server or a build step.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, current_app, request
from werkzeug.wrappers import Response as BaseResponse

#: Text types worth compressing; pictures and fonts are compressed already.
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".vtt", ".txt", ".map")
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Asset:
    """One static file as served: its bytes, gzipped bytes (if worth it) and version."""

    body: bytes
    gzipped: bytes | None
    mimetype: str
    version: str


_cache: dict[tuple[Path, float], Asset] = {}
#: filename → (when its file was last looked at, the asset); pages name a dozen assets each.
_recent: dict[str, tuple[float, Asset]] = {}
_lock = threading.Lock()
#: How long a file is trusted not to have changed before its modification time is read again.
RECHECK_S = 2.0


def _static_path(filename: str) -> Path | None:
    root = Path(current_app.static_folder or "").resolve()
    path = (root / filename).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def load_asset(filename: str) -> Asset | None:
    """The static file ``filename`` (read and compressed once per change), or None."""
    path = _static_path(filename)
    if path is None:
        return None
    key = (path, path.stat().st_mtime)
    asset = _cache.get(key)
    if asset is None:
        body = path.read_bytes()
        gzipped = gzip.compress(body, 9, mtime=0) if path.suffix in COMPRESSIBLE else None
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mimetype.startswith("text/") or mimetype.endswith(("javascript", "json", "svg+xml")):
            mimetype += "; charset=utf-8"
        asset = Asset(body, gzipped, mimetype, hashlib.sha256(body).hexdigest()[:12])
        with _lock:
            _cache[key] = asset
    return asset


def asset_version(filename: str) -> str:
    """A short hash of the file's content ("missing" when it does not exist)."""
    now = time.monotonic()
    recent = _recent.get(filename)
    if recent is not None and now - recent[0] < RECHECK_S:
        return recent[1].version
    asset = load_asset(filename)
    if asset is None:
        return "missing"
    _recent[filename] = (now, asset)
    return asset.version


def send_asset(filename: str) -> BaseResponse:
    """Serve a static file, gzipped when the browser accepts it."""
    asset = load_asset(filename)
    if asset is None:
        abort(404)
    use_gzip = asset.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(asset.gzipped if use_gzip else asset.body, mimetype=asset.mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["ETag"] = f'"{asset.version}{"-gz" if use_gzip else ""}"'
    versioned = request.args.get("v") == asset.version
    response.headers["Cache-Control"] = (
        f"public, max-age={ONE_YEAR}, immutable" if versioned else "public, max-age=300"
    )
    return response.make_conditional(request)
