"""Anonymous pages are served from memory, but never after the replay they show has changed."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Replay, Visibility
from tests.viewer.catalogue import Catalogue


def _change(app: Flask, replay_id: str, **fields: object) -> None:
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        for name, value in fields.items():
            setattr(replay, name, value)
        db.session.commit()


def test_a_replay_made_private_disappears_at_once(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    page = f"/replays/{catalogue.public}"
    assert client.get(page).status_code == 200
    assert catalogue.public in client.get("/").get_data(as_text=True)
    _change(app, catalogue.public, visibility=Visibility.PRIVATE)
    assert client.get(page).status_code == 404
    assert catalogue.public not in client.get("/").get_data(as_text=True)


def test_a_new_title_shows_at_once(app: Flask, client: FlaskClient, catalogue: Catalogue) -> None:
    page = f"/replays/{catalogue.public}"
    first = client.get(page).get_data(as_text=True)
    assert first == client.get(page).get_data(as_text=True)
    _change(app, catalogue.public, title="Un tout autre titre")
    assert "Un tout autre titre" in client.get(page).get_data(as_text=True)


def test_each_language_has_its_own_page(client: FlaskClient, catalogue: Catalogue) -> None:
    page = f"/replays/{catalogue.public}"
    french = client.get(page, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr">' in french and '<html lang="en">' in english
