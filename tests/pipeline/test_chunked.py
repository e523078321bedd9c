"""A long recording is transcoded in parts and published once, as if in one piece.

The threshold is set low so a 20-second source counts as long: three chunks of 6 s (three
2-second segments each, the remainder joining the last) and the part made from the whole
recording (audio, poster, storyboard). On PostgreSQL + Redis + S3, a worker killed in the
middle of a chunk has that chunk, and only it, redone by the other worker.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Job, JobState, Replay, ReplayStatus
from archive.models.enums import JobKind
from archive.storage import Storage
from media_jobs import chunks, hls
from media_jobs.errors import MediaError
from media_jobs.timeline import read_timeline
from tests.faults.conftest import worker_process
from tests.fixtures.media import generate_talk

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
        assert (
            len(jobs[JobKind.CHUNK]) == 4
        )  # three ranges of the video, and the whole-recording part
        assert len(jobs[JobKind.ASSEMBLE]) == 1
        assert all(j.state == JobState.SUCCEEDED for j in replay.jobs)
        assert all(j.parent_id == process.id for j in jobs[JobKind.CHUNK] + jobs[JobKind.ASSEMBLE])
        # Nothing but the published version folder (and the original) is left in the store.
        storage = services.storage()
        keys = storage.list_keys(f"replays/{replay.id}/")
        assert keys and all(key.startswith(replay.media_prefix) for key in keys)
        local = tmp_path / "published"
        _download(storage, replay.media_prefix, keys, local)
        renditions = [r.playlist_key for r in replay.renditions]
        assert replay.poster_key and replay.storyboard_key
        assert storage.exists(replay.media_key(replay.storyboard_key))
    _assert_plays_through_the_seams(local, renditions, FPS * SECONDS)


def test_a_chunk_that_fails_fails_the_replay_and_leaves_nothing_behind(
    make_app: Callable[..., Flask], long_enough: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encode = chunks.encode_chunk

    def third_fails(*args: object, **kwargs: object) -> object:
        if args[3].index == 2:  # type: ignore[attr-defined]
            raise MediaError("The recording could not be transcoded; it may be damaged.")
        return encode(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chunks, "encode_chunk", third_fails)
    app = make_app(chunk_threshold_s="10", chunk_seconds="6", segment_seconds="2")
    result = app.test_cli_runner().invoke(
        args=["import", str(long_enough), "--wait", "--json", "--title", "Broken"]
    )
    outcome = json.loads(result.output.strip().splitlines()[-1])
    assert outcome["status"] == "failed"
    assert outcome["error"] == "The recording could not be transcoded; it may be damaged."
    with app.app_context():
        replay = db.session.get(Replay, outcome["id"])
        assert replay is not None and replay.status == ReplayStatus.FAILED
        states = {(j.kind, j.state) for j in replay.jobs}
        assert (JobKind.PROCESS, JobState.FAILED) in states
        assert (JobKind.CHUNK, JobState.SUCCEEDED) in states  # the first two chunks were done
        assert not any(j.state in (JobState.QUEUED, JobState.RUNNING) for j in replay.jobs)
        # The chunks already stored are removed with the failed one: nothing will join them.
        assert services.storage().list_keys(f"replays/{replay.id}/") == []


def _assert_plays_through_the_seams(local: Path, renditions: list[str], frames: int) -> None:
    assert hls.verify_master(local / "hls" / "master.m3u8") == []
    for playlist in renditions:
        timeline = read_timeline(local / playlist)
        assert timeline.problems(Fraction(1, FPS)) == []
        assert len(timeline.pts) == frames


def _download(storage: object, prefix: str, keys: list[str], folder: Path) -> None:
    for key in keys:
        target = folder / key[len(prefix) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        storage.get_file(key, target)  # type: ignore[attr-defined]


def _video_chunk_running_on(app: Flask, pid: int) -> int | None:
    with app.app_context():
        rows = db.session.execute(
            db.select(Job.id, Job.parameters, Job.progress).where(
                Job.kind == JobKind.CHUNK,
                Job.state == JobState.RUNNING,
                Job.worker.like(f"%:{pid}:%"),
            )
        ).all()
        db.session.rollback()
    return next((r.id for r in rows if (r.parameters or {}).get("chunk") and r.progress > 0), None)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.s3
def test_a_chunk_whose_worker_is_killed_is_redone_alone_and_published_once(
    scale_out: Callable[..., tuple[Flask, dict[str, str]]], tmp_path: Path
) -> None:
    app, env = scale_out(
        job_heartbeat_s="1",
        job_stale_s="4",
        chunk_threshold_s="10",
        chunk_seconds="8",
        segment_seconds="2",
    )
    source = generate_talk(tmp_path / "long.mp4", size="640x360", seconds=24, preset="ultrafast")
    result = app.test_cli_runner().invoke(args=["import", str(source), "--json", "--title", "L"])
    outcome = json.loads(result.output.strip().splitlines()[-1])
    logs = tmp_path / "logs"
    logs.mkdir()
    # The first worker runs alone until it is encoding a chunk (with a second one already
    # there, that one could take every chunk first); the second starts, the first is killed.
    with worker_process(env, logs / "killed.log") as killed:
        deadline = time.monotonic() + 180
        while (victim := _video_chunk_running_on(app, killed.pid)) is None:
            assert time.monotonic() < deadline, "no chunk ever ran on the first worker"
            assert killed.poll() is None, (logs / "killed.log").read_text()[-3000:]
            time.sleep(0.05)
        with worker_process(env, logs / "steady.log"):
            killed.send_signal(signal.SIGKILL)
            killed.wait()
            job = _wait_final(app, outcome["job"], timeout=300)
            assert job.state == JobState.SUCCEEDED, (
                job.error,
                (logs / "steady.log").read_text()[-3000:],
            )
            # The assembly removes the parts' files right after the commit that publishes (they
            # are needed until then, should that commit fail): the worker stays up for it.
            with app.app_context():
                orphans = _orphans_after(services.storage(), outcome["id"], seconds=30)
    with app.app_context():
        replay = db.session.get(Replay, outcome["id"])
        assert replay is not None and replay.status == ReplayStatus.PUBLISHED
        process = next(j for j in replay.jobs if j.kind == JobKind.PROCESS)
        assert process.state == JobState.SUCCEEDED and process.attempts == 1  # not planned again
        chunk_jobs = [j for j in replay.jobs if j.kind == JobKind.CHUNK]
        assert len(chunk_jobs) == 4  # 0-8 s, 8-16 s, 16-24 s, and the whole-recording part
        assert all(j.state == JobState.SUCCEEDED for j in replay.jobs)
        # The chunk that was killed mid-encode ran twice; every other part once.
        assert {j.id: j.attempts for j in chunk_jobs} == {
            j.id: 2 if j.id == victim else 1 for j in chunk_jobs
        }
        assert [j.attempts for j in replay.jobs if j.kind == JobKind.ASSEMBLE] == [1]
        # Published once, from one version folder; no attempt left anything in the bucket.
        assert orphans == []
        storage = services.storage()
        keys = storage.list_keys("")
        uploads = storage.client.list_multipart_uploads(Bucket=storage.bucket)  # type: ignore[attr-defined]
        assert uploads.get("Uploads", []) == []
        published = [k for k in keys if k.startswith(replay.media_prefix)]
        _download(storage, replay.media_prefix, published, tmp_path / "published")
        renditions = [r.playlist_key for r in replay.renditions]
    _assert_plays_through_the_seams(tmp_path / "published", renditions, 25 * 24)


def _orphans_after(storage: Storage, replay_id: str, seconds: float) -> list[str]:
    """The keys outside the originals and the replay's published version: once there are
    none, or after ``seconds``."""
    replay = db.session.get(Replay, replay_id)
    assert replay is not None and replay.media_prefix
    kept = ("originals/", replay.media_prefix)
    deadline = time.monotonic() + seconds
    while True:
        orphans = [k for k in storage.list_keys("") if not k.startswith(kept)]
        if not orphans or time.monotonic() > deadline:
            return orphans
        time.sleep(0.2)


def _wait_final(app: Flask, public_id: str, timeout: float) -> Job:
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            job = db.session.scalar(db.select(Job).where(Job.public_id == public_id))
            assert job is not None
            if job.state not in (JobState.QUEUED, JobState.RUNNING):
                db.session.expunge(job)
                return job
        assert time.monotonic() < deadline, f"job still {job.state} after {timeout} s"
        time.sleep(0.5)
