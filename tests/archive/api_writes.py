"""What a website's script does with only an API token: helpers shared by the tests of the
API's write endpoints (embedded default and S3)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.editor.support import create_user


def token_for(app: Flask, email: str, role: str = "editor", name: str = "website") -> str:
    """A new account with this role and an API token from ``create-token`` (its last line)."""
    create_user(app, email, role)
    result = app.test_cli_runner().invoke(args=["create-token", email, "--name", name])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def bearer(token: str, **extra: str) -> dict[str, str]:
    """Headers of a call made with ``token``."""
    return {"Authorization": f"Bearer {token}", **extra}


def create_draft(client: FlaskClient, token: str, **details: Any) -> dict[str, Any]:
    """POST /api/v1/replays; the draft's JSON."""
    created = client.post("/api/v1/replays", json=details, headers=bearer(token))
    assert created.status_code == 201, created.get_json()
    assert "Set-Cookie" not in created.headers, "a token call opens no session"
    body: dict[str, Any] = created.get_json()
    assert created.headers["Location"] == f"/api/v1/replays/{body['id']}"
    return body


def tus_send(client: FlaskClient, token: str, upload_url: str, data: bytes) -> None:
    """Send ``data`` to a tus upload in two PATCH requests, with the token and no cookie."""
    middle = len(data) // 2
    for start, stop in ((0, middle), (middle, len(data))):
        sent = client.patch(
            upload_url,
            data=data[start:stop],
            headers=bearer(
                token,
                **{
                    "Tus-Resumable": "1.0.0",
                    "Upload-Offset": str(start),
                    "Content-Type": "application/offset+octet-stream",
                },
            ),
        )
        assert sent.status_code == 204, sent.get_json()
        assert sent.headers["Upload-Offset"] == str(stop)


def put_transcript(
    client: FlaskClient, token: str, replay_id: str, text: str, language: str = "fr"
) -> Any:
    """PUT a WebVTT transcript track."""
    return client.put(
        f"/api/v1/replays/{replay_id}/transcripts/{language}",
        data=text.encode(),
        headers=bearer(token, **{"Content-Type": "text/vtt"}),
    )
