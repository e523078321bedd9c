"""Fixtures of the editor tests: one app for the folder, a copy of a processed talk per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.editor.support import clone_replay, import_talk, module_app, signed_in


@pytest.fixture(scope="package")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One embedded-default app for the editor tests (SQLite, local media, Whoosh)."""
    with module_app(tmp_path_factory.mktemp("editor")) as app:
        yield app


@pytest.fixture(scope="package")
def processed_talk(app: Flask, talk_mp4: Path, talk_vtt: Path) -> str:
    """The 12-second talk, imported and processed once for the editor tests."""
    return import_talk(
        app,
        talk_mp4,
        talk_vtt,
        title="Keynote : l'industrie",
        speaker="Claire Vasseur",
        event="Les Assises de l'Industrie 2024",
    )


@pytest.fixture
def talk(app: Flask, processed_talk: str) -> str:
    """A published talk of this test's own (a copy of the processed one), indexed."""
    return clone_replay(app, processed_talk)


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    """A client signed in as an editor."""
    return signed_in(app, "editor@example.org", "editor")
