"""The media pipeline, top to bottom: probe → plan → transcode → thumbnails → store → publish →
index → (speech to text, as its own job, when the replay has no transcript).

``run_job`` is what a worker (or ``import --wait``) calls with a job id; the job row says whether
there is work to do, so a task delivered twice does its work once.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from archive import services
from archive.extensions import db
from archive.models import Job
from archive.processing.progress import ProgressReporter
from archive.processing.publish import Outputs, publish, record_probe
from archive.processing.reindex import replay_changed
from archive.processing.runner import run_claimed
from archive.processing.store import store_outputs
from archive.processing.transcription import (
    NothingToTranscribe,
    automatic_transcription_wanted,
    enqueue_transcription,
    request_transcription,
)
from config import Settings
from media_jobs.ladder import plan_ladder
from media_jobs.probe import MediaInfo, probe
from media_jobs.thumbnails import make_audio_cover, make_poster, make_storyboard
from media_jobs.transcode import transcode

log = logging.getLogger(__name__)


def run_job(job_id: int) -> None:
    """Process one job to the end: published, failed with one sentence, or left to others."""
    run_claimed(job_id, _process)


def _process(job: Job, settings: Settings) -> None:
    log.info("job %s: processing replay %s", job.id, job.replay_id)
    storage = services.storage()
    report = ProgressReporter(job.id)
    recording = job.recording
    assert recording is not None, "a processing job always has a recording"
    prefix = f"replays/{job.replay_id}/v{job.id}-{job.attempts}/"
    # A killed earlier attempt of this job may have left objects behind: nothing references them.
    storage.delete_prefix(f"replays/{job.replay_id}/v{job.id}-")
    with (
        storage.local_copy(recording.original_key) as source,
        tempfile.TemporaryDirectory(prefix="replay-job-") as tmp,
    ):
        out = Path(tmp)
        report.step("probe", 0)
        info = probe(
            source,
            timeout=settings.probe_timeout_s,
            max_duration=settings.max_duration_s,
            max_bytes=settings.max_upload_bytes,
        )
        record_probe(job, info)
        ladder = plan_ladder(info, segment_seconds=settings.segment_seconds)
        report.step("transcode", 2)
        result = transcode(
            source,
            info,
            ladder,
            out,
            timeout=settings.ffmpeg_timeout_s,
            progress=report.span(2, 85),
        )
        report.step("thumbnails", 85)
        poster, storyboard = _thumbnails(source, info, out, settings, job.replay.title)
        report.step("store", 90)
        store_outputs(storage, prefix, out, last=[result.master_playlist])
    report.step("publish", 97)
    previous = publish(job, info, Outputs(prefix, result, poster, storyboard))
    # Indexed before the commit that shows the job succeeded: whoever sees it published finds
    # its words (search checks hits against the catalogue, so a failed commit shows nothing).
    replay_changed(job.replay_id, index_now=True)
    db.session.commit()
    if previous:
        storage.delete_prefix(previous)
    _transcribe_if_needed(job)


def _transcribe_if_needed(job: Job) -> None:
    """A replay published without any transcript is queued for speech to text."""
    replay = job.replay
    if not automatic_transcription_wanted(replay):
        return
    parameters = job.parameters or {}
    try:
        enqueue_transcription(
            request_transcription(
                replay,
                language=parameters.get("spoken_language"),
                model=parameters.get("asr_model"),
            )
        )
    except NothingToTranscribe as err:
        log.info("job %s: no transcription: %s", job.id, err)


def _thumbnails(
    source: Path, info: MediaInfo, out: Path, settings: Settings, title: str
) -> tuple[str, str | None]:
    if info.video is None:
        make_audio_cover(info, out / "poster.jpg", title=title)
        return "poster.jpg", None
    make_poster(source, info, out / "poster.jpg", timeout=settings.probe_timeout_s * 2)
    _sprite, vtt = make_storyboard(source, info, out, timeout=settings.ffmpeg_timeout_s)
    return "poster.jpg", vtt
