"""A French editor reads refusals and failures in French; the API and the CLI keep English."""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.editor.support import csrf_token

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
TEXT_REJECTED = "The file is text, not a recording."
TEXT_REJECTED_FR = "Le fichier est du texte, pas un enregistrement."


def _page(client: FlaskClient, path: str, headers: dict[str, str]) -> str:
    return html.unescape(client.get(path, headers=headers).get_data(as_text=True))


def test_a_failed_job_reads_in_french_on_the_editor_pages_and_in_english_in_the_api(
    app: Flask, editor: FlaskClient, not_media: dict[str, Path]
) -> None:
    result = app.test_cli_runner().invoke(
        args=["import", str(not_media["text"]), "--wait", "--json"]
    )
    outcome = json.loads(result.output.strip().splitlines()[-1])
    assert outcome["status"] == "failed" and outcome["error"] == TEXT_REJECTED  # the contract

    jobs = _page(editor, "/editor/jobs?state=failed", FRENCH)
    assert TEXT_REJECTED_FR in jobs and TEXT_REJECTED not in jobs
    replay_page = _page(editor, f"/editor/replays/{outcome['id']}", FRENCH)
    assert TEXT_REJECTED_FR in replay_page
    status = editor.get(f"/editor/jobs/status?ids={outcome['job']}", headers=FRENCH).get_json()
    assert status["jobs"][0]["error"] == TEXT_REJECTED_FR  # what the live dashboard writes
    assert status["jobs"][0]["step_label"] == "Lecture"  # the step it failed at: probe

    assert TEXT_REJECTED in _page(editor, "/editor/jobs?state=failed", ENGLISH)
    api = editor.get(f"/api/v1/jobs/{outcome['job']}", headers=FRENCH).get_json()
    assert api["error"] == TEXT_REJECTED


def test_an_upload_refusal_is_in_the_language_of_the_upload_page(editor: FlaskClient) -> None:
    token = csrf_token(editor)
    name = base64.b64encode(b"notes.docx").decode()
    headers = {
        "Tus-Resumable": "1.0.0",
        "Upload-Length": "100",
        "Upload-Metadata": f"filename {name}",
        "X-CSRFToken": token,
    }
    french = editor.post("/upload/tus/", headers={**headers, **FRENCH})
    assert french.status_code == 415
    assert french.get_json()["error"].startswith(
        "'notes.docx' n'est pas un enregistrement que l'archive accepte ; envoyez un fichier"
    )
    english = editor.post("/upload/tus/", headers={**headers, **ENGLISH})
    assert english.get_json()["error"].startswith("'notes.docx' is not a recording the archive")
    # A script that asks for no language (tus clients, the API's users) reads English.
    script = editor.post(
        "/upload/tus/", headers=headers, environ_overrides={"HTTP_ACCEPT_LANGUAGE": ""}
    )
    assert script.get_json()["error"] == english.get_json()["error"]


def test_an_editor_form_refusal_is_in_french(app: Flask, editor: FlaskClient, talk: str) -> None:
    token = csrf_token(editor)
    answer = editor.post(
        f"/editor/replays/{talk}/poster",
        data={"csrf_token": token, "at": "midi"},
        headers=FRENCH,
    )
    page = html.unescape(answer.get_data(as_text=True))
    assert "« midi » n'est pas une durée ; écrivez-la 1:05.5 ou 65.5." in page
    photo = editor.post(
        f"/editor/replays/{talk}",
        data={
            "csrf_token": token,
            "title": "Keynote",
            "language": "fr",
            "visibility": "public",
            "session_type": "keynote",
            "speakers-0-name": "Claire Vasseur",
            "speakers-0-photo": (io.BytesIO(b"<svg onload=alert(1)>"), "x.svg"),
        },
        content_type="multipart/form-data",
        headers=FRENCH,
    )
    assert photo.status_code == 400
    assert "La photo 'x.svg' n'est pas une image que ce site sait lire." in html.unescape(
        photo.get_data(as_text=True)
    )
