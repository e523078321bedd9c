"""An organiser's own site: ARCHIVE_SITE_NAME ends every page title, the synthetic-content notice
appears on demo replays only, and the logo, accent colour, language and footer links follow
the settings."""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Replay
from config import ConfigError, Settings
from tests.editor.support import import_talk, module_app, signed_in

SITE = "Rencontres du Rhône"
#: What the demo's notice says, in both languages; an organiser's pages never say it.
SYNTHETIC = re.compile(r"synth[eé]ti|fictional|fictif|fictives", re.IGNORECASE)
#: Addresses that are not pages: assets, media, feeds, JSON, downloads.
#: Query variants of one path worth a look (search filters multiply them).
MAX_VARIANTS = 3
NOT_PAGES = re.compile(r"^/(static|assets|media|api|oembed|site/theme\.css)|\.(xml|vtt|srt|txt)\b")


@pytest.fixture(scope="module")
def own_site(
    tmp_path_factory: pytest.TempPathFactory, talk_mp4: Path, talk_vtt: Path
) -> Iterator[tuple[Flask, str]]:
    """An organiser's instance (no demo) with one published talk."""
    with module_app(
        tmp_path_factory.mktemp("own-site"),
        site_name=SITE,
        site_accent_color="#C2410C",
        site_footer_links="Programme=https://example.org/programme;Contact=mailto:hello@example.org",
    ) as app:
        replay_id = import_talk(
            app,
            talk_mp4,
            talk_vtt,
            title="Ouverture",
            event="Rencontres 2025",
            speaker="Claire Vasseur",
        )
        yield app, replay_id


def _title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert found, "the page has a title"
    return html.unescape(" ".join(found.group(1).split()))


def crawl(client: FlaskClient, seeds: list[str], limit: int = 80) -> dict[str, str]:
    """Every HTML page reachable from ``seeds`` through same-site links: URL → page (a few
    query variants of each path; the language switch is left to the client's own language)."""
    pages: dict[str, str] = {}
    queue, seen = deque(seeds), set(seeds)
    variants: Counter[str] = Counter(url.split("?")[0] for url in seeds)
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        pages[url] = page
        for link in re.findall(r'href="(/[^"/][^"]*|/)"', page):
            link = html.unescape(link).split("#")[0]
            path = link.split("?")[0]
            if (
                link in seen
                or "lang=" in link
                or NOT_PAGES.search(link)
                or variants[path] >= MAX_VARIANTS
            ):
                continue
            seen.add(link)
            variants[path] += 1
            queue.append(link)
    return pages


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_page_mentions_synthetic_content_and_every_title_ends_with_the_site_name(
    own_site: tuple[Flask, str], language: str
) -> None:
    app, replay_id = own_site
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    seeds = [
        "/",
        f"/replays/{replay_id}",
        f"/embed/{replay_id}",
        "/search",
        "/search?q=usine",
        "/login",
    ]
    pages = crawl(client, [*seeds, "/no-such-page", "/logout"])
    assert {f"/replays/{replay_id}", f"/embed/{replay_id}", "/no-such-page", "/logout"} <= set(
        pages
    )
    assert any(url.startswith("/events/") for url in pages)
    assert any(url.startswith("/speakers/") for url in pages)
    for url, page in pages.items():
        assert _title(page).endswith(f" · {SITE}"), url
        assert not SYNTHETIC.search(page), f"{url} mentions synthetic content"


def test_editor_and_admin_pages_end_their_titles_with_the_site_name(
    own_site: tuple[Flask, str],
) -> None:
    app, replay_id = own_site
    admin = signed_in(app, "admin@example.org", "admin")
    pages = crawl(admin, ["/editor/", f"/editor/replays/{replay_id}", "/upload"], limit=60)
    assert {"/editor/users", "/editor/audit", "/editor/tokens"} <= set(pages)
    for url, page in pages.items():
        assert _title(page).endswith(f" · {SITE}"), url
        assert not SYNTHETIC.search(page), url
    viewer = signed_in(app, "viewer@example.org", "viewer")
    refused = viewer.get("/editor/jobs")
    assert refused.status_code == 403
    assert _title(refused.get_data(as_text=True)).endswith(f" · {SITE}")


def test_the_notice_follows_the_demo_mark(own_site: tuple[Flask, str]) -> None:
    app, replay_id = own_site
    client = app.test_client()
    with app.app_context():
        db.session.get(Replay, replay_id).is_demo = True
        db.session.commit()
    try:
        for url in ("/", f"/replays/{replay_id}", f"/embed/{replay_id}"):
            assert SYNTHETIC.search(client.get(url).get_data(as_text=True)), url
        assert not SYNTHETIC.search(client.get("/login").get_data(as_text=True))
    finally:
        with app.app_context():
            db.session.get(Replay, replay_id).is_demo = False
            db.session.commit()
    assert not SYNTHETIC.search(client.get(f"/replays/{replay_id}").get_data(as_text=True))


def test_name_accent_and_footer_links_come_from_the_settings(own_site: tuple[Flask, str]) -> None:
    app, replay_id = own_site
    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    assert f"<span>{html.escape(SITE)}</span>" in home
    assert '<a href="https://example.org/programme">Programme</a>' in home
    assert '<a href="mailto:hello@example.org">Contact</a>' in home
    theme = re.search(r'<link rel="stylesheet" href="(/site/theme\.css[^"]*)">', home)
    assert theme, "the accent stylesheet is linked"
    css = client.get(html.unescape(theme.group(1)))
    assert css.mimetype == "text/css"
    assert "--accent: #c2410c;" in css.get_data(as_text=True)
    page_url = f"http://localhost/replays/{replay_id}"
    oembed = client.get("/oembed", query_string={"url": page_url}).get_json()
    assert oembed["provider_name"] == SITE
    assert f'<meta property="og:site_name" content="{html.escape(SITE)}">' in client.get(
        f"/replays/{replay_id}"
    ).get_data(as_text=True)
    assert f"<title>{html.escape(SITE)}</title>" in client.get("/feed.xml").get_data(as_text=True)


@pytest.fixture
def fresh_app(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Flask]:
    """``make_app`` without the organiser's settings of this module's instance."""
    for variable in ("NAME", "ACCENT_COLOR", "FOOTER_LINKS", "LANGUAGE", "LOGO_URL"):
        monkeypatch.delenv(f"ARCHIVE_SITE_{variable}", raising=False)
    return make_app


def test_defaults_keep_todays_look(fresh_app: Callable[..., Flask]) -> None:
    client = fresh_app().test_client()
    french = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert _title(french).endswith(" · Archive des replays")
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert _title(english).endswith(" · Replay archive")
    assert "/site/theme.css" not in english and 'class="logo"' not in english
    assert not SYNTHETIC.search(english), "an empty catalogue has no demo content"


def test_default_language_and_logo(fresh_app: Callable[..., Flask]) -> None:
    client = fresh_app(site_language="en", site_logo_url="/static/logo.svg").test_client()
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<img class="logo" src="/static/logo.svg" alt="">' in page


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ARCHIVE_SITE_ACCENT_COLOR", "red"),
        ("ARCHIVE_SITE_ACCENT_COLOR", "#12345"),
        ("ARCHIVE_SITE_LANGUAGE", "de"),
        ("ARCHIVE_SITE_LOGO_URL", "javascript:alert(1)"),
        ("ARCHIVE_SITE_FOOTER_LINKS", "Programme"),
        ("ARCHIVE_SITE_FOOTER_LINKS", "Evil=javascript:alert(1)"),
    ],
)
def test_unusable_site_settings_are_refused_with_one_sentence(
    archive_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    for key, setting in {**archive_env, variable: value}.items():
        monkeypatch.setenv(key, setting)
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env()


def test_a_logo_on_another_site_is_allowed_by_the_content_security_policy(
    fresh_app: Callable[..., Flask],
) -> None:
    client = fresh_app(site_logo_url="https://cdn.example.org/brand/logo.svg").test_client()
    response = client.get("/")
    img_src = next(
        rule
        for rule in response.headers["Content-Security-Policy"].split(";")
        if rule.strip().startswith("img-src")
    )
    assert "https://cdn.example.org" in img_src.split()
    assert 'src="https://cdn.example.org/brand/logo.svg"' in response.get_data(as_text=True)
