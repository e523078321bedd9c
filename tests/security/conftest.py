"""Fixtures of the security tests: one app, and a talk whose every editable field is hostile."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from archive.extensions import db
from archive.models import Replay
from tests.editor.support import csrf_token, import_talk, module_app, run_index, signed_in

#: Markup that runs script if any page puts it in the document unescaped.
PAYLOAD = "\"'><img src=x onerror=alert(1)><script>alert(2)</script><svg onload=alert(3)>{{7*7}}"
#: A transcript whose cues carry the payload as text (WebVTT entities decode to "<" and ">").
HOSTILE_VTT = """WEBVTT

00:00:00.500 --> 00:00:05.000
<v Claire Vasseur>Bienvenue &lt;img src=x onerror=alert(4)&gt; gigafactory &lt;/script&gt;&lt;script&gt;alert(5)&lt;/script&gt;

00:00:05.500 --> 00:00:09.000
La réindustrialisation des territoires.
"""


@pytest.fixture(scope="package")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One embedded-default app for the security tests."""
    with module_app(tmp_path_factory.mktemp("security")) as app:
        yield app


@pytest.fixture(scope="package")
def editor(app: Flask) -> FlaskClient:
    """A signed-in editor."""
    return signed_in(app, "editor@example.org", "editor")


@pytest.fixture(scope="package")
def hostile(app: Flask, editor: FlaskClient, talk_mp4: Path) -> str:
    """A published talk with the payload in every field an editor can write."""
    replay_id = import_talk(app, talk_mp4, title="Keynote")
    token = csrf_token(editor)
    response = editor.post(
        f"/editor/replays/{replay_id}",
        data={
            "csrf_token": token,
            "title": PAYLOAD,
            "description": PAYLOAD,
            "event": PAYLOAD + " 2024",
            "session_type": "keynote",
            "language": "fr",
            "visibility": "public",
            "themes": PAYLOAD.replace(",", " "),
            "speakers-0-name": "Claire Vasseur " + PAYLOAD,
            "speakers-0-role_title": PAYLOAD,
            "speakers-0-organisation": PAYLOAD,
            "viewers": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    upload = editor.post(
        f"/editor/replays/{replay_id}/transcript",
        data={
            "csrf_token": token,
            "language": "fr",
            "transcript": (io.BytesIO(HOSTILE_VTT.encode()), "hostile.vtt"),
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    with app.app_context():
        cue = db.session.get(Replay, replay_id).transcript.cues[1]
        row = str(cue.id)
    cues = editor.post(
        f"/editor/replays/{replay_id}/cues",
        data=MultiDict(
            [
                ("csrf_token", token),
                ("row", row),
                (f"{row}-start", "5.5"),
                (f"{row}-end", "9"),
                (f"{row}-speaker", PAYLOAD),
                (f"{row}-text", "Territoires " + PAYLOAD),
            ]
        ),
    )
    assert cues.status_code == 302
    chapters = editor.post(
        f"/editor/replays/{replay_id}/chapters",
        data=MultiDict(
            [("csrf_token", token), ("row", "c1"), ("c1-start", "0"), ("c1-title", PAYLOAD)]
        ),
    )
    assert chapters.status_code == 302
    run_index(app, replay_id)
    return replay_id
