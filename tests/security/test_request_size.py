"""Request bodies are small unless an editor sends a file to an upload endpoint (issue 16, 4).

A large body from anyone else is refused with 413 from its Content-Length, before a byte of it
is read (the global CSRF check reads the form of every POST before any view runs).
"""

from __future__ import annotations

import base64
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Replay, ReplayStatus, Visibility
from tests.editor.support import csrf_token, signed_in

MIB = 1024 * 1024


class CountedBody(io.RawIOBase):
    """A request body of ``size`` bytes, made as it is read, counting what the server read."""

    def __init__(self, size: int) -> None:
        self.size, self.position, self.served = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # the test client measures the body by seeking to its end

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = self.size + offset if whence == io.SEEK_END else offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = max(0, min(len(buffer), self.size - self.position))
        buffer[:count] = b"x" * count
        self.position += count
        self.served += count
        return count


def _send(
    client: FlaskClient, method: str, path: str, size: int, content_type: str, **headers: str
) -> tuple[int, int]:
    """(status, bytes the server read) of a request carrying ``size`` bytes."""
    body = CountedBody(size)
    response = client.open(
        path,
        method=method,
        input_stream=body,
        content_length=size,
        content_type=content_type,
        headers=headers,
    )
    return response.status_code, body.served


@pytest.mark.parametrize(
    ("method", "path", "content_type", "refusal"),
    [
        ("POST", "/login", "multipart/form-data; boundary=x", 413),
        ("POST", "/login", "application/x-www-form-urlencoded", 413),
        ("POST", "/upload/complete", "multipart/form-data; boundary=x", 413),
        ("PATCH", f"/upload/tus/{'0' * 32}", "application/offset+octet-stream", 413),
        ("POST", "/editor/replays/new", "multipart/form-data; boundary=x", 413),
        # The API asks for credentials before anything else.
        ("PATCH", "/api/v1/replays/anything", "application/json", 401),
    ],
)
def test_a_large_anonymous_body_is_refused_unread(
    client: FlaskClient, method: str, path: str, content_type: str, refusal: int
) -> None:
    status, read = _send(client, method, path, 40 * MIB, content_type, **{"X-CSRFToken": "x"})
    assert (status, read) == (refusal, 0)


def _draft(app: Flask) -> str:
    with app.app_context():
        replay = Replay(title="Brouillon", status=ReplayStatus.DRAFT, visibility=Visibility.PRIVATE)
        db.session.add(replay)
        db.session.commit()
        return replay.id


def test_editors_send_files_larger_than_the_common_limit(app: Flask, editor: FlaskClient) -> None:
    token = csrf_token(editor)
    replay_id = _draft(app)
    # A transcript of 3 MiB reaches the transcript parser (which refuses this one, by name).
    transcript = editor.post(
        f"/editor/replays/{replay_id}/transcript",
        data={
            "csrf_token": token,
            "language": "fr",
            "transcript": (io.BytesIO(b"\x00" * (3 * MIB)), "big.vtt"),
        },
        content_type="multipart/form-data",
    )
    assert transcript.status_code == 400
    assert "big.vtt" in transcript.get_data(as_text=True) or "line" in transcript.get_data(
        as_text=True
    )
    # A 3 MiB piece of a recording goes through tus.
    tus = {"Tus-Resumable": "1.0.0", "X-CSRFToken": token}
    name = base64.b64encode(b"talk.mp4").decode()
    created = editor.post(
        "/upload/tus/",
        headers={**tus, "Upload-Length": str(3 * MIB), "Upload-Metadata": f"filename {name}"},
    )
    assert created.status_code == 201, created.get_json()
    url = created.headers["Location"]
    piece = editor.patch(
        url,
        data=b"\x00" * (3 * MIB),
        headers={**tus, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )
    assert piece.status_code == 204, piece.get_json()
    assert piece.headers["Upload-Offset"] == str(3 * MIB)
    assert editor.delete(url, headers=tus).status_code == 204


def test_other_signed_in_users_keep_the_common_limit(app: Flask) -> None:
    viewer = signed_in(app, "size-viewer@example.org", "viewer")
    replay_id = _draft(app)
    status, read = _send(
        viewer,
        "POST",
        f"/editor/replays/{replay_id}/transcript",
        3 * MIB,
        "multipart/form-data; boundary=x",
    )
    assert (status, read) == (413, 0)
