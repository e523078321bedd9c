"""Pages answer while another process writes to the embedded (SQLite) catalogue."""

from __future__ import annotations

import sqlite3
import time

from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from tests.viewer.catalogue import Catalogue


def test_a_page_answers_while_a_writer_holds_the_catalogue(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    with app.app_context():
        path = db.engine.url.database
    # Another process (the worker saving job progress, an editor, viewing statistics) in the
    # middle of a write transaction that has locked the file for its commit.
    writer = sqlite3.connect(str(path), isolation_level=None, timeout=0)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("UPDATE replays SET title = title || ' (modifié)'")
    try:
        started = time.monotonic()
        response = client.get(f"/replays/{catalogue.public}")
        waited = time.monotonic() - started
        assert response.status_code == 200
        assert "(modifié)" not in response.get_data(as_text=True)  # the last committed state
        assert waited < 2
    finally:
        writer.execute("ROLLBACK")
        writer.close()
