"""A connection cut in the middle of a PATCH, over real sockets: the bytes that arrived stay,
the client asks for the offset and resumes, and no byte has to be sent twice."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from archive.uploads.pending import UploadFolder
from tests.uploads.conftest import Browser, LiveServer, Session, metadata

MIB = 1024 * 1024


def _offset(browser: Browser, path: str) -> int:
    response = browser.request("HEAD", path, {})
    response.read()
    assert response.status == 200
    return int(response.headers["Upload-Offset"])


def test_a_cut_patch_keeps_what_arrived_and_the_upload_resumes(
    app: Flask, live_server: LiveServer, sign_in: Callable[[str, str], Session], tmp_path: Path
) -> None:
    sign_in("cut@example.org", "editor")
    browser = Browser(live_server, "cut@example.org")
    data = bytes(range(251)) * (8 * MIB // 251)
    created = browser.request(
        "POST",
        "/upload/tus/",
        {"Upload-Length": str(len(data)), "Upload-Metadata": metadata(filename="talk.mkv")},
    )
    created.read()
    assert created.status == 201
    path = created.headers["Location"]

    # Announce every byte, send 3 MiB, then the network goes away.
    with socket.create_connection((live_server.host, live_server.port)) as sock:
        head = (
            f"PATCH {path} HTTP/1.1\r\nHost: {live_server.host}\r\n"
            f"Cookie: {browser.cookie_header()}\r\nX-CSRFToken: {browser.csrf}\r\n"
            f"User-Agent: upload-tests/1.0\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
            f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        sock.sendall(head.encode() + data[: 3 * MIB])
        time.sleep(0.3)
        sock.shutdown(socket.SHUT_RDWR)

    deadline = time.monotonic() + 10
    while (offset := _offset(browser, path)) < 3 * MIB and time.monotonic() < deadline:
        time.sleep(0.05)
    assert offset == 3 * MIB

    resumed = browser.request(
        "PATCH",
        path,
        {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
        data[offset:],
    )
    resumed.read()
    assert resumed.status == 204
    assert int(resumed.headers["Upload-Offset"]) == len(data)

    folder = UploadFolder(Path(app.instance_path) / "uploads")
    (upload,) = folder.all()
    assert folder.data_path(upload).read_bytes() == data
    assert upload.received == len(data)  # resumed, not restarted: no byte came twice
