"""The access matrix: every role × every visibility × every endpoint and media kind.

One published replay per visibility. Each cell asks one thing: may this person open this
URL (200, else 404 — a private replay does not exist for them), or does this list show the
replay (listed or absent)? The expected value of each cell is the policy, written once below.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Job
from tests.access.conftest import ROLES, VISIBILITIES
from tests.editor.support import search_ids

#: URLs opened through a replay's link or media URLs.
OPENED = (
    "page",
    "api",
    "embed",
    "oembed",
    "job status",
    "master playlist",
    "variant playlist",
    "segment",
    "captions",
    "poster",
    "storyboard",
    "mp4",
    "thumbnail",
)
#: Lists that show replays to those allowed to list them.
LISTED = ("api list", "api search", "search page", "home page", "event page", "speaker page")
#: Public syndication: public replays only, whoever asks.
SYNDICATED = ("feed", "sitemap")
EDITORS = ("editor", "admin")


def expected(role: str, visibility: str, kind: str) -> str:
    """The policy: what this role should observe for a replay of this visibility."""
    if kind in SYNDICATED:
        return "listed" if visibility == "public" else "absent"
    if kind in LISTED:
        return "listed" if visibility == "public" or role in EDITORS else "absent"
    return "200" if visibility != "private" or role in EDITORS else "404"


@pytest.fixture(scope="module")
def media(
    app: Flask, clients: dict[str, FlaskClient], replays: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Every URL of each replay, as an admin's pages and the API hand them out."""
    admin = clients["admin"]
    found: dict[str, dict[str, str]] = {}
    for visibility, replay_id in replays.items():
        urls = admin.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]
        master = admin.get(urls["hls"]).get_data(as_text=True)
        variant = urljoin(
            urls["hls"],
            next(
                line
                for line in master.splitlines()
                if line.endswith(".m3u8") and not line.startswith("#")
            ),
        )
        segments = admin.get(variant).get_data(as_text=True)
        segment = urljoin(
            variant, next(line for line in segments.splitlines() if line.endswith(".m4s"))
        )
        with app.app_context():
            job_id = db.session.scalar(db.select(Job.public_id).where(Job.replay_id == replay_id))
        found[visibility] = {
            "page": f"/replays/{replay_id}",
            "api": f"/api/v1/replays/{replay_id}",
            "embed": f"/embed/{replay_id}",
            "oembed": f"/oembed?url=http://localhost/replays/{replay_id}",
            "job status": f"/api/v1/jobs/{job_id}",
            "master playlist": urls["hls"],
            "variant playlist": variant,
            "segment": segment,
            "captions": urls["captions"],
            "poster": urls["poster"],
            "storyboard": urls["storyboard"],
            "mp4": urls["mp4"],
            "thumbnail": f"/replays/{replay_id}/thumb.jpg",
        }
    return found


def _listed_in(path: str) -> Callable[[FlaskClient, str], bool]:
    return lambda client, replay_id: replay_id in client.get(path).get_data(as_text=True)


LISTS: dict[str, Callable[[FlaskClient, str], bool]] = {
    "api list": lambda client, replay_id: (
        replay_id
        in {item["id"] for item in client.get("/api/v1/replays?limit=100").get_json()["items"]}
    ),
    "api search": lambda client, replay_id: (
        replay_id in {hit for hit, _ in search_ids(client, "réindustrialisation")}
    ),
    "search page": _listed_in("/search?q=r%C3%A9industrialisation"),
    "home page": _listed_in("/"),
    "event page": _listed_in("/events/les-assises-de-l-industrie-2024"),
    "speaker page": _listed_in("/speakers/claire-vasseur"),
    "feed": _listed_in("/feed.xml"),
    "sitemap": _listed_in("/sitemap.xml"),
}


@pytest.mark.parametrize("kind", OPENED + LISTED + SYNDICATED)
@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_access_cell(
    role: str,
    visibility: str,
    kind: str,
    clients: dict[str, FlaskClient],
    replays: dict[str, str],
    media: dict[str, dict[str, str]],
) -> None:
    client, replay_id = clients[role], replays[visibility]
    if kind in OPENED:
        observed = str(client.get(media[visibility][kind]).status_code)
    else:
        observed = "listed" if LISTS[kind](client, replay_id) else "absent"
    assert observed == expected(role, visibility, kind)
