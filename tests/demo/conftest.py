"""Fixtures of the demo generator tests: one real demo recording, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.demo import DEMO_REPLAYS, DemoMedia, DemoReplay, build_demo_media


@pytest.fixture(scope="session")
def shortest_replay() -> DemoReplay:
    """The demo replay with the least to say, so building it is quick."""
    return min(DEMO_REPLAYS, key=lambda replay: sum(len(line.text) for line in replay.lines))


@pytest.fixture(scope="session")
def demo_out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the demo recording is generated into."""
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="session")
def demo_media(shortest_replay: DemoReplay, demo_out_dir: Path) -> DemoMedia:
    """The generated recording and transcript of the shortest demo replay."""
    return build_demo_media(shortest_replay, demo_out_dir)
