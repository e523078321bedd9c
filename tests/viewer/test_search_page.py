"""The search page: moments grouped by replay, with their frame, time and speaker."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.viewer.catalogue import Catalogue
from tests.viewer.html import Page


def test_moments_grouped_by_replay_with_frames(client: FlaskClient, catalogue: Catalogue) -> None:
    html = client.get("/search?q=usine&lang=fr").get_data(as_text=True)
    page = Page(html)
    groups = [
        attrs["aria-labelledby"] for attrs in page.find_all("section", **{"class": "result-group"})
    ]
    assert sorted(groups) == sorted([f"g-{catalogue.public}", f"g-{catalogue.masterclass}"])
    moments = [a["href"] for a in page.find_all("a", **{"class": "moment"})]
    assert (
        f"/replays/{catalogue.public}?t=9&q=usine" in moments
        and f"/replays/{catalogue.public}?t=15&q=usine" in moments
    )
    frames = [img["src"] for img in page.find_all("img") if "frame.jpg" in img["src"]]
    assert f"/replays/{catalogue.public}/frame.jpg?t=9" in frames
    assert "<mark>usines</mark>" in html and "Mathis Oberlé" in page.visible_text
    assert catalogue.private not in html and catalogue.unlisted not in html


def test_facets_filter_the_results(client: FlaskClient, catalogue: Catalogue) -> None:
    page = Page(client.get("/search?q=usine").get_data(as_text=True))
    speaker_links = [a["href"] for a in page.find_all("a") if "speaker=" in a.get("href", "")]
    assert speaker_links, "the speaker facet is offered"
    filtered = client.get(speaker_links[0]).get_data(as_text=True)
    assert "Remove the filter" in filtered or "Retirer le filtre" in filtered


def test_suggestion_and_empty_state(client: FlaskClient, catalogue: Catalogue) -> None:
    html = client.get("/search?q=usinne&lang=en").get_data(as_text=True)
    assert "Nothing was said with these words." in html
    assert "Did you mean" in html


def test_blank_search_offers_examples(client: FlaskClient, catalogue: Catalogue) -> None:
    page = Page(client.get("/search?lang=en").get_data(as_text=True))
    examples = [a["href"] for a in page.find_all("a") if a.get("href", "").startswith("/search?q=")]
    assert examples == ["/search?q=%C3%A9nergie"], "the catalogue's themes are offered as searches"
    assert client.get("/search?q=x&year=20x2").status_code == 400


def test_each_replay_shows_a_timeline_of_all_its_matches(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    # One moment a page: the timeline still shows both moments of the replay (9 s and 15 s).
    page = Page(client.get("/search?q=usine&per_page=1").get_data(as_text=True))
    timeline = page.find_all("ol", **{"class": "timeline"})
    assert timeline
    marks = [li for li in page.find_all("li") if "data-at" in li]
    links = [
        a
        for a in page.find_all("a")
        if a.get("href", "").startswith(f"/replays/{catalogue.public}?t=")
    ]
    hrefs = {a["href"] for a in links}
    assert {
        f"/replays/{catalogue.public}?t=9&q=usine",
        f"/replays/{catalogue.public}?t=15&q=usine",
    } <= hrefs
    assert {li["data-at"] for li in marks} >= {"0.2500", "0.4167"}, "9 s and 15 s of 36 s"
    assert "0:09" in page.visible_text and "0:15" in page.visible_text
