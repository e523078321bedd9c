"""Static files travel compressed and are cached for a year when their URL names a version."""

from __future__ import annotations

import gzip

from flask.testing import FlaskClient

from archive import PROJECT_ROOT
from tests.viewer.html import Page


def test_scripts_are_gzipped_and_versioned(client: FlaskClient) -> None:
    page = Page(client.get("/").get_data(as_text=True))
    (stylesheet,) = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert stylesheet.startswith("/assets/css/site.css?v=")
    response = client.get(stylesheet, headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    source = (PROJECT_ROOT / "archive" / "static" / "css" / "site.css").read_bytes()
    assert gzip.decompress(response.data) == source
    plain = client.get(stylesheet)
    assert "Content-Encoding" not in plain.headers and plain.data == source
    again = client.get(
        stylesheet, headers={"If-None-Match": response.headers["ETag"], "Accept-Encoding": "gzip"}
    )
    assert again.status_code == 304


def test_unknown_or_escaping_paths_are_404(client: FlaskClient) -> None:
    assert client.get("/assets/js/nothing.js").status_code == 404
    assert client.get("/assets/../config.py").status_code == 404
    assert client.get("/assets/%2e%2e/config.py").status_code == 404
