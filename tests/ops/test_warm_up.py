"""The gunicorn master renders the main pages before forking, so no worker compiles them."""

from __future__ import annotations

from flask import Flask

from archive.extensions import db
from archive.ops.warm_up import warm_pages
from tests.viewer.catalogue import build_catalogue

PAGE_TEMPLATES = {
    "catalogue/home.html",
    "catalogue/replay.html",
    "catalogue/event.html",
    "catalogue/speaker.html",
    "catalogue/theme.html",
}


def _compiled_templates(app: Flask) -> set[str]:
    return {name for _, name in app.jinja_env.cache.keys()} if app.jinja_env.cache else set()


def test_the_warm_up_compiles_every_kind_of_page_in_every_language(app: Flask) -> None:
    with app.app_context():
        build_catalogue()
    assert not PAGE_TEMPLATES & _compiled_templates(app)
    # Home, then one replay, event, theme and speaker page it leads to, in French and English.
    assert warm_pages(app) == 10
    assert PAGE_TEMPLATES <= _compiled_templates(app)


def test_the_warm_up_leaves_no_database_connection_to_share_with_workers(app: Flask) -> None:
    with app.app_context():
        build_catalogue()
    warm_pages(app)
    with app.app_context():
        assert [engine.pool.checkedin() for engine in db.engines.values()] == [0]


def test_the_warm_up_of_an_empty_archive_renders_its_home_page(app: Flask) -> None:
    assert warm_pages(app) == 2
    assert "catalogue/home.html" in _compiled_templates(app)
