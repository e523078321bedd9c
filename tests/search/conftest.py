"""Fixtures of the search tests: a real Whoosh index in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.search.engine.documents import ReplayDoc
from archive.search.engine.index import SearchIndex
from tests.search.judged import load_replays


@pytest.fixture(scope="session")
def judged_replays() -> list[ReplayDoc]:
    """The fictional sessions of tests/data/search."""
    return load_replays()


@pytest.fixture(scope="session")
def judged_index(
    tmp_path_factory: pytest.TempPathFactory, judged_replays: list[ReplayDoc]
) -> SearchIndex:
    """One index of the judged sessions, shared by the tests that only read it."""
    index = SearchIndex(tmp_path_factory.mktemp("judged-index"))
    index.rebuild(judged_replays)
    return index


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """A folder for an index of the test's own."""
    return tmp_path / "index"


@pytest.fixture
def index(index_dir: Path) -> SearchIndex:
    """An empty index of the test's own, with a short lock timeout."""
    return SearchIndex(index_dir, lock_timeout=0.3)
