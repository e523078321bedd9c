"""Pages rendered once in the gunicorn master before it forks its workers (issue 15).

A process's first request for a page compiles its templates and the SQL of its queries and
loads the language's message catalogue: about 150 ms for one page on an idle machine. Every
new worker paid it on its first requests, in each of its threads at once, and under load those
requests took seconds. Rendered once in the master, every worker is born with all of it.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

from archive.extensions import db

log = logging.getLogger(__name__)

#: The kinds of page warmed, each from the first link to one of them met from the home page.
LINKED_PAGE = re.compile(r'href="/(replays|events|speakers|themes)/([^"/?#]+)"')


def warm_pages(app: Flask) -> int:
    """Render the home page and one page of each kind it leads to, in every language; return
    how many were rendered. The process keeps what rendering them compiled, not the pages."""
    client = app.test_client(use_cookies=False)
    base_url = _base_url(app)
    rendered = 0
    for language in app.config["BABEL_SUPPORTED_LOCALES"]:
        rendered += _warm_language(client, base_url, language)
    with app.app_context():
        # Connections must not be shared across a fork. (The pages cached here are not either:
        # see archive.catalogue.page_cache.pages.)
        for engine in db.engines.values():
            engine.dispose()
    return rendered


def _warm_language(client: object, base_url: str, language: str) -> int:
    found: dict[str, str] = {}
    to_render = ["/"]
    rendered = 0
    while to_render:
        path = to_render.pop(0)
        response = client.get(  # type: ignore[attr-defined]
            path, base_url=base_url, headers={"Accept-Language": language}
        )
        rendered += 1
        if response.status_code != 200:
            log.warning("warm-up: %s answered %s", path, response.status_code)
            continue
        for kind, name in LINKED_PAGE.findall(response.get_data(as_text=True)):
            if kind not in found:
                found[kind] = f"/{kind}/{name}"
                to_render.append(found[kind])
    return rendered


def _base_url(app: Flask) -> str:
    """A scheme and host the app answers for (see config.Settings.allowed_hosts)."""
    settings = app.config["ARCHIVE_SETTINGS"]
    if settings.public_url:
        return str(settings.public_url)
    if settings.trusted_hosts:
        return f"http://{settings.trusted_hosts[0].lstrip('.')}"
    return "http://127.0.0.1"
