"""Fixtures of the access tests: one published talk per visibility, and a client per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.editor.support import import_talk, module_app, signed_in

ROLES = ("anonymous", "viewer", "editor", "admin")
VISIBILITIES = ("public", "unlisted", "private")
EVENT = "Les Assises de l'Industrie 2024"
SPEAKER = "Claire Vasseur"


@pytest.fixture(scope="package")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One embedded-default app for the access tests."""
    with module_app(tmp_path_factory.mktemp("access")) as app:
        yield app


@pytest.fixture(scope="package")
def replays(app: Flask, talk_mp4: Path, talk_vtt: Path) -> dict[str, str]:
    """The talk imported and published once per visibility: visibility → replay id."""
    return {
        visibility: import_talk(
            app,
            talk_mp4,
            talk_vtt,
            title=f"Keynote ({visibility})",
            visibility=visibility,
            event=EVENT,
            speaker=SPEAKER,
        )
        for visibility in VISIBILITIES
    }


@pytest.fixture(scope="package")
def clients(app: Flask) -> dict[str, FlaskClient]:
    """A client per role; the anonymous one never signs in."""
    anonymous = app.test_client()
    anonymous.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    signed = {role: signed_in(app, f"{role}@example.org", role) for role in ROLES[1:]}
    return {"anonymous": anonymous, **signed}
