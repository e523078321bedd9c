"""A long recording is transcoded in parts and published once, as if in one piece.

The threshold is set low so a 20-second source counts as long: three chunks of 6 s (three
2-second segments each, the remainder joining the last) and the audio part.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import JobState, Replay, ReplayStatus
from archive.models.enums import JobKind
from media_jobs import hls
from media_jobs.timeline import read_timeline

FPS = 25
SECONDS = 20


@pytest.fixture(scope="module")
def long_enough(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 s of 480x270 at 25 fps with a tone."""
    path = tmp_path_factory.mktemp("chunked") / "talk.mp4"
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=480x270:rate={FPS}:duration={SECONDS}",
            "-f", "lavfi", "-i", f"sine=frequency=300:duration={SECONDS}",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "250",
            "-c:a", "aac", "-shortest", str(path),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path


def test_a_long_recording_is_transcoded_in_parts_and_published_once(
    make_app: Callable[..., Flask], long_enough: Path, tmp_path: Path
) -> None:
    app = make_app(chunk_threshold_s="10", chunk_seconds="6", segment_seconds="2")
    result = app.test_cli_runner().invoke(
        args=["import", str(long_enough), "--wait", "--json", "--title", "Long"]
    )
    outcome = json.loads(result.output.strip().splitlines()[-1])
    assert outcome["status"] == "published", outcome
    with app.app_context():
        replay = db.session.get(Replay, outcome["id"])
        assert replay is not None and replay.status == ReplayStatus.PUBLISHED
        jobs = {job.kind: [] for job in replay.jobs}
        for job in replay.jobs:
            jobs[job.kind].append(job)
        (process,) = jobs[JobKind.PROCESS]
        assert process.state == JobState.SUCCEEDED and process.progress == 100
        assert len(jobs[JobKind.CHUNK]) == 4  # three ranges of the video, and the audio
        assert len(jobs[JobKind.ASSEMBLE]) == 1
        assert all(j.state == JobState.SUCCEEDED for j in replay.jobs)
        assert all(j.parent_id == process.id for j in jobs[JobKind.CHUNK] + jobs[JobKind.ASSEMBLE])
        # Nothing but the published version folder (and the original) is left in the store.
        storage = services.storage()
        keys = storage.list_keys(f"replays/{replay.id}/")
        assert keys and all(key.startswith(replay.media_prefix) for key in keys)
        local = tmp_path / "published"
        for key in keys:
            target = local / key[len(replay.media_prefix) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            storage.get_file(key, target)
        renditions = [r.playlist_key for r in replay.renditions]
        assert replay.poster_key and replay.storyboard_key
        assert storage.exists(replay.media_key(replay.storyboard_key))
    assert hls.verify_master(local / "hls" / "master.m3u8") == []
    frame = Fraction(1, FPS)
    for playlist in renditions:
        timeline = read_timeline(local / playlist)
        assert timeline.problems(frame) == []
        assert len(timeline.pts) == FPS * SECONDS
        assert len(timeline.segment_starts) == SECONDS // 2
