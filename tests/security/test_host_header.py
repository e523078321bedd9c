"""The Host header cannot put another site's address into pages, feeds or oEmbed (issue 16, 3).

With ARCHIVE_PUBLIC_URL every absolute URL comes from it and other hosts answer 400; without
it (development) URLs follow the request, but the page cache keeps each host's page apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from flask import Flask

from tests.viewer.catalogue import Catalogue, build_catalogue

PUBLIC = "https://replays.example.org"
FORGED = "evil.example"


@pytest.fixture
def public_app(make_app: Callable[..., Flask]) -> Flask:
    """An app that knows its public URL, as in production."""
    return make_app(public_url=PUBLIC + "/")


def _catalogue(app: Flask) -> Catalogue:
    with app.app_context():
        return build_catalogue()


def _absolute_urls(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>&]+", text))


def test_every_absolute_url_comes_from_the_public_url(public_app: Flask) -> None:
    catalogue = _catalogue(public_app)
    client = public_app.test_client()  # asks for http://localhost, a loopback name
    page = client.get(f"/replays/{catalogue.public}").get_data(as_text=True)
    replay_url = f"{PUBLIC}/replays/{catalogue.public}"
    assert f'<link rel="canonical" href="{replay_url}">' in page
    assert f'<meta property="og:url" content="{replay_url}">' in page
    assert f'id="share-url" class="share-url" type="url" readonly value="{replay_url}"' in page
    assert f'data-embed="{PUBLIC}/embed/{catalogue.public}"' in page
    assert f'hreflang="en" href="{replay_url}?lang=en"' in page
    ld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert ld["embedUrl"] == f"{PUBLIC}/embed/{catalogue.public}"
    others = {
        path: client.get(path).get_data(as_text=True)
        for path in ("/", "/feed.xml", "/sitemap.xml", "/robots.txt", f"/embed/{catalogue.public}")
    }
    for path, text in [(f"/replays/{catalogue.public}", page), *others.items()]:
        foreign = {
            url
            for url in _absolute_urls(text)
            if url.startswith(("http://localhost", "https://localhost"))
        }
        assert foreign == set(), path
    assert f"<loc>{replay_url}</loc>" in others["/sitemap.xml"]
    oembed = client.get("/oembed", query_string={"url": replay_url}).get_json()
    assert f'src="{PUBLIC}/embed/{catalogue.public}"' in oembed["html"]
    assert oembed["provider_url"] == PUBLIC + "/"
    # The request's own address is not this site's address for oEmbed any more.
    local = f"http://localhost/replays/{catalogue.public}"
    assert client.get("/oembed", query_string={"url": local}).status_code == 404


def test_a_request_for_another_host_is_refused(
    public_app: Flask, make_app: Callable[..., Flask]
) -> None:
    catalogue = _catalogue(public_app)
    client = public_app.test_client()
    page = f"/replays/{catalogue.public}"
    assert client.get(page, headers={"Host": "replays.example.org"}).status_code == 200
    assert client.get(page, headers={"Host": "127.0.0.1:8000"}).status_code == 200
    forged = client.get(page, headers={"Host": FORGED})
    assert forged.status_code == 400
    assert "does not answer for the host" in forged.get_data(as_text=True)
    # Load balancers probe web hosts by address: probes answer any host (and build no URL).
    for probe in ("/healthz", "/readyz", "/metrics"):
        assert client.get(probe, headers={"Host": "10.0.0.11:8000"}).status_code == 200, probe
    assert FORGED not in client.get(page).get_data(as_text=True)
    # An explicit list replaces the default one; URLs still come from the public URL.
    listed = make_app(public_url=PUBLIC, trusted_hosts=".example.org").test_client()
    other = listed.get("/", headers={"Host": "www.example.org"})
    assert other.status_code == 200
    assert "www.example.org" not in other.get_data(as_text=True)
    assert listed.get("/", headers={"Host": "localhost"}).status_code == 400


def test_without_a_public_url_a_forged_host_stays_in_its_own_page(
    make_app: Callable[..., Flask],
) -> None:
    """Development (no public URL): a forged Host is answered, but never to anyone else."""
    app = make_app()
    catalogue = _catalogue(app)
    client = app.test_client()
    for path in ("/", f"/replays/{catalogue.public}"):
        forged = client.get(path, headers={"Host": FORGED}).get_data(as_text=True)
        assert f"http://{FORGED}/" in forged, path
        honest = client.get(path).get_data(as_text=True)
        assert FORGED not in honest, path
        secure = client.get(path, base_url="https://localhost").get_data(as_text=True)
        assert "http://localhost" not in secure, path
