"""Transcripts in the editor: upload or replace, and the cue editor; search follows each change."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from archive.extensions import db
from archive.models import AuditEntry, Replay
from tests.editor.support import csrf_token, run_index, search_ids

NEW_VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Marc Olivier>Les gigafactories de batteries arrivent dans le Nord.

00:00:04.000 --> 00:00:08.000
<v Claire Vasseur>Et l'hydrogène vert suit.
"""
BAD_SRT = "1\n00:00:01,000 --> 00:00:04,000\nBonjour\n\n2\n00:00:05,000 --> nonsense\nAu revoir\n"


def _rows(page: str) -> list[str]:
    rows = re.findall(r'<input type="hidden" name="row" value="([^"]+)">', page)
    return [row for row in rows if "__N__" not in row]  # not the template of new lines


def _posted_lines(page: str) -> dict[str, str]:
    """The cue editor's fields as the page fills them, ready to post back."""
    form: dict[str, str] = {}
    for row in _rows(page):
        for part in ("start", "end", "speaker"):
            value = re.search(rf'name="{row}-{part}" value="([^"]*)"', page)
            form[f"{row}-{part}"] = value.group(1) if value else ""
        text = re.search(rf'name="{row}-text" rows="2">(.*?)</textarea>', page, re.S)
        form[f"{row}-text"] = text.group(1) if text else ""
    return form


def _post_lines(
    editor: FlaskClient, replay_id: str, changes: dict[str, str], extra_rows: list[str] = ()
):  # type: ignore[no-untyped-def]
    page = editor.get(f"/editor/replays/{replay_id}/transcript").get_data(as_text=True)
    rows = _rows(page)
    data = {**_posted_lines(page), **changes}
    payload = [("csrf_token", csrf_token(editor))] + [("row", r) for r in rows + list(extra_rows)]
    payload += list(data.items())
    return editor.post(f"/editor/replays/{replay_id}/cues", data=MultiDict(payload)), rows


def test_a_fixed_line_is_what_search_finds(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    page = editor.get(f"/editor/replays/{talk}/transcript").get_data(as_text=True)
    second = _rows(page)[1]
    response, _ = _post_lines(
        editor,
        talk,
        {f"{second}-text": "La réindustrialisation des territoires passe par la formation."},
    )
    assert response.status_code == 302
    run_index(app, talk)
    hits = [snippet for hit, snippet in search_ids(client, "formation") if hit == talk]
    assert len(hits) == 1 and "formation" in hits[0]
    assert talk not in {hit for hit, _ in search_ids(client, "apprentissage")}
    body = client.get(f"/api/v1/replays/{talk}").get_json()
    captions = client.get(body["urls"]["captions"]).get_data(as_text=True)
    assert "passe par la formation" in captions
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.replay_id == talk)).all()[
            -1
        ]
        assert entry.action == "cues" and entry.actor == "editor@example.org"
        assert entry.changes["line 2 text"][1].endswith("passe par la formation.")


def test_lines_can_be_added_retimed_and_deleted(app: Flask, editor: FlaskClient, talk: str) -> None:
    page = editor.get(f"/editor/replays/{talk}/transcript").get_data(as_text=True)
    first, second, third = _rows(page)
    response, _ = _post_lines(
        editor,
        talk,
        {
            f"{first}-delete": "1",
            f"{third}-start": "0:10",
            f"{third}-speaker": "Claire Vasseur",
            "new-1-start": "0.2",
            "new-1-end": "0:00.450",
            "new-1-speaker": "Marc Olivier",
            "new-1-text": "Mesdames et messieurs,",
        },
        extra_rows=["new-1"],
    )
    assert response.status_code == 302
    with app.app_context():
        cues = db.session.get(Replay, talk).transcript.cues
        assert [(c.start, c.text[:12], c.speaker_name) for c in cues] == [
            (0.2, "Mesdames et ", "Marc Olivier"),
            (5.5, "La réindustr", "Claire Vasseur"),
            (10.0, "Les usines d", "Claire Vasseur"),
        ]
        # The typed name is linked to the replay's speaker of that name.
        assert cues[2].speaker is not None and cues[2].speaker.name == "Claire Vasseur"


def test_bad_lines_are_named_and_nothing_is_saved(
    app: Flask, editor: FlaskClient, talk: str
) -> None:
    page = editor.get(f"/editor/replays/{talk}/transcript").get_data(as_text=True)
    first, second, _third = _rows(page)
    response, _ = _post_lines(
        editor,
        talk,
        {f"{first}-text": "Changed", f"{second}-end": "0:02", f"{_third}-start": "1:7x"},
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Line 2: it must end after it starts." in text
    assert "Line 3: &#39;1:7x&#39; is not a time" in text
    with app.app_context():
        assert db.session.get(Replay, talk).transcript.cues[0].text.startswith("Bonjour")


def test_uploading_a_transcript_replaces_it(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    bad = editor.post(
        f"/editor/replays/{talk}/transcript",
        data={
            "csrf_token": csrf_token(editor),
            "language": "fr",
            "transcript": (io.BytesIO(BAD_SRT.encode()), "talk-fixed.srt"),
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400
    assert "talk-fixed.srt:6: invalid timestamp &#39;nonsense&#39;" in bad.get_data(as_text=True)
    good = editor.post(
        f"/editor/replays/{talk}/transcript",
        data={
            "csrf_token": csrf_token(editor),
            "language": "fr",
            "transcript": (io.BytesIO(NEW_VTT.encode()), "talk-fixed.vtt"),
        },
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    with app.app_context():
        replay = db.session.get(Replay, talk)
        assert len(replay.transcripts) == 1
        assert [c.speaker_name for c in replay.transcript.cues] == [
            "Marc Olivier",
            "Claire Vasseur",
        ]
    run_index(app, talk)
    assert talk in {hit for hit, _ in search_ids(client, "gigafactories")}
    assert talk not in {hit for hit, _ in search_ids(client, "réindustrialisation")}


def test_a_long_transcript_is_edited_page_by_page(
    app: Flask, editor: FlaskClient, talk: str
) -> None:
    lines = ["WEBVTT", ""]
    for number in range(450):
        start = number * 0.025
        lines += [f"00:00:{start:06.3f} --> 00:00:{start + 0.02:06.3f}", f"Ligne {number + 1}", ""]
    editor.post(
        f"/editor/replays/{talk}/transcript",
        data={
            "csrf_token": csrf_token(editor),
            "language": "fr",
            "transcript": (io.BytesIO("\n".join(lines).encode()), "long.vtt"),
        },
        content_type="multipart/form-data",
    )
    page = editor.get(f"/editor/replays/{talk}/transcript?page=3").get_data(as_text=True)
    rows = _rows(page)
    assert len(rows) == 50 and ">Ligne 401</textarea>" in page
    payload = MultiDict([("csrf_token", csrf_token(editor)), *(("row", row) for row in rows)])
    for key, value in _posted_lines(page).items():
        payload.add(key, value)
    payload.setlist(f"{rows[1]}-end", ["0"])
    response = editor.post(f"/editor/replays/{talk}/cues?page=3", data=payload)
    assert response.status_code == 400
    assert "Line 402: it must end after it starts." in response.get_data(as_text=True)
