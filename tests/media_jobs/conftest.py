"""Fixtures for the media side: the generated corpus and transcodes shared by the session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from media_jobs.ladder import Ladder, plan_ladder
from media_jobs.probe import MediaInfo, probe
from media_jobs.transcode import TranscodeResult, transcode
from tests.media_jobs.corpus import Corpus


@dataclass(frozen=True)
class Transcoded:
    """One corpus recording taken through probe, plan and transcode."""

    source: Path
    info: MediaInfo
    ladder: Ladder
    out_dir: Path
    result: TranscodeResult
    progress: list[float]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The tiny generated recordings, each made on first use."""
    return Corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def transcoded(
    corpus: Corpus, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Transcoded]:
    """Transcode a corpus recording once per session and hand back everything about it."""
    done: dict[str, Transcoded] = {}

    def get(name: str) -> Transcoded:
        if name not in done:
            source = corpus(name)
            info = probe(source)
            ladder = plan_ladder(info)
            out_dir = tmp_path_factory.mktemp("out-" + name.replace(".", "-"))
            progress: list[float] = []
            result = transcode(source, info, ladder, out_dir, timeout=300, progress=progress.append)
            done[name] = Transcoded(source, info, ladder, out_dir, result, progress)
        return done[name]

    return get
