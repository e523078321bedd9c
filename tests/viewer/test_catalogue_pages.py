"""Home, event, speaker and theme pages: what they list, in which order, with which filters."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from archive.extensions import db
from archive.models import Replay, ReplayStatus, Visibility
from tests.viewer.catalogue import TILE, TILE_COLOURS, Catalogue
from tests.viewer.html import Page


def _cards(html: str) -> list[str]:
    return [attrs["data-replay-id"] for attrs in Page(html).find_all("article")]


def test_home_lists_public_replays_only(client: FlaskClient, catalogue: Catalogue) -> None:
    html = client.get("/").get_data(as_text=True)
    cards = _cards(html)
    assert set(cards) == {catalogue.public, catalogue.masterclass, catalogue.processing}
    assert "Les Assises de l&#39;Industrie 2022" in html
    assert "synthétique" in html, "pages say demo content is synthetic"
    assert '<progress max="100" value="0"' in html


def test_home_sorts_filters_and_pages(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    with app.app_context():
        for number in range(30):
            db.session.add(
                Replay(
                    title=f"Atelier {number:02d}",
                    status=ReplayStatus.PUBLISHED,
                    visibility=Visibility.PUBLIC,
                    duration=60 + number,
                )
            )
        db.session.commit()
    first = Page(client.get("/?sort=title").get_data(as_text=True))
    titles = [a for a in first.visible_text.split("Atelier ")[1:4]]
    assert [t[:2] for t in titles] == ["00", "01", "02"]
    assert first.find_all("a", rel="next")
    second = client.get("/?sort=title&page=2").get_data(as_text=True)
    assert "Atelier 00" not in second and "Masterclass" in second
    longest = Page(client.get("/?sort=longest").get_data(as_text=True)).visible_text
    assert longest.index("Atelier 29") < longest.index("Atelier 28")
    only = _cards(client.get("/?type=masterclass").get_data(as_text=True))
    assert only == [catalogue.masterclass]
    assert "No replay matches" in client.get("/?type=interview&lang=en").get_data(as_text=True)
    assert client.get("/?sort=nonsense&type=nonsense").status_code == 200
    bad_page = client.get("/?page=abc&lang=en")
    assert bad_page.status_code == 400
    assert "page&#39; must be a whole number from 1 to 9999." in bad_page.get_data(as_text=True)


def test_event_page_groups_sessions_by_type(client: FlaskClient, catalogue: Catalogue) -> None:
    html = client.get("/events/les-assises-de-l-industrie-2022?lang=fr").get_data(as_text=True)
    headings = re.findall(r'<h2 id="type-([a-z_]+)-title">', html)
    assert headings == ["keynote", "masterclass", "round_table"]
    assert "mardi 29 novembre 2022" in html
    assert catalogue.unlisted not in html and catalogue.private not in html
    assert client.get("/events/unknown").status_code == 404


def test_speaker_page_shows_who_and_their_moments(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    page = Page(client.get("/speakers/mathis-oberle").get_data(as_text=True))
    assert (
        "Directeur numérique" in page.visible_text and "Ateliers Morvandiaux" in page.visible_text
    )
    quotes = [a["href"] for a in page.find_all("a") if "?t=" in a.get("href", "")]
    assert f"/replays/{catalogue.public}?t=9" in quotes
    assert not any(catalogue.private in href for href in quotes)
    assert "l&#39;intelligence artificielle anticipe" in client.get(
        "/speakers/mathis-oberle"
    ).get_data(as_text=True)


def test_theme_page(client: FlaskClient, catalogue: Catalogue) -> None:
    cards = _cards(client.get("/themes/energie").get_data(as_text=True))
    assert set(cards) == {catalogue.public, catalogue.masterclass}
    assert client.get("/themes/unknown").status_code == 404


def test_storyboard_frame_is_the_tile_at_that_time(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    response = client.get(f"/replays/{catalogue.public}/frame.jpg?t=25")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(response.data)) as frame:
        assert frame.size == TILE
        red, green, blue = frame.convert("RGB").getpixel((80, 45))
    expected = TILE_COLOURS[2]
    assert (
        abs(red - expected[0]) < 20
        and abs(green - expected[1]) < 20
        and abs(blue - expected[2]) < 20
    )


def test_thumbnails_are_small(client: FlaskClient, catalogue: Catalogue) -> None:
    response = client.get(f"/replays/{catalogue.public}/thumb.jpg?w=320")
    with Image.open(io.BytesIO(response.data)) as thumb:
        assert thumb.size == (320, 180)
    assert client.get(f"/replays/{catalogue.private}/thumb.jpg").status_code == 404
