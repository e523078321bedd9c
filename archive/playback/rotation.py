"""A replay that stops being public takes its media away from every public URL.

While a replay is public, its media are cached for a year as immutable by browsers and
shared caches, and with ARCHIVE_MEDIA_BASE_URL they are read straight from their bucket path
through the CDN, which checks nothing. When it stops being public (made unlisted or private,
or unpublished), its files are copied to a new version folder with a random name, the replay
is pointed at it in the same commit as the change, and the old folder is deleted after:

- public media URLs carry a token made from the folder (``signing.media_token``), so every
  URL handed out while the replay was public answers 404, even once it is public again;
- the old bucket path no longer exists, so the CDN's origin answers 404 for it;
- copies a CDN or a proxy already keeps must be purged (deploy/README.md, "Media").

A local store copies with hard links (instant); S3 copies inside the bucket, several objects
at a time (an hour of video is a few thousand segments: seconds, no byte through the app).
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets

from archive import services
from archive.models import Replay, ReplayStatus, Visibility
from archive.storage import StorageError

log = logging.getLogger(__name__)

_VERSION_NUMBER = re.compile(r"/v(\d+)[^/]*/$")


def is_public(replay: Replay) -> bool:
    """Whether anyone may watch the replay now: public media URLs exist for it."""
    return replay.visibility == Visibility.PUBLIC and replay.status == ReplayStatus.PUBLISHED


def new_media_prefix(replay: Replay) -> str:
    """A version folder nobody can guess, keeping the version number it replaces (a folder
    named ``v<number>-<letters and digits>``, so its files stay cacheable as immutable)."""
    found = _VERSION_NUMBER.search(replay.media_prefix or "")
    number = found.group(1) if found else "0"
    return f"replays/{replay.id}/v{number}-r{secrets.token_hex(8)}/"


def withdraw_public_media(replay: Replay) -> str | None:
    """Copy the replay's published files to a new folder and point the replay at it, without
    committing; returns the old folder, for :func:`discard_media` once the change is
    committed (None when there are no files). Raises StorageError, leaving nothing behind,
    when the store fails."""
    old = replay.media_prefix
    if old is None:
        return None
    new = new_media_prefix(replay)
    storage = services.storage()
    try:
        storage.copy_prefix(old, new)
    except StorageError:
        with contextlib.suppress(StorageError):
            storage.delete_prefix(new)
        raise
    replay.media_prefix = new
    return old


def discard_media(replay_id: str, prefix: str) -> None:
    """Delete the folder a replay left; a failure is logged, not raised (the change is
    committed), since the files stay readable through a CDN base until they are deleted."""
    try:
        storage = services.storage()
        storage.delete_prefix(prefix)
    except StorageError as err:
        log.error(
            "replay %s: its former public media under %s could not be deleted (%s); delete"
            " them and purge them from the CDN",
            replay_id,
            prefix,
            err,
        )
        return
    log.info(
        "replay %s is no longer public: media moved away from %s; purge that path from the CDN",
        replay_id,
        prefix,
    )
