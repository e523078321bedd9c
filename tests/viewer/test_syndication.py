"""Feeds, sitemap and oEmbed, checked against what their specifications require."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from flask.testing import FlaskClient

from tests.viewer.catalogue import Catalogue
from tests.viewer.schemas import OEMBED_VIDEO

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIDEO = "{http://www.google.com/schemas/sitemap-video/1.1}"


def _xml(client: FlaskClient, path: str, mimetype: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == mimetype
    return ET.fromstring(response.data)


def _local(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "localhost", "URLs in feeds are absolute"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_rss_has_the_required_elements_and_podcast_enclosures(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    rss = _xml(client, "/feed.xml", "application/rss+xml")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    items = channel.findall("item")
    links = {item.findtext("link") for item in items}
    assert links == {
        f"http://localhost/replays/{catalogue.public}",
        f"http://localhost/replays/{catalogue.masterclass}",
    }
    for item in items:
        assert item.findtext("title") and item.findtext("description")
        assert parsedate_to_datetime(item.findtext("pubDate") or "").tzinfo is not None
        enclosure = item.find("enclosure")
        assert enclosure is not None and enclosure.get("type") == "video/mp4"
        assert int(enclosure.get("length") or 0) > 4000
        media = client.get(_local(enclosure.get("url") or ""))
        assert media.status_code == 200, "anonymous podcast apps can download the enclosure"
        assert item.findtext(f"{ITUNES}duration") == "36"
        transcript = item.find(f"{PODCAST}transcript")
        assert (
            transcript is not None
            and client.get(_local(transcript.get("url") or "")).mimetype == "text/vtt"
        )


def test_event_feed(client: FlaskClient, catalogue: Catalogue) -> None:
    rss = _xml(client, "/events/les-assises-de-l-industrie-2022/feed.xml", "application/rss+xml")
    assert rss.findtext("channel/title") == "Les Assises de l'Industrie 2022"
    assert len(rss.findall("channel/item")) == 2
    assert client.get("/events/unknown/feed.xml").status_code == 404


def test_sitemap_lists_public_videos_with_googles_required_fields(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    urlset = _xml(client, "/sitemap.xml", "application/xml")
    assert urlset.tag == f"{SITEMAP}urlset"
    locs = [url.findtext(f"{SITEMAP}loc") or "" for url in urlset.findall(f"{SITEMAP}url")]
    assert all(loc.startswith("http://localhost/") for loc in locs)
    assert "http://localhost/events/les-assises-de-l-industrie-2022" in locs
    videos = urlset.findall(f"{SITEMAP}url/{VIDEO}video")
    assert len(videos) == 2
    for video in videos:
        for required in ("thumbnail_loc", "title", "description", "content_loc", "player_loc"):
            assert (video.findtext(f"{VIDEO}{required}") or "").strip(), required
        assert 1 <= int(video.findtext(f"{VIDEO}duration") or 0) <= 28_800
        assert len(video.findtext(f"{VIDEO}description") or "") <= 2048
    text = ET.tostring(urlset, encoding="unicode")
    for hidden in (catalogue.unlisted, catalogue.private, catalogue.processing):
        assert hidden not in text
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").get_data(
        as_text=True
    )


def test_oembed_answers_a_video_object(client: FlaskClient, catalogue: Catalogue) -> None:
    url = quote(f"http://localhost/replays/{catalogue.public}?t=12", safe="")
    response = client.get(f"/oembed?url={url}&format=json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    jsonschema.validate(data, OEMBED_VIDEO)
    assert f'src="http://localhost/embed/{catalogue.public}?t=12"' in data["html"]
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (1280, 720)
    small = client.get(f"/oembed?url={url}&maxwidth=320").get_json()
    assert small["width"] <= 320 and small["height"] <= 180
    embed = client.get(f"/embed/{catalogue.public}?t=12&transcript=1")
    assert (
        embed.status_code == 200 and "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    )


@pytest.mark.parametrize("case", ["private", "unknown", "foreign", "processing"])
def test_oembed_is_404_for_what_a_visitor_cannot_embed(
    client: FlaskClient, catalogue: Catalogue, case: str
) -> None:
    url = {
        "private": f"http://localhost/replays/{catalogue.private}",
        "unknown": "http://localhost/replays/nope",
        "foreign": f"http://elsewhere.example/replays/{catalogue.public}",
        "processing": f"http://localhost/replays/{catalogue.processing}",
    }[case]
    response = client.get(f"/oembed?url={quote(url, safe='')}")
    assert response.status_code == 404 and "error" in response.get_json()


def test_oembed_format_and_arguments(client: FlaskClient, catalogue: Catalogue) -> None:
    url = quote(f"http://localhost/replays/{catalogue.public}", safe="")
    assert client.get(f"/oembed?url={url}&format=xml").status_code == 501
    assert client.get("/oembed").status_code == 400
    assert (
        client.get(
            f"/oembed?url={quote(f'http://localhost/embed/{catalogue.unlisted}', safe='')}"
        ).status_code
        == 200
    )
