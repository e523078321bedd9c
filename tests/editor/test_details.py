"""Creating and editing a replay's details, as an editor does through the forms."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from archive.extensions import db
from archive.models import AuditEntry, Replay, ReplayStatus
from tests.editor.support import csrf_token, run_index, search_ids


def _details(token: str, **fields: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf_token": token,
        "title": "Table ronde : l'énergie",
        "description": "Quatre industriels parlent d'énergie.",
        "event": "Les Assises de l'Industrie 2024",
        "session_type": "round_table",
        "recorded_on": "2024-11-28",
        "language": "fr",
        "visibility": "public",
        "themes": "Énergie, Compétences",
        "speakers-0-name": "Claire Vasseur",
        "speakers-0-role_title": "Directrice industrielle",
        "speakers-0-organisation": "Forges de l'Aubrac",
        "speakers-1-name": "Marc Olivier",
        "speakers-1-role_title": "",
        "speakers-1-organisation": "Ateliers du Morvan",
        "viewers": "",
    }
    form.update(fields)
    return form


def _png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (400, 500), (200, 80, 40)).save(data, "PNG")
    data.seek(0)
    return data


def test_an_editor_creates_a_draft_only_editors_see(
    app: Flask, client: FlaskClient, editor: FlaskClient
) -> None:
    response = editor.post("/editor/replays/new", data=_details(csrf_token(editor)))
    assert response.status_code == 302
    replay_id = response.headers["Location"].rstrip("/").split("/")[-1]
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Table ronde : l&#39;énergie" in page and "badge status-draft" in page
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        assert replay is not None and replay.status == ReplayStatus.DRAFT
        assert [s.name for s in replay.speakers] == ["Claire Vasseur", "Marc Olivier"]
        assert replay.recorded_on.isoformat() == "2024-11-28"
    # A draft does not exist for visitors, even a public one.
    assert client.get(f"/replays/{replay_id}").status_code == 404
    assert client.get(f"/api/v1/replays/{replay_id}").status_code == 404


def test_editing_details_shows_everywhere_and_is_audited(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    form = _details(csrf_token(editor), **{"speakers-0-photo": (_png(), "claire.png")})
    response = editor.post(f"/editor/replays/{talk}", data=form, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    body = client.get(f"/api/v1/replays/{talk}").get_json()
    assert body["title"] == "Table ronde : l'énergie"
    assert body["session_type"] == "round_table"
    assert body["event"]["name"] == "Les Assises de l'Industrie 2024"
    assert body["themes"] == ["Énergie", "Compétences"]
    assert body["speakers"][0] == {
        "name": "Claire Vasseur",
        "slug": "claire-vasseur",
        "role": "Directrice industrielle",
        "organisation": "Forges de l'Aubrac",
    }
    assert body["speakers"][1]["organisation"] == "Ateliers du Morvan"
    photo = client.get("/speakers/claire-vasseur/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(photo.data)).size == (400, 500)
    # The search index follows: the new title is what search shows.
    run_index(app, talk)
    hits = client.get(f"/api/v1/search?q=réindustrialisation&replay={talk}").get_json()["hits"]
    assert [hit["title"] for hit in hits] == ["Table ronde : l'énergie"]
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.actor == "editor@example.org" and entry.action == "edit"
        assert entry.changes["title"] == ["Keynote : l'industrie", "Table ronde : l'énergie"]
        assert "themes" in entry.changes and "speakers" in entry.changes


def test_bad_details_are_refused_with_one_sentence(
    app: Flask, editor: FlaskClient, talk: str
) -> None:
    token = csrf_token(editor)
    empty = editor.post(f"/editor/replays/{talk}", data=_details(token, title=""))
    assert empty.status_code == 400
    unknown = editor.post(
        f"/editor/replays/{talk}",
        data=_details(token, visibility="private", viewers="nobody@example.org"),
    )
    assert unknown.status_code == 400
    assert "No account uses nobody@example.org" in unknown.get_data(as_text=True)
    not_a_picture = editor.post(
        f"/editor/replays/{talk}",
        data=_details(
            token, **{"speakers-0-photo": (io.BytesIO(b"<svg onload=alert(1)>"), "x.svg")}
        ),
        content_type="multipart/form-data",
    )
    assert not_a_picture.status_code == 400
    assert "is not a picture this site can read" in not_a_picture.get_data(as_text=True)
    with app.app_context():
        replay = db.session.get(Replay, talk)
        assert replay.title == "Keynote : l'industrie"  # nothing was saved
        assert str(replay.visibility) == "public"


def test_visibility_changes_what_visitors_find(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    assert talk in {hit for hit, _ in search_ids(client, "réindustrialisation")}
    response = editor.post(
        f"/editor/replays/{talk}", data=_details(csrf_token(editor), visibility="private")
    )
    assert response.status_code == 302
    run_index(app, talk)
    assert talk not in {hit for hit, _ in search_ids(client, "réindustrialisation")}
    assert client.get(f"/replays/{talk}").status_code == 404
    assert talk in {hit for hit, _ in search_ids(editor, "réindustrialisation")}
