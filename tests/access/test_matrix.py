"""The access matrix: every role × every state of a replay × every endpoint and media kind.

One replay per state (public, unlisted, private, and a draft), each with real media, a job,
and an event, a theme and a speaker (with a photo) that no other replay names. A "granted
viewer" is a viewer an editor named on every one of them. Each cell asks one thing: may this
person open this URL (200, else 404: what they may not see does not exist for them), or does
this page show the replay, or the name, to them (listed or absent)? The expected value of each
cell is the policy, written once below.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from archive import services
from archive.catalogue.operations import (
    get_or_create_event,
    get_or_create_speaker,
    get_or_create_theme,
)
from archive.extensions import db
from archive.models import Job, JobState, Replay, ReplayGrant, ReplayStatus, User
from archive.search.indexing import index_replay
from tests.access.conftest import VISIBILITIES
from tests.editor.support import clone_replay, signed_in

ROLES = ("anonymous", "viewer", "granted viewer", "editor", "admin")
STATES = (*VISIBILITIES, "draft")
EDITORS = ("editor", "admin")
#: Opened through the replay's link: whoever may see the replay, in any status.
OPENED = ("page", "api", "embed", "job status")
#: Published files, and what is made from them: never served for a draft, even to editors.
PUBLISHED_FILES = (
    "oembed",
    "master playlist",
    "variant playlist",
    "segment",
    "captions",
    "poster",
    "storyboard",
    "mp4",
    "thumbnail",
)
#: Pages of the replay's event, theme and speaker: they exist only through a replay the
#: visitor may see in lists, or one they were granted.
NAMED = ("event page", "theme page", "speaker page", "speaker photo")
#: Where those names are offered: the home page's event and theme lists, the search page's
#: example searches.
NAMES_LISTED = ("home events", "home themes", "example searches")
#: Lists that show replays to those allowed to list them.
LISTED = (
    "api list",
    "home page",
    "event page listing",
    "theme page listing",
    "speaker page listing",
)
#: Search and suggestions as you type: the index holds published replays only, and what
#: editors grant is not in it.
SEARCHED = ("api search", "search page", "suggestions")
#: Public syndication: public replays only, whoever asks (shared caches keep the answers).
SYNDICATED = ("feed", "sitemap", "event feed listing")
SYNDICATED_OPENED = ("event feed",)
KINDS = (
    OPENED + PUBLISHED_FILES + NAMED + NAMES_LISTED + LISTED + SEARCHED + SYNDICATED
) + SYNDICATED_OPENED


def may_see(role: str, state: str) -> bool:
    """The replay's link opens for them (``access.can_view``)."""
    if role in EDITORS:
        return True
    if state == "draft":
        return False
    return state != "private" or role == "granted viewer"


def named(role: str, state: str) -> bool:
    """The replay's event, theme and speaker exist for them through this replay."""
    if role in EDITORS or state == "public":
        return True
    return role == "granted viewer" and state != "draft"


def expected(role: str, state: str, kind: str) -> str:
    """The policy: what this role should observe for a replay in this state."""
    if kind in OPENED:
        return "200" if may_see(role, state) else "404"
    if kind in PUBLISHED_FILES:
        return "200" if may_see(role, state) and state != "draft" else "404"
    if kind in NAMED:
        return "200" if named(role, state) else "404"
    if kind in NAMES_LISTED:
        return "listed" if named(role, state) else "absent"
    if kind in SYNDICATED_OPENED:
        return "200" if state == "public" else "404"
    if kind in SYNDICATED:
        return "listed" if state == "public" else "absent"
    if kind in SEARCHED:
        return "listed" if state != "draft" and (state == "public" or role in EDITORS) else "absent"
    return "listed" if state == "public" or role in EDITORS else "absent"


@dataclass(frozen=True)
class Subject:
    """One replay of the matrix, the names only it uses, and every URL to try."""

    replay_id: str
    event: str
    theme: str
    speaker: str
    urls: dict[str, str]


@pytest.fixture(scope="module")
def everyone(app: Flask, clients: dict[str, FlaskClient]) -> dict[str, FlaskClient]:
    """A client per role of the matrix, the granted viewer included."""
    return {**clients, "granted viewer": signed_in(app, "granted@example.org", "viewer")}


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (120, 60, 30)).save(out, "JPEG")
    return out.getvalue()


def _own_names(app: Flask, replay_id: str, state: str) -> tuple[str, str, str]:
    """Give the replay an event, a theme and a speaker of its own, a job, and a grant to the
    granted viewer; returns the event's, the theme's and the speaker's names."""
    event, theme, speaker = (f"{what} matrice {state}" for what in ("Salon", "Filiere", "Orateur"))
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        replay.event = get_or_create_event(event)
        person = get_or_create_speaker(speaker)
        person.photo_key = f"speakers/{person.slug}.jpg"
        services.storage().put_bytes(person.photo_key, _photo(), content_type="image/jpeg")
        replay.speakers = [person]
        replay.themes = [get_or_create_theme(theme)]
        db.session.add(Job(replay_id=replay_id, state=JobState.SUCCEEDED, progress=100))
        granted = db.session.scalar(db.select(User.id).where(User.email == "granted@example.org"))
        db.session.add(ReplayGrant(replay_id=replay_id, user_id=granted))
        db.session.commit()
        index_replay(replay_id)
    return event, theme, speaker


def _media_urls(admin: FlaskClient, replay_id: str) -> dict[str, str]:
    """Every media URL of a published replay, as an admin's pages and the API hand them out."""
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
    return {
        "master playlist": urls["hls"],
        "variant playlist": variant,
        "segment": segment,
        **{name: urls[name] for name in ("captions", "poster", "storyboard", "mp4")},
    }


@pytest.fixture(scope="module")
def subjects(
    app: Flask, everyone: dict[str, FlaskClient], replays: dict[str, str]
) -> dict[str, Subject]:
    """The replay of each state; the draft is a public replay an editor unpublished, with the
    media URLs handed out while it was published."""
    found: dict[str, Subject] = {}
    for state in STATES:
        replay_id = clone_replay(app, replays["public" if state == "draft" else state])
        event, theme, speaker = _own_names(app, replay_id, state)
        media = _media_urls(everyone["admin"], replay_id)
        with app.app_context():
            replay = db.session.get(Replay, replay_id)
            job = db.session.scalar(db.select(Job.public_id).where(Job.replay_id == replay_id))
            event_slug, speaker_slug = replay.event.slug, replay.speakers[0].slug
            theme_slug = replay.themes[0].slug
            if state == "draft":
                replay.status = ReplayStatus.DRAFT
                db.session.commit()
                index_replay(replay_id)
        found[state] = Subject(
            replay_id=replay_id,
            event=event,
            theme=theme,
            speaker=speaker,
            urls={
                "page": f"/replays/{replay_id}",
                "api": f"/api/v1/replays/{replay_id}",
                "embed": f"/embed/{replay_id}",
                "oembed": f"/oembed?url=http://localhost/replays/{replay_id}",
                "job status": f"/api/v1/jobs/{job}",
                "thumbnail": f"/replays/{replay_id}/thumb.jpg",
                "event page": f"/events/{event_slug}",
                "event feed": f"/events/{event_slug}/feed.xml",
                "theme page": f"/themes/{theme_slug}",
                "speaker page": f"/speakers/{speaker_slug}",
                "speaker photo": f"/speakers/{speaker_slug}/photo",
                **media,
            },
        )
    return found


def _shows(client: FlaskClient, path: str, text: str) -> bool:
    return text in client.get(path).get_data(as_text=True)


#: Whether a page shows the replay (or its names) to the client.
LISTS: dict[str, Callable[[FlaskClient, Subject], bool]] = {
    "api list": lambda client, subject: (
        subject.replay_id
        in {item["id"] for item in client.get("/api/v1/replays?limit=100").get_json()["items"]}
    ),
    "api search": lambda client, subject: (
        subject.replay_id
        in {
            hit["replay_id"]
            for hit in client.get(
                "/api/v1/search",
                query_string={"q": "réindustrialisation", "replay": subject.replay_id},
            ).get_json()["hits"]
        }
    ),
    "search page": lambda client, subject: _shows(  # its group of results
        client,
        f"/search?q=r%C3%A9industrialisation&replay={subject.replay_id}",
        f'id="g-{subject.replay_id}"',
    ),
    "home page": lambda client, subject: _shows(client, "/", subject.replay_id),
    "event page listing": lambda client, subject: _shows(
        client, subject.urls["event page"], subject.replay_id
    ),
    "theme page listing": lambda client, subject: _shows(
        client, subject.urls["theme page"], subject.replay_id
    ),
    "speaker page listing": lambda client, subject: _shows(
        client, subject.urls["speaker page"], subject.replay_id
    ),
    "suggestions": lambda client, subject: (
        subject.speaker
        in {
            found["text"]
            for found in client.get(
                "/api/v1/suggest", query_string={"q": subject.speaker[:-2]}
            ).get_json()["suggestions"]
        }
    ),
    "home events": lambda client, subject: _shows(client, "/", subject.event),
    "home themes": lambda client, subject: _shows(client, "/", subject.theme),
    "example searches": lambda client, subject: _shows(client, "/search", subject.theme.lower()),
    "feed": lambda client, subject: _shows(client, "/feed.xml", subject.replay_id),
    "sitemap": lambda client, subject: _shows(client, "/sitemap.xml", subject.replay_id),
    "event feed listing": lambda client, subject: _shows(
        client, subject.urls["event feed"], subject.replay_id
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_access_cell(
    role: str,
    state: str,
    kind: str,
    everyone: dict[str, FlaskClient],
    subjects: dict[str, Subject],
) -> None:
    client, subject = everyone[role], subjects[state]
    if kind in LISTS:
        observed = "listed" if LISTS[kind](client, subject) else "absent"
    else:
        observed = str(client.get(subject.urls[kind]).status_code)
    assert observed == expected(role, state, kind)
