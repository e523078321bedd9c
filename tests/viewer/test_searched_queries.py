"""Editors see what people search for, per week, and nothing that identifies a visitor."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import SearchQueryCount
from tests.editor.support import signed_in
from tests.viewer.catalogue import Catalogue
from tests.viewer.html import Page


def test_searches_are_counted_per_week_without_the_visitor(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    for q in ("Usines", "usines ", "USINES", "zzzqqq"):
        client.get("/search", query_string={"q": q})
    client.get("/api/v1/search", query_string={"q": "zzzqqq"})
    client.get("/search", query_string={"q": "usines", "page": "2"})  # paging is not a search
    with app.app_context():
        from archive.search.statistics import flush_counts

        with app.test_request_context():
            flush_counts()
        rows = {row.query: row for row in db.session.scalars(db.select(SearchQueryCount))}
        assert set(rows) == {"usines", "zzzqqq"}
        assert (rows["usines"].count, rows["usines"].zero_results) == (3, 0)
        assert (rows["zzzqqq"].count, rows["zzzqqq"].zero_results) == (2, 2)
        columns = set(SearchQueryCount.__table__.columns.keys())
        assert columns == {"week", "query", "count", "zero_results"}


def test_the_page_is_for_editors_only(client: FlaskClient, catalogue: Catalogue) -> None:
    response = client.get("/editor/searches")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_editors_see_top_and_empty_searches_of_this_week(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    client.get("/search", query_string={"q": "Usines"})
    client.get("/search", query_string={"q": "rienrien"})
    editor = signed_in(app, "editor@example.org")
    page = Page(editor.get("/editor/searches?lang=en").get_data(as_text=True))
    text = page.visible_text
    assert "Most frequent searches" in text and "Searches that found nothing" in text
    assert "usines" in text and "rienrien" in text


def test_a_search_does_not_wait_for_the_counts_to_be_written(
    app: Flask, client: FlaskClient, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search whose counts are due answers while another process holds the catalogue's
    write lock; the counts are written once the lock is released, not lost."""
    from archive.search import statistics

    monkeypatch.setattr(statistics, "FLUSH_EVERY_S", 0.0)  # every search makes a write due
    with app.app_context():
        database = db.engine.url.database
    assert database, "the default app keeps its catalogue in an SQLite file"
    holder = sqlite3.connect(database, timeout=1)
    holder.execute("BEGIN IMMEDIATE")  # another process writing: SQLite's one write lock
    try:
        answered: list[int] = []
        request = threading.Thread(
            target=lambda: answered.append(
                client.get("/api/v1/search", query_string={"q": "Usines"}).status_code
            )
        )
        request.start()
        request.join(timeout=30)
        assert answered == [200], "the search waited for the write lock"
    finally:
        holder.rollback()
        holder.close()
    with app.app_context():
        for _ in range(100):
            rows = db.session.scalars(db.select(SearchQueryCount)).all()
            if rows:
                break
            db.session.remove()
            time.sleep(0.2)
        assert [(row.query, row.count) for row in rows] == [("usines", 1)]
