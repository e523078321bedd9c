"""The upload page: editors only, and it tells the script which protocol to speak."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tests.uploads.conftest import Session


def test_visitors_are_sent_to_sign_in_and_viewers_do_not_see_it(
    app: Flask, sign_in: Callable[[str, str], Session]
) -> None:
    visitor = app.test_client().get("/upload")
    assert visitor.status_code == 302
    assert visitor.headers["Location"].startswith("/login?next=")
    viewer = sign_in("viewer@example.org", "viewer")
    assert viewer.client.get("/upload").status_code == 404


def test_editors_get_the_form_in_local_mode(editor: Session) -> None:
    response = editor.client.get("/upload")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert 'data-mode="tus"' in page
    assert 'data-tus-endpoint="/upload/tus/"' in page
    assert 'data-complete-url="/upload/complete"' in page
    assert f'data-max-bytes="{20 * 1024**3}"' in page
    # The recording input has no name, so the form never carries its bytes.
    assert '<input id="recording" type="file"' in page and 'name="recording"' not in page
    assert 'name="csrf-token"' in page
    assert "vendor/uppy.min.js" in page and "js/upload.js" in page
    assert "<script>" not in page  # the Content-Security-Policy forbids inline scripts


def test_local_mode_signs_no_s3_request(editor: Session) -> None:
    answer = editor.client.post(
        "/upload/s3/sign",
        json={"method": "POST", "key": "f", "filename": "a.mp4", "size": 10},
        headers={"X-CSRFToken": editor.csrf},
    )
    assert answer.status_code == 404


@pytest.mark.s3
def test_s3_mode_uploads_straight_to_the_bucket(
    make_app: Callable[..., Flask],
    s3_endpoint: str,
    s3_bucket: str,
    sign_in_on: Callable[..., Session],
) -> None:
    app = make_app(storage_url=s3_bucket, s3_endpoint_url=s3_endpoint)
    editor = sign_in_on(app, "s3page@example.org", "editor")
    page = editor.client.get("/upload").get_data(as_text=True)
    assert 'data-mode="s3"' in page
    assert 'data-sign-url="/upload/s3/sign"' in page
