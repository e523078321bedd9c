"""The errors the storage layer raises; callers never see a botocore or OS exception."""

from __future__ import annotations


class StorageError(Exception):
    """A storage operation failed; the message is one sentence for the user."""


class StorageUnavailable(StorageError):
    """The store could not be reached or was overloaded; retrying later may succeed."""


class ObjectNotFound(StorageError):
    """No object is stored under the requested key."""


class InvalidKey(StorageError):
    """A key or prefix is not a safe relative path of the allowed characters."""
