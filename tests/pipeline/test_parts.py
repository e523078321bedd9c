"""The job rows of a long recording's parts: exactly one part queues the assembly, a part done
twice counts once, a failed part fails its job, and a job with parts running is neither
claimed again nor reaped (its parts are)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import Flask

from archive.extensions import db
from archive.models import Job, JobState, Replay, ReplayStatus
from archive.models.enums import JobKind
from archive.processing import job_rows, parts
from archive.times import utcnow
from media_jobs.chunks import plan_chunks
from media_jobs.probe import MediaInfo, VideoStream


def _planned(app: Flask) -> tuple[int, list[int]]:
    """A running processing job with three video parts and the whole-recording part."""
    with app.app_context():
        replay = Replay(title="Long", status=ReplayStatus.PROCESSING)
        job = Job(replay=replay, kind=JobKind.PROCESS, state=JobState.RUNNING, attempts=1)
        db.session.add_all([replay, job])
        db.session.commit()
        video = VideoStream(0, "h264", 640, 360, 640, 360, 0, 25.0, False, False, "yuv420p", 8)
        info = MediaInfo("mp4", "mov", 30.0, 1, video, [], "video")
        chunks = plan_chunks(30.0, 25.0, segment_seconds=2, chunk_seconds=10)
        ids = parts.create_parts(job, info, chunks, {}, app.config["ARCHIVE_SETTINGS"])
        return job.id, ids


def _claim(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = job_rows.claim(job_id, 60, JobKind.CHUNK)
        assert job is not None
        db.session.expunge(job)
        return job


def _complete(app: Flask, part: Job) -> int | None:
    """Complete ``part`` as the worker holding this attempt of it would."""
    attempt = SimpleNamespace(
        id=part.id,
        parent_id=part.parent_id,
        attempts=part.attempts,
        replay_id=part.replay_id,
        priority=part.priority,
    )
    with app.app_context():
        return parts.complete_part(attempt)  # type: ignore[arg-type]


def test_only_the_last_part_to_finish_queues_the_assembly(app: Flask) -> None:
    parent_id, ids = _planned(app)
    assert len(ids) == 4
    claimed = [_claim(app, part_id) for part_id in ids]
    assert [_complete(app, part) for part in claimed[:-1]] == [None, None, None]
    assemble_id = _complete(app, claimed[-1])
    with app.app_context():
        assemble = db.session.get(Job, assemble_id)
        assert assemble is not None and assemble.kind == JobKind.ASSEMBLE
        assert assemble.parent_id == parent_id and assemble.state == JobState.QUEUED


def test_a_part_delivered_twice_does_its_work_once(app: Flask) -> None:
    _parent_id, ids = _planned(app)
    first = _claim(app, ids[0])
    with app.app_context():
        assert job_rows.claim(ids[0], 60, JobKind.CHUNK) is None  # the second delivery
        assert job_rows.claim(ids[0], 60, JobKind.PROCESS) is None  # a message of another task
    _complete(app, first)
    with app.app_context():
        assert job_rows.claim(ids[0], 60, JobKind.CHUNK) is None  # done: nothing to do
    with pytest.raises(job_rows.JobCancelled):
        _complete(app, first)  # the same attempt finishing again counts nothing


def test_an_attempt_taken_over_cannot_count_its_part(app: Flask) -> None:
    _parent_id, ids = _planned(app)
    stalled = _claim(app, ids[1])
    with app.app_context():  # its heartbeat stopped: another worker takes the part over
        long_ago = utcnow() - timedelta(minutes=10)
        db.session.execute(db.update(Job).where(Job.id == ids[1]).values(heartbeat_at=long_ago))
        db.session.commit()
    successor = _claim(app, ids[1])
    assert successor.attempts == stalled.attempts + 1
    with pytest.raises(job_rows.JobCancelled):
        _complete(app, stalled)
    assert _complete(app, successor) is None  # counted once, by the attempt that owns it


def test_a_failed_part_fails_its_job_and_stops_the_others(app: Flask) -> None:
    parent_id, ids = _planned(app)
    _claim(app, ids[0])
    _claim(app, ids[1])
    with app.app_context():
        job_rows.fail(ids[1], "The recording could not be transcoded.")
        rows = {job.id: job for job in db.session.scalars(db.select(Job))}
        assert rows[parent_id].state == JobState.FAILED
        assert rows[parent_id].error == "The recording could not be transcoded."
        assert rows[ids[1]].state == JobState.FAILED
        assert {rows[i].state for i in (ids[0], ids[2], ids[3])} == {JobState.CANCELLED}
        assert rows[parent_id].replay.status == ReplayStatus.FAILED


def test_the_reaper_hands_back_a_dead_part_not_its_job(app: Flask) -> None:
    parent_id, ids = _planned(app)
    _claim(app, ids[2])
    with app.app_context():
        long_ago = utcnow() - timedelta(minutes=10)
        db.session.execute(
            db.update(Job).where(Job.id.in_([parent_id, ids[2]])).values(heartbeat_at=long_ago)
        )
        db.session.commit()
        assert job_rows.stale_jobs(60) == [ids[2]]
        assert job_rows.claim(parent_id, 60, JobKind.PROCESS) is None  # not planned again
        taken_over = job_rows.claim(ids[2], 60, JobKind.CHUNK)
        assert taken_over is not None and taken_over.attempts == 2
