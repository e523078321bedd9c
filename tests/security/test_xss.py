"""Script in any editable field or transcript line stays text on every page and in the API."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Event, Replay, Theme
from tests.editor.support import signed_in
from tests.security.conftest import PAYLOAD
from tests.security.html_checks import active_content


def _pages(app: Flask, replay_id: str) -> list[str]:
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        event_slug = db.session.scalar(db.select(Event.slug).where(Event.id == replay.event_id))
        theme_slug = db.session.scalar(db.select(Theme.slug).where(Theme.id == replay.themes[0].id))
        speaker_slug = replay.speakers[0].slug
    return [
        "/",
        f"/replays/{replay_id}",
        f"/replays/{replay_id}?t=6",
        f"/embed/{replay_id}",
        f"/embed/{replay_id}?transcript=1",
        f"/events/{event_slug}",
        f"/speakers/{speaker_slug}",
        f"/themes/{theme_slug}",
        "/search?q=gigafactory",
        "/search?q=territoires",
        f"/search?q={quote(PAYLOAD)}",
        "/editor/",
        f"/editor/replays/{replay_id}",
        f"/editor/replays/{replay_id}/transcript",
        f"/editor/replays/{replay_id}/chapters",
        f"/editor/replays/{replay_id}/media",
        f"/editor/replays/{replay_id}/delete",
        "/editor/jobs",
        "/editor/audit",
    ]


def test_the_payload_is_text_on_every_page(
    app: Flask, client: FlaskClient, editor: FlaskClient, hostile: str
) -> None:
    admin = signed_in(app, "admin@example.org", "admin")
    for path in _pages(app, hostile):
        reader = (
            admin if path == "/editor/audit" else editor if path.startswith("/editor") else client
        )
        response = reader.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert active_content(html) == [], path
        assert "<img src=x" not in html and "<svg onload" not in html, path
    # Shown as typed, never evaluated as a template either.
    assert "{{7*7}}" in client.get(f"/replays/{hostile}").get_data(as_text=True)


@pytest.mark.parametrize(
    "field", ["title", "description", "event", "speakers", "themes", "chapters"]
)
def test_the_api_returns_the_payload_as_plain_text(
    client: FlaskClient, hostile: str, field: str
) -> None:
    response = client.get(f"/api/v1/replays/{hostile}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_json()
    value = {
        "title": body["title"],
        "description": body["description"],
        "event": body["event"]["name"],
        "speakers": json.dumps(body["speakers"], ensure_ascii=False),
        "themes": body["themes"][0],
        "chapters": body["chapters"][0]["title"],
    }[field]
    assert "<img src=x onerror=alert(1)>" in value  # stored as typed, shown as text by clients


def test_search_snippets_escape_transcript_markup(client: FlaskClient, hostile: str) -> None:
    for words in ("gigafactory", "territoires"):
        hits = client.get("/api/v1/search", query_string={"q": words}).get_json()["hits"]
        assert hits, words
        for hit in hits:
            assert active_content(hit["snippet_html"]) == []
            assert "<img" not in hit["snippet_html"] and "&lt;img" in hit["snippet_html"]
            assert set(hit["snippet_html"].replace("<mark>", "").replace("</mark>", "")).isdisjoint(
                "<>"
            )


def test_feeds_sitemap_and_oembed_stay_well_formed(client: FlaskClient, hostile: str) -> None:
    for path in ("/feed.xml", "/sitemap.xml"):
        response = client.get(path)
        root = ElementTree.fromstring(response.data)  # well-formed despite the payload
        if path == "/feed.xml":
            titles = [item.findtext("title") for item in root.iter("item")]
            assert PAYLOAD in titles
    oembed = client.get(f"/oembed?url=http://localhost/replays/{hostile}").get_json()
    assert oembed["title"] == PAYLOAD
    assert active_content(oembed["html"]) == [] and "<img" not in oembed["html"]


def test_captions_keep_the_payload_as_cue_text(client: FlaskClient, hostile: str) -> None:
    urls = client.get(f"/api/v1/replays/{hostile}").get_json()["urls"]
    captions = client.get(urls["captions"])
    assert captions.mimetype == "text/vtt"
    text = captions.get_data(as_text=True)
    assert "<img" not in text and "&lt;img src=x onerror=alert(4)&gt;" in text
