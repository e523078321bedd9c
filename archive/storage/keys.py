"""Validation of storage keys: the one place that decides what a key may look like."""

from __future__ import annotations

import re

from archive.storage.errors import InvalidKey

#: Temporary files of writes in progress end with this; no stored object may.
PART_SUFFIX = ".part"

# S3 allows 1024 bytes with the storage prefix; leave room for a deployment's prefix.
_MAX_KEY_LENGTH = 800
_ALLOWED = re.compile(r"[A-Za-z0-9._/-]+")


def validate_key(key: str) -> str:
    """Return ``key`` unchanged when it is a safe relative key, else raise InvalidKey."""
    reason = _problem(key)
    if reason is not None:
        raise InvalidKey(f"The storage key {key!r} is not valid: {reason}.")
    return key


def validate_prefix(prefix: str) -> str:
    """Return ``prefix`` unchanged when it is a safe key prefix, else raise InvalidKey.

    A prefix matches keys the way S3 does, as a plain string: ``replays/1/`` is the folder
    ``replays/1``, while ``replays/1`` also matches ``replays/10/...``. '' matches every key.
    """
    if prefix == "":
        return prefix
    stripped = prefix[:-1] if prefix.endswith("/") else prefix
    reason = "it must be relative, without a leading '/'" if not stripped else _problem(stripped)
    if reason is not None:
        raise InvalidKey(f"The storage prefix {prefix!r} is not valid: {reason}.")
    return prefix


def join_key(folder: str, relative: str) -> str:
    """The key of ``relative`` inside the folder ``folder`` (with or without its slash)."""
    validate_prefix(folder)
    folder = folder.rstrip("/")
    return validate_key(f"{folder}/{relative}" if folder else relative)


def _problem(key: str) -> str | None:
    """Describe what is wrong with ``key``, or return None when it is fine."""
    if not isinstance(key, str) or key == "":
        return "it is empty"
    if "\x00" in key:
        return "it contains a NUL character"
    if "\\" in key:
        return "it contains a backslash; use '/' between folders"
    if key.startswith("/"):
        return "it must be relative, without a leading '/'"
    if len(key) > _MAX_KEY_LENGTH:
        return f"it is longer than {_MAX_KEY_LENGTH} characters"
    if not _ALLOWED.fullmatch(key):
        return "only letters A-Z a-z, digits and . _ - / are allowed"
    segments = key.split("/")
    if "" in segments:
        return "it has an empty folder name ('//' or a trailing '/')"
    if any(segment in (".", "..") for segment in segments):
        return "'.' and '..' are not allowed as folder names"
    if key.endswith(PART_SUFFIX):
        return f"names ending in {PART_SUFFIX!r} are reserved for uploads in progress"
    return None
