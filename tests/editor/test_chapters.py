"""The chapters editor: the list saved is what the replay's page and API show."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from tests.editor.support import csrf_token, inline_worker, search_ids


def _chapters(editor: FlaskClient, replay_id: str, rows: list[tuple[str, str, str]]):  # type: ignore[no-untyped-def]
    data = MultiDict([("csrf_token", csrf_token(editor))])
    for number, (start, title, delete) in enumerate(rows):
        data.add("row", f"chapter-{number}")
        data.add(f"chapter-{number}-start", start)
        data.add(f"chapter-{number}-title", title)
        if delete:
            data.add(f"chapter-{number}-delete", "1")
    return editor.post(f"/editor/replays/{replay_id}/chapters", data=data)


def test_chapters_are_saved_in_time_order(
    client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    response = _chapters(
        editor,
        talk,
        [
            ("0:05.5", "Les territoires", ""),
            ("0", "Accueil", ""),
            ("0:09", "Supprimé", "1"),
            ("", "", ""),
        ],
    )
    assert response.status_code == 302
    assert client.get(f"/api/v1/replays/{talk}").get_json()["chapters"] == [
        {"start": 0.0, "title": "Accueil"},
        {"start": 5.5, "title": "Les territoires"},
    ]
    page = editor.get(f"/editor/replays/{talk}/chapters").get_data(as_text=True)
    assert 'value="0:05.500"' in page


def test_bad_chapters_are_named(client: FlaskClient, editor: FlaskClient, talk: str) -> None:
    response = _chapters(editor, talk, [("0:30", "Après la fin", ""), ("0:02", "", "")])
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Chapter 1 starts after the end of the recording (0:12.000)." in text
    assert "Chapter 2 has no title." in text
    assert client.get(f"/api/v1/replays/{talk}").get_json()["chapters"] == []


def test_chapter_titles_name_the_replay_in_search(
    app: Flask, client: FlaskClient, editor: FlaskClient, talk: str
) -> None:
    def found() -> set[str]:
        return {replay for replay, _ in search_ids(client, "cybersécurité réindustrialisation")}

    assert talk not in found()
    with inline_worker(app):
        response = _chapters(editor, talk, [("0", "Cybersécurité", "")])
    assert response.status_code == 302
    # Saving the chapters reindexed the replay: a chapter title and a word said find it.
    assert talk in found()
