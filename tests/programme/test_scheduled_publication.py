"""Scheduled publication: under embargo a replay is a draft for everyone but editors, then
public from its time on, with no job having to run."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask

from archive.extensions import db
from archive.models import Replay
from archive.times import utcnow
from tests.editor.support import csrf_token, import_talk, run_index, search_ids, signed_in


def _set_publish_at(app: Flask, replay_id: str, hours: float) -> None:
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        assert replay is not None
        replay.publish_at = utcnow() + timedelta(hours=hours)
        db.session.commit()


def test_a_scheduled_replay_is_hidden_until_its_time(
    app: Flask, talk_mp4: Path, talk_vtt: Path
) -> None:
    replay_id = import_talk(app, talk_mp4, talk_vtt, title="Sous embargo")
    editor = signed_in(app, "editor@example.org")
    form = {
        "csrf_token": csrf_token(editor, f"/editor/replays/{replay_id}"),
        "title": "Sous embargo",
        "session_type": "talk",
        "language": "fr",
        "visibility": "public",
        "publish_at": (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = editor.post(f"/editor/replays/{replay_id}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    run_index(app, replay_id)
    page = editor.get(f"/editor/replays/{replay_id}").get_data(as_text=True)
    assert "Scheduled:" in page, "editors see it is scheduled"
    assert editor.get(f"/replays/{replay_id}").status_code == 200
    assert search_ids(editor, "réindustrialisation"), "editors still find it"

    visitor = app.test_client()
    assert visitor.get(f"/replays/{replay_id}").status_code == 404
    assert visitor.get(f"/api/v1/replays/{replay_id}").status_code == 404
    listed = visitor.get("/api/v1/replays").get_json()["items"]
    assert replay_id not in [item["id"] for item in listed]
    assert search_ids(visitor, "réindustrialisation") == []
    assert replay_id not in visitor.get("/feed.xml").get_data(as_text=True)

    _set_publish_at(app, replay_id, hours=-1)  # its time has come: nothing else runs
    assert visitor.get(f"/replays/{replay_id}").status_code == 200
    assert replay_id in [item["id"] for item in visitor.get("/api/v1/replays").get_json()["items"]]
    assert [hit for hit, _snippet in search_ids(visitor, "réindustrialisation")] == [replay_id]
