"""The tus server of local mode: creation, offsets, resumption, termination and refusals."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from tests.uploads.conftest import Session, metadata

OFFSET_TYPE = "application/offset+octet-stream"


def create(session: Session, length: int, filename: str = "keynote.mp4", **extra: str):  # type: ignore[no-untyped-def]
    """POST a new upload."""
    headers = session.tus(
        **{
            "Upload-Length": str(length),
            "Upload-Metadata": metadata(filename=filename, filetype="video/mp4"),
        },
        **extra,
    )
    return session.client.post("/upload/tus/", headers=headers)


def patch(session: Session, url: str, offset: int, data: bytes, **extra: str):  # type: ignore[no-untyped-def]
    """PATCH bytes at an offset."""
    headers = session.tus(**{"Upload-Offset": str(offset), "Content-Type": OFFSET_TYPE}, **extra)
    return session.client.patch(url, data=data, headers=headers)


def head_offset(session: Session, url: str) -> int:
    """Where the server says the upload stands."""
    response = session.client.head(url, headers=session.tus())
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return int(response.headers["Upload-Offset"])


def test_options_announce_version_extensions_and_size_limit(editor: Session) -> None:
    response = editor.client.options("/upload/tus/")
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) == {"creation", "termination"}
    assert int(response.headers["Tus-Max-Size"]) == 20 * 1024**3


def test_upload_in_pieces_resumes_from_the_offset_after_a_cut(
    editor: Session, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB
    created = create(editor, len(data))
    assert created.status_code == 201
    assert created.headers["Tus-Resumable"] == "1.0.0"
    url = created.headers["Location"]
    assert url.startswith("/upload/tus/") and len(url.rsplit("/", 1)[1]) == 32

    first = patch(editor, url, 0, data[:300_000])
    assert first.status_code == 204
    assert first.headers["Upload-Offset"] == "300000"
    # The connection drops: the request announced the rest, but only part of it arrives.
    # (The test client ignores a Content-Length header beside input_stream, hence the environ.)
    cut = editor.client.patch(
        url,
        input_stream=io.BytesIO(data[300_000:500_000]),
        headers=editor.tus(**{"Upload-Offset": "300000", "Content-Type": OFFSET_TYPE}),
        environ_overrides={"CONTENT_LENGTH": str(len(data) - 300_000)},
    )
    # The server keeps what arrived and says so, as HEAD will: the request was not malformed.
    assert cut.status_code == 204
    assert cut.headers["Upload-Offset"] == "500000"
    assert head_offset(editor, url) == 500_000  # what arrived is kept, nothing more
    done = patch(editor, url, 500_000, data[500_000:])
    assert done.status_code == 204
    assert done.headers["Upload-Offset"] == str(len(data))
    assert head_offset(editor, url) == len(data)


def test_a_wrong_offset_is_a_conflict_that_names_the_right_one(editor: Session) -> None:
    url = create(editor, 1000).headers["Location"]
    assert patch(editor, url, 0, b"x" * 400).status_code == 204
    replayed = patch(editor, url, 0, b"x" * 400)
    assert replayed.status_code == 409
    assert replayed.headers["Upload-Offset"] == "400"
    assert "byte 400" in replayed.get_json()["error"]
    assert head_offset(editor, url) == 400


def test_patch_must_be_offset_octet_stream(editor: Session) -> None:
    url = create(editor, 1000).headers["Location"]
    response = editor.client.patch(
        url,
        data=b"x" * 10,
        headers=editor.tus(**{"Upload-Offset": "0", "Content-Type": "application/json"}),
    )
    assert response.status_code == 415
    assert OFFSET_TYPE in response.get_json()["error"]
    assert head_offset(editor, url) == 0


def test_more_bytes_than_declared_are_refused(editor: Session) -> None:
    url = create(editor, 100).headers["Location"]
    response = patch(editor, url, 0, b"x" * 101)
    assert response.status_code == 413
    assert head_offset(editor, url) == 0


def test_recordings_over_the_configured_size_are_refused(
    make_app: Callable[..., Flask], sign_in_on: Callable[..., Session]
) -> None:
    app = make_app(max_upload_bytes=str(5 * 10**6))
    editor = sign_in_on(app, "big@example.org", "editor")
    response = create(editor, 5 * 10**6 + 1)
    assert response.status_code == 413
    assert response.get_json()["error"] == (
        "The recording is 5.0 MB, over the 5.0 MB limit of this archive."
    )
    assert editor.client.options("/upload/tus/").headers["Tus-Max-Size"] == str(5 * 10**6)


def test_the_disk_check_counts_what_unfinished_uploads_are_still_to_send(
    editor: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A disk with room for one 20 GiB recording, not two (there is no 30 GiB disk to fill here).
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=30 * 1024**3))
    first = create(editor, 20 * 1024**3)
    assert first.status_code == 201
    second = create(editor, 20 * 1024**3)
    assert second.status_code == 507
    assert second.get_json()["error"] == (
        "The server has no room for this recording right now; tell an administrator."
    )
    # An abandoned upload no longer holds its space.
    assert editor.client.delete(first.headers["Location"], headers=editor.tus()).status_code == 204
    assert create(editor, 20 * 1024**3).status_code == 201


@pytest.mark.parametrize(
    ("filename", "filetype"),
    [("slides.pdf", "application/pdf"), ("photo.mp4", "image/jpeg"), ("notes", "")],
)
def test_files_that_are_not_recordings_are_refused(
    editor: Session, filename: str, filetype: str
) -> None:
    response = editor.client.post(
        "/upload/tus/",
        headers=editor.tus(
            **{
                "Upload-Length": "1000",
                "Upload-Metadata": metadata(filename=filename, filetype=filetype),
            }
        ),
    )
    assert response.status_code == 415
    assert response.get_json()["error"].endswith(".")


def test_creation_needs_a_length_and_a_file_name(editor: Session) -> None:
    no_length = editor.client.post(
        "/upload/tus/", headers=editor.tus(**{"Upload-Metadata": metadata(filename="a.mp4")})
    )
    assert no_length.status_code == 400
    no_name = editor.client.post("/upload/tus/", headers=editor.tus(**{"Upload-Length": "10"}))
    assert no_name.status_code == 400
    bad_metadata = editor.client.post(
        "/upload/tus/",
        headers=editor.tus(**{"Upload-Length": "10", "Upload-Metadata": "filename ###"}),
    )
    assert bad_metadata.status_code == 400


def test_requests_without_the_protocol_version_are_refused(editor: Session) -> None:
    response = editor.client.post(
        "/upload/tus/",
        headers={
            "X-CSRFToken": editor.csrf,
            "Upload-Length": "10",
            "Upload-Metadata": metadata(filename="a.mp4"),
        },
    )
    assert response.status_code == 412
    assert response.headers["Tus-Version"] == "1.0.0"


def test_termination_removes_the_upload(editor: Session, app: Flask) -> None:
    url = create(editor, 1000).headers["Location"]
    patch(editor, url, 0, b"x" * 10)
    assert editor.client.delete(url, headers=editor.tus()).status_code == 204
    assert editor.client.head(url, headers=editor.tus()).status_code == 404
    assert list((Path(app.instance_path) / "uploads").iterdir()) == []


def test_only_the_creating_editor_may_continue_an_upload(
    editor: Session, sign_in: Callable[[str, str], Session]
) -> None:
    url = create(editor, 1000).headers["Location"]
    other = sign_in("other-editor@example.org", "editor")
    assert other.client.head(url, headers=other.tus()).status_code == 404
    assert patch(other, url, 0, b"x" * 10).status_code == 404
    assert other.client.delete(url, headers=other.tus()).status_code == 404
    assert head_offset(editor, url) == 0


def test_requests_without_the_csrf_token_are_refused(editor: Session) -> None:
    url = create(editor, 1000).headers["Location"]
    response = editor.client.patch(
        url,
        data=b"x" * 10,
        headers={"Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": OFFSET_TYPE},
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_json()["error"]
    assert head_offset(editor, url) == 0
    creation = editor.client.post(
        "/upload/tus/",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": "10",
            "Upload-Metadata": metadata(filename="a.mp4"),
        },
    )
    assert creation.status_code == 400


def test_viewers_and_visitors_cannot_upload(
    app: Flask, sign_in: Callable[[str, str], Session]
) -> None:
    viewer = sign_in("viewer@example.org", "viewer")
    refused = create(viewer, 1000)
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "Only editors may upload recordings."
    assert viewer.client.options("/upload/tus/").status_code == 403
    visitor = app.test_client()
    assert visitor.options("/upload/tus/").status_code == 401
    assert (
        visitor.head("/upload/tus/" + "0" * 32, headers={"Tus-Resumable": "1.0.0"}).status_code
        == 401
    )
