"""Local mode streams an upload to disk: memory stays flat whatever the request's size."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

from flask import Flask

from tests.uploads.conftest import Session, metadata

MIB = 1024 * 1024


class Generated(io.RawIOBase):
    """A seekable request body produced on demand: the test holds no copy of it either."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = 0

    def readable(self) -> bool:
        """It is read by the server."""
        return True

    def seekable(self) -> bool:
        """The test client measures it by seeking to its end."""
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move within the body."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, min(self.size, base + offset))
        return self.position

    def tell(self) -> int:
        """Where reading stands."""
        return self.position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` with zero bytes, as far as the body goes."""
        count = min(len(buffer), self.size - self.position)
        buffer[:count] = bytes(count)
        self.position += count
        return count


def test_a_100_mb_patch_is_written_with_constant_memory(app: Flask, editor: Session) -> None:
    # The app-wide body limit is small; an editor's PATCH gets the recordings' own limit
    # (archive.request_limits) before the CSRF check opens the body stream.
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * MIB
    size = 100 * MIB
    created = editor.client.post(
        "/upload/tus/",
        headers=editor.tus(
            **{"Upload-Length": str(size), "Upload-Metadata": metadata(filename="big.mov")}
        ),
    )
    url = created.headers["Location"]
    tracemalloc.start()
    try:
        response = editor.client.patch(
            url,
            input_stream=Generated(size),
            headers=editor.tus(
                **{
                    "Upload-Offset": "0",
                    "Content-Type": "application/offset+octet-stream",
                    "Content-Length": str(size),
                }
            ),
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 204
    assert response.headers["Upload-Offset"] == str(size)
    (data,) = (Path(app.instance_path) / "uploads").glob("*.mov")
    assert data.stat().st_size == size
    # A few 1 MiB blocks at a time, never the body: well under a tenth of it.
    assert peak < 8 * MIB, f"peak {peak / MIB:.1f} MiB for a {size // MIB} MiB upload"
