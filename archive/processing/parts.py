"""The job rows and storage keys of a long recording processed in parts, on several workers.

The processing job plans the parts and stays running while they run: one chunk job per range
of the video and one for what is made from the whole recording (its audio, encoded once, and
its poster and storyboard, which would otherwise wait for the last chunk), each claimed,
beaten and reaped like any job, so
a killed part is redone alone. Each part writes under a prefix of its own attempt; the part
that finishes last (decided under a lock on the processing job's row) adds the assemble
job, which joins the parts, publishes, and removes every part's files.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import OperationalError

from archive.extensions import db
from archive.models import Job, JobState
from archive.models.enums import JobKind
from archive.processing.job_rows import JobCancelled
from archive.processing.progress import MIN_INTERVAL_S
from archive.processing.queue import job_queue
from archive.processing.tasks import enqueue_job
from archive.storage import Storage, StorageError, StorageUnavailable
from archive.times import utcnow
from config import Settings
from media_jobs.chunks import Chunk
from media_jobs.probe import MediaInfo

log = logging.getLogger(__name__)

#: The part made from the whole recording: audio, poster, storyboard (chunks count from 0).
WHOLE_PART = "whole"
#: Share of the processing job's progress bar: planning before, assembling after.
PLANNED_AT, PARTS_DONE_AT = 5, 90
#: The audio and pictures cost a fraction of a ladder's video: their weight in the progress.
_WHOLE_WEIGHT = 0.15


def wanted(info: MediaInfo, settings: Settings) -> bool:
    """Whether the recording is long enough to be transcoded in parts."""
    return info.video is not None and info.duration > settings.chunk_threshold_s


def create_parts(
    job: Job, info: MediaInfo, chunks: list[Chunk], loudness: dict[str, float], settings: Settings
) -> list[int]:
    """Add the chunk jobs of ``job`` (rows of an earlier try are dropped); returns their ids."""
    db.session.execute(delete(Job).where(Job.parent_id == job.id))
    common = {"segment_seconds": settings.segment_seconds, "loudness": loudness}
    ends = [chunk.start for chunk in chunks[1:]] + [info.duration]
    # The whole-recording part is the longest: queued first, it does not hold the end back.
    rows = [_part(job, part=WHOLE_PART, weight=_WHOLE_WEIGHT * info.duration, **common)]
    rows += [
        _part(job, part=chunk.index, chunk=chunk.as_dict(), weight=end - chunk.start, **common)
        for chunk, end in zip(chunks, ends, strict=True)
    ]
    db.session.add_all(rows)
    job.step, job.progress, job.heartbeat_at = "transcode", PLANNED_AT, utcnow()
    db.session.commit()
    return [row.id for row in rows]


def _part(job: Job, **parameters: object) -> Job:
    return Job(
        kind=JobKind.CHUNK,
        parent_id=job.id,
        replay_id=job.replay_id,
        priority=job.priority,
        parameters=parameters,
    )


def enqueue_parts(job_ids: list[int], priority: int) -> None:
    """Hand the chunk jobs to the workers (a lost message is queued again by the reaper)."""
    huey = job_queue()
    for job_id in job_ids:
        enqueue_job(huey, job_id, priority=priority, kind=JobKind.CHUNK)


def queued_parts(parent_id: int, kind: JobKind) -> list[int]:
    """Ids of the queued parts of one kind of a processing job, in order."""
    return list(
        db.session.scalars(
            db.select(Job.id)
            .where(Job.parent_id == parent_id, Job.kind == kind, Job.state == JobState.QUEUED)
            .order_by(Job.id)
        )
    )


def parts_prefix(parent: Job) -> str:
    """Where the parts of one try of ``parent`` write; under its own version prefixes, so a
    new try of the processing job clears them like any abandoned output."""
    return f"replays/{parent.replay_id}/v{parent.id}-{parent.attempts}-parts/"


def part_name(part: Job) -> str:
    """``whole`` or ``video-007``."""
    name = (part.parameters or {})["part"]
    return WHOLE_PART if name == WHOLE_PART else f"video-{int(name):03d}"


def part_prefix(part: Job, parent: Job) -> str:
    """The prefix one attempt of a part writes to."""
    return f"{parts_prefix(parent)}{part_name(part)}-a{part.attempts}/"


def output_prefix(assemble: Job, parent: Job) -> str:
    """The version prefix one attempt of the assemble job publishes."""
    return f"replays/{parent.replay_id}/v{parent.id}-{parent.attempts}-a{assemble.attempts}/"


def chunk_of(part: Job) -> Chunk | None:
    """The video range a part encodes; None for the whole-recording part."""
    values = (part.parameters or {}).get("chunk")
    return Chunk.from_dict(values) if values else None


def video_chunk(part: Job) -> Chunk:
    """The video range of a part that has one."""
    chunk = chunk_of(part)
    assert chunk is not None, f"part {part.id} encodes no video range"
    return chunk


def planned(part: Job) -> dict[str, Any]:
    """What the plan gave a part: segment length, loudness measured, its range."""
    return part.parameters or {}


def parent_of(part: Job) -> Job:
    """The processing job a part belongs to; JobCancelled when it stopped running."""
    parent = part.parent
    if parent is None or parent.state != JobState.RUNNING:
        finish_part(part, JobState.CANCELLED)
        raise JobCancelled(f"Job {part.parent_id} is no longer running.")
    return parent


def finish_part(part: Job, state: JobState) -> None:
    """End a part (a duplicate or a cancelled one) without touching the others."""
    db.session.execute(
        update(Job)
        .where(Job.id == part.id, Job.state == JobState.RUNNING, Job.attempts == part.attempts)
        .values(state=state, finished_at=utcnow(), worker=None)
    )
    db.session.commit()


def complete_part(part: Job) -> int | None:
    """Record a part as done; returns the assemble job's id when it was the last one.

    Every part takes the processing job's row lock first, so two parts finishing together
    are counted one after the other and exactly one of them sees none left.
    """
    db.session.execute(db.select(Job.id).where(Job.id == part.parent_id).with_for_update())
    done = db.session.execute(
        update(Job)
        .where(Job.id == part.id, Job.state == JobState.RUNNING, Job.attempts == part.attempts)
        .values(state=JobState.SUCCEEDED, progress=100, finished_at=utcnow(), worker=None)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise JobCancelled(f"Job {part.id} was taken over or stopped.")
    siblings = db.session.execute(
        db.select(Job.kind, Job.state).where(Job.parent_id == part.parent_id)
    ).all()
    last = all(s.state == JobState.SUCCEEDED for s in siblings if s.kind == JobKind.CHUNK)
    if not last or any(s.kind == JobKind.ASSEMBLE for s in siblings):
        db.session.commit()
        return None
    assemble = Job(
        kind=JobKind.ASSEMBLE,
        parent_id=part.parent_id,
        replay_id=part.replay_id,
        priority=part.priority,
    )
    db.session.add(assemble)
    db.session.commit()
    return assemble.id


def finished_parts(parent: Job) -> tuple[list[Job], Job]:
    """The video parts in order and the whole-recording part of ``parent``, all done."""
    parts = db.session.scalars(
        db.select(Job).where(Job.parent_id == parent.id, Job.kind == JobKind.CHUNK)
    ).all()
    if any(part.state != JobState.SUCCEEDED for part in parts):
        raise JobCancelled(f"Job {parent.id} has parts that did not finish.")
    video = sorted((p for p in parts if chunk_of(p) is not None), key=lambda p: part_name(p))
    whole = next(p for p in parts if chunk_of(p) is None)
    return video, whole


def fetch_part(storage: Storage, prefix: str, folder: Path) -> None:
    """Download the files a part stored under ``prefix`` into ``folder``."""
    for key in storage.list_keys(prefix):
        target = folder / key[len(prefix) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        storage.get_file(key, target)


@contextmanager
def discarded_on_failure(storage: Storage, parent: Job, own_prefix: str) -> Iterator[None]:
    """Remove what a part (or the assembly) stored when it fails; when the whole job is over
    (failed or cancelled), remove every part's files too: nothing will ever join them."""
    try:
        yield
    except (StorageUnavailable, OperationalError):
        raise  # retried in place by the runner: what the other parts stored is still wanted
    except JobCancelled:
        db.session.rollback()
        over = db.session.scalar(db.select(Job.state).where(Job.id == parent.id))
        _delete(storage, own_prefix, *([] if over == JobState.RUNNING else [parts_prefix(parent)]))
        raise
    except Exception:
        _delete(storage, own_prefix, parts_prefix(parent))  # the runner fails the whole job
        raise


def _delete(storage: Storage, *prefixes: str) -> None:
    for prefix in prefixes:
        try:
            storage.delete_prefix(prefix)
        except StorageError:
            log.warning("could not remove %s after a failed part", prefix)


class PartProgress:
    """A part's progress on its own row, and the sum of all parts on the processing job's.

    The dashboard and the API read the processing job: its bar moves with every part, and its
    heartbeat too. Raises JobCancelled when the processing job stopped running.
    """

    def __init__(self, part: Job) -> None:
        self.part_id = part.id
        self.parent_id = part.parent_id
        self._last_write = 0.0

    def span(self) -> Callable[[float], None]:
        """A 0..1 callback for the part's encode."""

        def update_rows(fraction: float) -> None:
            if time.monotonic() - self._last_write >= MIN_INTERVAL_S or fraction >= 1:
                self.write(int(100 * max(0.0, min(1.0, fraction))))

        return update_rows

    def write(self, percent: int) -> None:
        """Save ``percent`` on the part and the weighted sum on the processing job."""
        self._last_write = time.monotonic()
        db.session.execute(
            update(Job)
            .where(Job.id == self.part_id, Job.state == JobState.RUNNING)
            .values(progress=percent, heartbeat_at=utcnow())
        )
        rows = db.session.execute(
            db.select(Job.progress, Job.parameters).where(
                Job.parent_id == self.parent_id, Job.kind == JobKind.CHUNK
            )
        ).all()
        total = sum(_weight(row.parameters) for row in rows) or 1.0
        done = sum(_weight(row.parameters) * row.progress for row in rows) / total
        overall = PLANNED_AT + round((PARTS_DONE_AT - PLANNED_AT) * done / 100)
        parent = db.session.execute(
            update(Job)
            .where(Job.id == self.parent_id, Job.state == JobState.RUNNING)
            .values(progress=overall, heartbeat_at=utcnow())
        )
        db.session.commit()
        if parent.rowcount != 1:  # type: ignore[attr-defined]
            raise JobCancelled(f"Job {self.parent_id} is no longer running.")


def _weight(parameters: dict[str, object] | None) -> float:
    weight = (parameters or {}).get("weight")
    return float(weight) if isinstance(weight, int | float) else 1.0
