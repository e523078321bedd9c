"""Highlight jobs: a range of a published replay cut, on the worker, into a new replay's original.

The editor's request only checks the range and creates the new replay and this job (see
``archive.editor.highlights``). Here the covering segments are fetched and cut with progress
(stream copy when both ends sit on keyframes, a fast re-encode otherwise); the clip is
stored as the new replay's original and handed to the normal pipeline as a processing job.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from archive import services
from archive.extensions import db
from archive.models import Job, JobState, Recording, Replay
from archive.processing.job_rows import finish
from archive.processing.progress import ProgressReporter
from archive.processing.queue import job_queue
from archive.processing.runner import run_claimed
from archive.processing.segments import (
    NoPublishedMedia,
    fetch_range,
    published_renditions,
    segment_starts,
)
from archive.processing.tasks import enqueue_job
from archive.sentences import N_
from archive.storage import Storage, StorageError, StorageUnavailable
from archive.text import slugify
from config import Settings
from media_jobs.cutting import cut_clip, on_keyframes
from media_jobs.errors import MediaError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CutPlan:
    """The renditions a range is cut from, and whether the cut is a stream copy."""

    video: str | None
    audio: str | None
    copy: bool


def plan_cut(storage: Storage, source: Replay, start: float, end: float) -> CutPlan:
    """Read the source's playlists (never its media) to see how ``start``..``end`` is cut."""
    renditions = published_renditions(storage, source)
    if renditions.video is None:
        return CutPlan(None, renditions.audio, copy=True)
    keyframes = segment_starts(storage, renditions.video)
    copy = on_keyframes(start, end, keyframes, source.duration or end)
    return CutPlan(renditions.video, renditions.audio, copy)


def highlight_parameters(source: Replay, start: float, end: float) -> dict[str, object]:
    """What a highlight job row keeps of the editor's request."""
    return {"source": source.id, "start": start, "end": end}


def run_highlight_job(job_id: int) -> None:
    """Cut one highlight job's range: a queued processing job follows, or one sentence says why not."""
    run_claimed(job_id, _cut)


def _cut(job: Job, settings: Settings) -> None:
    parameters = job.parameters or {}
    source = db.session.get(Replay, parameters.get("source"))
    if source is None:
        raise MediaError(N_("The replay this highlight was cut from no longer exists."))
    start, end = float(parameters["start"]), float(parameters["end"])
    log.info("job %s: cutting %.3f-%.3f of replay %s", job.id, start, end, source.id)
    try:
        key, size = _store_clip(source, start, end, ProgressReporter(job.id), settings)
    except StorageUnavailable:
        raise  # transient: the runner tries again
    except (NoPublishedMedia, StorageError) as err:
        # The source was unpublished, reprocessed or deleted since the editor asked.
        raise MediaError(str(err)) from None
    _hand_to_pipeline(job, key, size)


def _store_clip(
    source: Replay, start: float, end: float, report: ProgressReporter, settings: Settings
) -> tuple[str, int]:
    """Fetch the covering segments, cut them, store the clip; its key and size."""
    storage = services.storage()
    report.step("fetch", 0)
    plan = plan_cut(storage, source, start, end)
    with tempfile.TemporaryDirectory(prefix="highlight-") as tmp:
        folder = Path(tmp)
        video, audio = (
            fetch_range(storage, key, start, end, folder / f"{name}.mp4") if key else None
            for name, key in (("video", plan.video), ("audio", plan.audio))
        )
        report.step("cut", 20)
        clip = folder / "clip.mp4"
        cut_clip(
            video,
            audio,
            start,
            end,
            clip,
            copy=plan.copy,
            timeout=settings.ffmpeg_timeout_s,
            progress=report.span(20, 90),
        )
        report.step("store", 90)
        key = f"originals/{uuid.uuid4().hex}.mp4"
        storage.put_file(key, clip, content_type="video/mp4")
        return key, clip.stat().st_size


def _hand_to_pipeline(job: Job, key: str, size: int) -> None:
    """The clip becomes the new replay's recording, processed like any upload."""
    replay = job.replay
    recording = Recording(
        replay=replay,
        original_key=key,
        original_filename=f"{slugify(replay.title)}.mp4",
        size_bytes=size,
    )
    processing = Job(replay=replay, recording=recording, priority=job.priority)
    db.session.add_all([recording, processing])
    finish(job, JobState.SUCCEEDED)
    db.session.commit()
    enqueue_job(job_queue(), processing.id, priority=processing.priority)
