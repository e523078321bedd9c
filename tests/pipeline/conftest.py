"""Fixtures of the pipeline tests: one embedded instance and the generated corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.media_jobs.corpus import Corpus


@pytest.fixture(scope="session")
def pipeline_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One embedded instance for the whole corpus."""
    from archive import create_app
    from archive.instance import init_instance
    from config import Settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "ARCHIVE_INSTANCE_DIR", str(tmp_path_factory.mktemp("corpus-app") / "instance")
        )
        patch.setenv("ARCHIVE_SECRET_KEY", "corpus-secret")
        patch.setenv("ARCHIVE_ENV", "testing")
        app = create_app(Settings.from_env(), {"TESTING": True})
        with app.app_context():
            list(init_instance())
        yield app


@pytest.fixture(scope="session")
def pipeline_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The media tests' generated corpus, made again in this module's folder."""
    return Corpus(tmp_path_factory.mktemp("pipeline-corpus"))


def import_wait(app: Flask, path: Path) -> tuple[int, dict]:
    """``replay-archive import PATH --wait --json``: exit status and outcome."""
    result = app.test_cli_runner().invoke(args=["import", str(path), "--wait", "--json"])
    return result.exit_code, json.loads(result.output.strip().splitlines()[-1])
