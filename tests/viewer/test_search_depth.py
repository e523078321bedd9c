"""Paging reaches the first thousand results, no deeper: a deep page costs all those before it."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from archive.search import service
from tests.viewer.catalogue import Catalogue
from tests.viewer.html import Page

SENTENCE = "Only the first 1000 results can be paged through; refine the search instead."
#: The search page speaks the visitor's language (French by default); the API, English.
PHRASE = "Seuls les 1000 premiers résultats peuvent être parcourus ; affinez plutôt la recherche."


@pytest.mark.parametrize(("path", "sentence"), [("/api/v1/search", SENTENCE), ("/search", PHRASE)])
def test_pages_past_the_first_thousand_results_are_refused(
    client: FlaskClient, catalogue: Catalogue, path: str, sentence: str
) -> None:
    def ask(page: int, per_page: int) -> tuple[int, str]:
        answer = client.get(path, query_string={"q": "usine", "page": page, "per_page": per_page})
        return answer.status_code, answer.get_data(as_text=True)

    assert ask(10, 100)[0] == 200 and ask(50, 20)[0] == 200
    for page, per_page in ((1000, 100), (11, 100), (51, 20)):
        status, body = ask(page, per_page)
        assert status == 400 and sentence in body, (page, per_page)


def test_the_pager_stops_at_the_last_page_paging_reaches(
    client: FlaskClient, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "MAX_RESULTS", 2)
    html = client.get("/search?q=usine&per_page=1&page=2&lang=en").get_data(as_text=True)
    page = Page(html)
    assert "Page 2 of 2" in page.visible_text
    assert not [a for a in page.find_all("a") if a.get("rel") == "next"]
    assert client.get("/search?q=usine&per_page=1&page=3").status_code == 400
