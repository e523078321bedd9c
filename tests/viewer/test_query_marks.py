"""A replay opened from a search result marks the query's words, analysed as search does."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.viewer.catalogue import Catalogue
from tests.viewer.html import Page


def _marked(client: FlaskClient, replay_id: str, q: str) -> dict[str, str]:
    page = Page(client.get(f"/replays/{replay_id}?t=9&q={q}").get_data(as_text=True))
    return {li["data-start"]: li["data-marks"] for li in page.find_all("li") if "data-marks" in li}


def test_a_search_hit_opens_the_replay_with_the_query(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    hits = client.get("/api/v1/search?q=usines+pannes").get_json()["hits"]
    assert hits and all(hit["url"].endswith("&q=usines+pannes") for hit in hits)
    assert f"/replays/{catalogue.public}?t=9&q=usines+pannes" in [hit["url"] for hit in hits]


def test_every_cue_saying_a_query_word_is_marked_by_stem(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    # "usines" marks "usines" (9 s) and "usine" (15 s), with their exact characters.
    marks = _marked(client, catalogue.public, "usines")
    assert marks == {"9.000": "9-15", "15.000": "36-41"}


def test_whole_words_with_folding_never_substrings(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    # "industrie" marks "l'Industrie" without its elision, not "réindustrialisation".
    marks = _marked(client, catalogue.public, "industrie")
    assert marks == {"0.000": "27-36"}
    assert _marked(client, catalogue.public, "decarbonee") == {"4.000": "10-20"}


def test_excluded_words_and_pages_without_query_are_not_marked(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    assert _marked(client, catalogue.public, "usines+-pannes") == {
        "9.000": "9-15",
        "15.000": "36-41",
    }
    page = Page(client.get(f"/replays/{catalogue.public}").get_data(as_text=True))
    assert not page.find_all("div", **{"class": "query-matches"})
