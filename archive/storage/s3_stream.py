"""Reading an S3 object as an ordinary binary file, for streaming responses."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from archive.storage.s3_client import s3_errors

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


class BodyReader(io.RawIOBase):
    """botocore's streaming body as a real file object, with storage errors on failure."""

    def __init__(self, body: Any, key: str) -> None:
        super().__init__()
        self._body = body
        self._key = key

    def readable(self) -> bool:
        """Always: this is a download."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Fill ``buffer`` with the next bytes of the object; 0 at its end."""
        view = memoryview(buffer).cast("B")
        with s3_errors(f"read {self._key}"):
            data = self._body.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        """Close the HTTP response (its connection is dropped if unread bytes remain)."""
        if not self.closed:
            self._body.close()
        super().close()
