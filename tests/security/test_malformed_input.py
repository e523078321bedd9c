"""Malformed parameters answer 400 with one sentence, never 500 (issue 16, finding 9).

"²" and other Unicode digits pass ``str.isdigit`` but not ``int``; query arguments named like
url_for's own (``_external``, ``_scheme``) or like a view argument reached url_for as such.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Replay, ReplayStatus, Visibility


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        ("/?page=²", "'page' must be a whole number from 1 to 9999."),
        ("/?page=0", "'page' must be a whole number from 1 to 9999."),
        ("/?page=99999999999999999999999999", "'page' must be a whole number from 1 to 9999."),
        ("/replays/{id}/thumb.jpg?w=²", "'w' must be a whole number from 1 to 10000."),
        ("/search?q=usine&page=²", "'page' must be a whole number from 1 to 1000."),
    ],
)
def test_pages_name_the_bad_parameter(
    client: FlaskClient, hostile: str, path: str, sentence: str
) -> None:
    response = client.get(path.format(id=hostile), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert sentence in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        ("/api/v1/replays?limit=²", "'limit' must be a whole number from 1 to 100."),
        ("/api/v1/replays?cursor=١٢", "'cursor' must be a whole number from 0 to 1000000000."),
        ("/oembed?url={page}&maxwidth=²", "'maxwidth' must be a whole number from 1 to 100000."),
        ("/oembed?url={page}&maxheight=-5", "'maxheight' must be a whole number from 1 to 100000."),
        ("/api/v1/search?q=usine&page=²", "'page' must be a whole number from 1 to 1000."),
        ("/api/v1/search?q=usine&per_page=³", "'per_page' must be a whole number from 1 to 100."),
        ("/api/v1/search?q=usine&year=²⁰²²", "'year' must be a four-digit year."),
    ],
)
def test_machines_get_the_sentence_as_json(
    client: FlaskClient, hostile: str, path: str, sentence: str
) -> None:
    page = f"http://localhost/replays/{hostile}"
    response = client.get(path.format(page=page))
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(sentence)


@pytest.mark.parametrize(
    "query",
    ["_external=1", "_scheme=javascript", "_anchor=x", "_method=POST", "replay_id=other", "t=²"],
)
def test_query_arguments_never_reach_url_building(
    client: FlaskClient, hostile: str, query: str
) -> None:
    for path in ("/", f"/replays/{hostile}", "/search?q=usine"):
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}{query}")
        assert response.status_code == 200, path
        alternates = re.findall(r'hreflang="\w+" href="([^"]+)"', response.get_data(as_text=True))
        assert alternates and all(url.startswith("http://localhost/") for url in alternates)
        assert all("#" not in url for url in alternates)


def test_media_paths_and_tokens_that_cannot_be_read_are_refused(
    app: Flask, client: FlaskClient, hostile: str
) -> None:
    hls = client.get(f"/api/v1/replays/{hostile}").get_json()["urls"]["hls"]
    folder = hls.rsplit("/", 2)[0]
    for key in ("a b.ts", "hls/../x.ts", "hls/%00.ts", "ré.ts"):
        response = client.get(f"{folder}/{key}")
        assert response.status_code == 400, key
        assert "This media path is not valid." in response.get_data(as_text=True)
    with app.app_context():
        unlisted = Replay(
            title="Unlisted",
            status=ReplayStatus.PUBLISHED,
            visibility=Visibility.UNLISTED,
            media_prefix="replays/unlisted/v1/",
            hls_key="hls/master.m3u8",
        )
        db.session.add(unlisted)
        db.session.commit()
        unlisted_id = unlisted.id
    for token in ("²²²².0123", "١٢٣.abc", ".", "9" * 40 + ".x"):
        assert client.get(f"/media/{unlisted_id}/{token}/hls/master.m3u8").status_code == 404
