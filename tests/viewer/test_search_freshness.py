"""Search answers what the catalogue says now, even while the index lags behind it.

A replay made private or unpublished leaves the index when a worker reindexes it; here no
worker runs, so the index (and the result cache keyed by its version) still holds the replay
as it was.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Replay, ReplayStatus, Visibility
from tests.editor.support import run_index
from tests.viewer.catalogue import Catalogue


def _change_without_reindexing(app: Flask, replay_id: str, **fields: object) -> None:
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        for name, value in fields.items():
            setattr(replay, name, value)
        db.session.commit()


def _search(client: FlaskClient, q: str) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/v1/search", query_string={"q": q}).get_json()
    return body


def _found(body: dict[str, Any]) -> set[str]:
    return {hit["replay_id"] for hit in body["hits"]} | {r["replay_id"] for r in body["replays"]}


@pytest.mark.parametrize(
    "change",
    [{"visibility": Visibility.PRIVATE}, {"status": ReplayStatus.DRAFT}],
    ids=["made private", "unpublished"],
)
def test_a_replay_taken_away_is_not_found_before_the_index_knows(
    app: Flask, client: FlaskClient, catalogue: Catalogue, change: dict[str, object]
) -> None:
    assert catalogue.public in _found(_search(client, "usine"))  # now in the result cache too
    _change_without_reindexing(app, catalogue.public, **change)
    stale = _search(client, "usine")
    assert catalogue.public not in _found(stale)
    assert catalogue.masterclass in _found(stale)
    page = client.get("/search?q=usine").get_data(as_text=True)
    assert catalogue.public not in page and catalogue.masterclass in page
    # The count and the facets are those the index gives once it knows.
    run_index(app, catalogue.public)
    fresh = _search(client, "usine")
    assert (stale["total"], stale["facets"], stale["hits"]) == (
        fresh["total"],
        fresh["facets"],
        fresh["hits"],
    )


def test_a_search_within_a_replay_made_private_finds_nothing(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    within = {"q": "usine", "replay": catalogue.public}
    assert client.get("/api/v1/search", query_string=within).get_json()["total"] > 0
    _change_without_reindexing(app, catalogue.public, visibility=Visibility.PRIVATE)
    body = client.get("/api/v1/search", query_string=within).get_json()
    assert (body["total"], body["hits"], body["replays"]) == (0, [], [])
    assert all(values == [] for values in body["facets"].values())


def test_no_spelling_suggestion_comes_from_a_replay_made_private(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    # "keynote" is only in the title of the public replay.
    assert _search(client, "keynotte")["suggestion"] == "keynote"
    _change_without_reindexing(app, catalogue.public, visibility=Visibility.PRIVATE)
    assert _search(client, "keynotte")["suggestion"] is None
    assert "keynote" not in client.get("/search?q=keynotte").get_data(as_text=True).lower()
