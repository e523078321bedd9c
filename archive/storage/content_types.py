"""Content-Type and Cache-Control of each stored object, decided from its key.

Conventions the pipeline follows so caches behave:
- uploaded originals live under ``originals/`` and are never cached by anyone;
- published media live under a *versioned* folder (a path segment such as ``v3`` or
  ``v12-9f2c``); a new processing run writes a new version, so those objects never change
  and may be cached for a year;
- anything else may be replaced in place, so playlists are revalidated on every use and
  other files are cached briefly.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

#: First folder of every uploaded original's key.
ORIGINALS_FOLDER = "originals"

_VERSION_SEGMENT = re.compile(r"v\d+(?:-[0-9a-z]+)?")

_CONTENT_TYPES: dict[str, str] = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".mov": "video/quicktime",
    ".mkv": "video/x-matroska",
    ".webm": "video/webm",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
_DEFAULT_CONTENT_TYPE = "application/octet-stream"


class CacheControl(enum.StrEnum):
    """The Cache-Control values the archive uses."""

    #: versioned published media: the bytes under such a key never change
    IMMUTABLE = "public, max-age=31536000, immutable"
    #: originals: neither browsers nor shared caches may keep a copy
    PRIVATE = "private, no-store"
    #: playlists outside a version folder: may be rewritten, so always revalidate
    REVALIDATE = "no-cache"
    #: other files outside a version folder: may be replaced, so cache briefly
    SHORT = "public, max-age=300"


@dataclass(frozen=True)
class ObjectHeaders:
    """The HTTP headers an object is stored with."""

    content_type: str
    cache_control: str


def content_type_for(key: str) -> str:
    """The Content-Type of the object stored under ``key``, from its extension."""
    return _CONTENT_TYPES.get(PurePosixPath(key).suffix.lower(), _DEFAULT_CONTENT_TYPE)


def is_original(key: str) -> bool:
    """Whether ``key`` names an uploaded original (never public, never cached)."""
    return key.split("/", 1)[0] == ORIGINALS_FOLDER


def is_versioned(key: str) -> bool:
    """Whether ``key`` lies in a version folder, so its bytes never change."""
    folders = key.split("/")[:-1]
    return any(_VERSION_SEGMENT.fullmatch(folder) for folder in folders)


def cache_control_for(key: str) -> CacheControl:
    """The Cache-Control of the object stored under ``key``."""
    if is_original(key):
        return CacheControl.PRIVATE
    if is_versioned(key):
        return CacheControl.IMMUTABLE
    if key.endswith(".m3u8"):
        return CacheControl.REVALIDATE
    return CacheControl.SHORT


def headers_for(
    key: str, *, content_type: str | None = None, cache_control: str | None = None
) -> ObjectHeaders:
    """The headers for ``key``: the explicit values when given, else the key's defaults."""
    return ObjectHeaders(
        content_type=content_type or content_type_for(key),
        cache_control=cache_control or cache_control_for(key).value,
    )


def attachment_disposition(filename: str) -> str:
    """A Content-Disposition that saves the download as ``filename`` (RFC 6266), with an
    ASCII fallback for old browsers and no character able to break the header."""
    printable = "".join(char for char in filename if char.isprintable())
    name = PurePosixPath(printable.replace("\\", "/")).name.strip(". ") or "download"
    fallback = "".join(
        char if char.isascii() and char.isprintable() and char not in '"%;' else "_"
        for char in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
