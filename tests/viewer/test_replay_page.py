"""The replay page: player data, crawlable transcript, JSON-LD, OpenGraph and discovery."""

from __future__ import annotations

import jsonschema
from flask.testing import FlaskClient

from tests.viewer.catalogue import LINES, Catalogue
from tests.viewer.html import Page
from tests.viewer.schemas import VIDEO_OBJECT


def _page(client: FlaskClient, path: str) -> Page:
    response = client.get(path)
    assert response.status_code == 200, path
    return Page(response.get_data(as_text=True))


def test_transcript_is_plain_html_with_speakers_and_times(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    page = _page(client, f"/replays/{catalogue.public}")
    for start, _end, _speaker, text in LINES:
        assert text in page.visible_text
        assert page.find_all("li", data_start=f"{start:.3f}")
    assert "Mathis Oberlé" in page.visible_text
    assert page.find_all("a", href="?t=9"), "each line links to its moment without JavaScript"


def test_json_ld_is_a_complete_video_object(client: FlaskClient, catalogue: Catalogue) -> None:
    (data,) = _page(client, f"/replays/{catalogue.public}").json_ld()
    jsonschema.validate(data, VIDEO_OBJECT)
    assert data["duration"] == "PT36S"
    assert data["embedUrl"].endswith(f"/embed/{catalogue.public}")
    assert "l'usine de demain" in data["transcript"]
    assert [(c["name"], c["startOffset"], c["endOffset"]) for c in data["hasPart"]] == [
        ("Ouverture", 0, 15),
        ("Compétences", 15, 36),
    ]


def test_open_graph_and_oembed_discovery(client: FlaskClient, catalogue: Catalogue) -> None:
    page = _page(client, f"/replays/{catalogue.public}")
    assert page.meta("og:type") == "video.other"
    assert page.meta("og:title") == "Keynote : la réindustrialisation"
    assert (page.meta("og:image") or "").startswith("http://localhost/media/")
    assert (page.meta("og:video") or "").endswith("/download.mp4")
    (link,) = page.find_all("link", type="application/json+oembed")
    assert link["href"].startswith("http://localhost/oembed?url=http")
    oembed = client.get(link["href"].removeprefix("http://localhost"))
    assert oembed.status_code == 200 and oembed.get_json()["type"] == "video"


def test_player_data_and_moments_from_the_link(client: FlaskClient, catalogue: Catalogue) -> None:
    page = _page(client, f"/replays/{catalogue.public}?start=1:05&end=72.5")
    (player,) = page.find_all("div", id="player")
    assert player["data-start"] == "65.0" and player["data-end"] == "72.5"
    assert player["data-hls"].endswith("/hls/master.m3u8")
    assert player["data-storyboard"].endswith("/storyboard.vtt")
    assert player["data-page"] == f"http://localhost/replays/{catalogue.public}"
    (track,) = page.find_all("track")
    assert track["kind"] == "captions" and track["srclang"] == "fr"
    assert page.find_all("a", download="")[0]["href"].endswith("/download.mp4")
    at_time = Page(client.get(f"/replays/{catalogue.public}?t=1m15s").get_data(as_text=True))
    assert at_time.find_all("div", id="player")[0]["data-start"] == "75.0"


def test_no_inline_script_or_style(client: FlaskClient, catalogue: Catalogue) -> None:
    response = client.get(f"/replays/{catalogue.public}")
    page = Page(response.get_data(as_text=True))
    for attributes, body in page.scripts:
        executable = attributes.get("type", "text/javascript") in ("text/javascript", "module")
        assert not (executable and body.strip()), "an executable script must come from a file"
    assert not any("style" in attrs for _tag, attrs in page.tags)
    assert not page.find_all("style")
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_related_replays_share_speakers_or_themes(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    page = _page(client, f"/replays/{catalogue.public}")
    related = {attrs["data-replay-id"] for attrs in page.find_all("article", **{"class": "card"})}
    assert related == {catalogue.masterclass}, (
        "unlisted, private and unpublished replays are never suggested"
    )


def test_visibility(client: FlaskClient, catalogue: Catalogue) -> None:
    assert client.get(f"/replays/{catalogue.private}").status_code == 404
    assert client.get(f"/embed/{catalogue.private}").status_code == 404
    assert client.get(f"/replays/{catalogue.private}/frame.jpg?t=1").status_code == 404
    unlisted = _page(client, f"/replays/{catalogue.unlisted}")
    assert unlisted.meta("robots") == "noindex"
    public = _page(client, f"/replays/{catalogue.public}")
    assert public.meta("robots") is None


def test_processing_replay_shows_progress(client: FlaskClient, catalogue: Catalogue) -> None:
    html = client.get(f"/replays/{catalogue.processing}").get_data(as_text=True)
    assert '<progress max="100" value="0"' in html
    assert "application/ld+json" not in html
