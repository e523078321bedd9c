"""Publish, unpublish and delete: what visitors, media, search and the audit log see."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from archive import services
from archive.extensions import db
from archive.models import AuditEntry, Replay
from tests.editor.support import csrf_token, run_index, search_ids


def _media_urls(client: FlaskClient, replay_id: str) -> dict[str, str]:
    return client.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]


def test_unpublish_hides_everything_and_publish_brings_it_back(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    urls = _media_urls(client, talk)
    token = csrf_token(editor)
    assert (
        editor.post(f"/editor/replays/{talk}/unpublish", data={"csrf_token": token}).status_code
        == 302
    )
    run_index(app, talk)
    assert client.get(f"/replays/{talk}").status_code == 404
    assert client.get(f"/api/v1/replays/{talk}").status_code == 404
    for name in ("hls", "mp4", "poster", "captions", "storyboard"):
        assert client.get(urls[name]).status_code == 404, name
    assert talk not in {hit for hit, _ in search_ids(client, "réindustrialisation")}
    assert talk not in client.get("/").get_data(as_text=True)
    # Editors still see it, as a draft.
    assert "badge status-draft" in editor.get(f"/editor/replays/{talk}").get_data(as_text=True)
    assert (
        editor.post(f"/editor/replays/{talk}/publish", data={"csrf_token": token}).status_code
        == 302
    )
    run_index(app, talk)
    assert client.get(f"/replays/{talk}").status_code == 200
    # Back under new media URLs: those handed out while it was public stay dead.
    assert client.get(urls["mp4"]).status_code == 404
    assert client.get(_media_urls(client, talk)["mp4"]).status_code == 200
    assert talk in {hit for hit, _ in search_ids(client, "réindustrialisation")}
    with app.app_context():
        actions = db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.replay_id == talk).order_by(AuditEntry.id)
        ).all()
        assert [str(a) for a in actions] == ["unpublish", "publish"]


def test_publishing_without_a_recording_says_why(app: Flask, editor: FlaskClient) -> None:
    with app.app_context():
        draft = Replay(title="Sans enregistrement")
        db.session.add(draft)
        db.session.commit()
        draft_id = draft.id
    response = editor.post(
        f"/editor/replays/{draft_id}/publish",
        data={"csrf_token": csrf_token(editor)},
        follow_redirects=True,
    )
    assert "has no processed recording yet" in response.get_data(as_text=True)


def test_delete_asks_first_then_removes_media_originals_and_index_entries(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    with app.app_context():
        replay = db.session.get(Replay, talk)
        prefix = f"replays/{talk}/"
        originals = [r.original_key for r in replay.recordings]
        storage = services.storage()
        assert storage.list_keys(prefix) and all(storage.exists(k) for k in originals)
    confirm = editor.get(f"/editor/replays/{talk}/delete")
    assert confirm.status_code == 200 and "Delete for good" in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Replay, talk) is not None  # asking deletes nothing
    response = editor.post(
        f"/editor/replays/{talk}/delete", data={"csrf_token": csrf_token(editor)}
    )
    assert response.status_code == 302
    run_index(app, talk)
    with app.app_context():
        assert db.session.get(Replay, talk) is None
        assert storage.list_keys(prefix) == []
        assert not any(storage.exists(k) for k in originals)
        entry = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.replay_id == talk, AuditEntry.action == "delete")
        ).one()
        assert entry.subject == "Keynote : l'industrie" and entry.actor == "editor@example.org"
    assert talk not in {hit for hit, _ in search_ids(editor, "réindustrialisation")}
    assert client.get(f"/replays/{talk}").status_code == 404
