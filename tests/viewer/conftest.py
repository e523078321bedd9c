"""Fixtures of the viewer tests: an app with a small published catalogue."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.viewer.catalogue import Catalogue, build_catalogue


@pytest.fixture
def catalogue(app: Flask) -> Catalogue:
    """The catalogue of tests.viewer.catalogue in the app's database and media store."""
    with app.app_context():
        return build_catalogue()
