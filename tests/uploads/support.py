"""Direct S3 uploads as the upload page makes them: signed by the archive, sent to the bucket.

Shared by the tests of S3 mode (``test_s3_direct.py``) and of the cleanup of abandoned uploads.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import Any

from tests.uploads.conftest import Session

MIB = 1024 * 1024
ORIGIN = "http://archive.example.org"
CORS = {
    "CORSRules": [
        {
            "AllowedOrigins": [ORIGIN],
            "AllowedMethods": ["GET", "PUT", "POST", "DELETE"],
            "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": 3000,
        }
    ]
}


def sign(session: Session, **request: Any) -> Any:
    """Ask the archive to sign one S3 call, as the page's signRequest does."""
    return session.client.post(
        "/upload/s3/sign", json=request, headers={"X-CSRFToken": session.csrf}
    )


def s3(
    method: str, url: str, body: bytes = b"", content_type: str = "application/octet-stream"
) -> tuple[int, dict[str, str], str]:
    """Send one request to the bucket itself, as the browser does, from the archive's origin."""
    request = urllib.request.Request(
        url,
        data=body if method in ("PUT", "POST") else None,
        method=method,
        headers={"Content-Type": content_type, "Origin": ORIGIN},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def start(
    session: Session, size: int, filename: str = "keynote.mp4", part_size: int = 5 * MIB
) -> tuple[str, str, str]:
    """Start a multipart upload in parts of ``part_size``: (key, upload id, grant token)."""
    signed = sign(
        session,
        method="POST",
        key="uppy-file-1",
        filename=filename,
        size=size,
        type="video/mp4",
        partSize=part_size,
    )
    assert signed.status_code == 200, signed.get_json()
    answer = signed.get_json()
    status, _, body = s3("POST", answer["url"], content_type="video/mp4")
    assert status == 200
    upload_id = re.search(r"<UploadId>([^<]+)</UploadId>", body)
    assert upload_id
    return answer["key"], upload_id.group(1), answer["token"]


def put_part(
    session: Session, key: str, upload_id: str, token: str, number: int, data: bytes
) -> str:
    """Upload one part through its presigned URL; its ETag."""
    signed = sign(
        session, method="PUT", key=key, uploadId=upload_id, partNumber=number, token=token
    )
    assert signed.status_code == 200, signed.get_json()
    status, headers, _ = s3("PUT", signed.get_json()["url"], data)
    assert status == 200
    # The bucket's CORS rules let the page read the ETag it must send back.
    assert headers.get("Access-Control-Expose-Headers") == "ETag"
    return headers["ETag"]
