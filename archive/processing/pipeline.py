"""The media pipeline, top to bottom: probe → plan → transcode → thumbnails → store → publish →
index → (speech to text, as its own job, when the replay has no transcript).

A video longer than ``ARCHIVE_CHUNK_THRESHOLD_S`` is transcoded in parts on as many workers as
are free: probe → plan (loudness measured once, chunks cut on segment boundaries) → one chunk
job per range of the video, and one for the audio, poster and storyboard (made from the whole
recording) → assemble (queued by the last part to finish: join, download MP4, store) →
publish → index, as above.

``run_job`` is what a worker (or ``import --wait``) calls with a job id; the job row says whether
there is work to do, so a task delivered twice does its work once.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from archive import services
from archive.extensions import db
from archive.models import Job, JobState
from archive.models.enums import JobKind
from archive.processing import job_rows, parts
from archive.processing.progress import ProgressReporter
from archive.processing.publish import Outputs, publish, record_probe
from archive.processing.queue import job_queue
from archive.processing.reindex import replay_changed
from archive.processing.runner import run_claimed
from archive.processing.store import store_outputs
from archive.processing.tasks import enqueue_job
from archive.processing.transcription import (
    NothingToTranscribe,
    automatic_transcription_wanted,
    enqueue_transcription,
    request_transcription,
)
from config import Settings
from media_jobs import chunks, loudness
from media_jobs.ladder import Ladder, plan_ladder
from media_jobs.probe import MediaInfo, probe
from media_jobs.thumbnails import VTT_NAME, make_audio_cover, make_poster, make_storyboard
from media_jobs.transcode import transcode

log = logging.getLogger(__name__)
POSTER = "poster.jpg"


def run_job(job_id: int, *, parts_here: bool = True) -> None:
    """Process one job to the end: published, failed with one sentence, or left to others.

    A long recording's parts are queued for every free worker; with ``parts_here`` (the
    foreground of ``import --wait``, where no worker may run) they are also done here.
    """
    run_claimed(job_id, _process, JobKind.PROCESS)
    if parts_here:
        _run_parts_here(job_id)


def run_part_job(job_id: int) -> None:
    """Encode one part of a long recording (a chunk job); the last part queues the assembly."""
    run_claimed(job_id, _encode_part, JobKind.CHUNK)


def run_assemble_job(job_id: int) -> None:
    """Join a long recording's parts and publish its replay (an assemble job)."""
    run_claimed(job_id, _assemble, JobKind.ASSEMBLE)


def _run_parts_here(job_id: int) -> None:
    """Run the parts of ``job_id`` still queued in this process, then its assembly."""
    for kind, run in ((JobKind.CHUNK, run_part_job), (JobKind.ASSEMBLE, run_assemble_job)):
        for part_id in parts.queued_parts(job_id, kind):
            run(part_id)


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
        if parts.wanted(info, settings):
            _plan_parts(job, source, info, ladder, settings, report)
            return  # the parts carry on: _encode_part, then _assemble
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
    _publish(job, Outputs(prefix, result, poster, storyboard), info, report)


def _plan_parts(
    job: Job,
    source: Path,
    info: MediaInfo,
    ladder: Ladder,
    settings: Settings,
    report: ProgressReporter,
) -> None:
    """Measure the loudness once, cut the video on segment boundaries, queue one job per part."""
    report.step("plan", 2)
    measured = (
        loudness.measure(source, info, timeout=settings.ffmpeg_timeout_s) if info.audio else {}
    )
    planned = chunks.plan_chunks(
        info.duration,
        ladder.fps,
        segment_seconds=settings.segment_seconds,
        chunk_seconds=settings.chunk_seconds,
    )
    part_ids = parts.create_parts(job, info, planned, measured, settings)
    log.info("job %s: %s parts queued for %.0f s of video", job.id, len(part_ids), info.duration)
    parts.enqueue_parts(part_ids, job.priority)


def _encode_part(part: Job, settings: Settings) -> None:
    """Encode one range of the video to every rung, or the audio and pictures; store; count."""
    parent = parts.parent_of(part)
    storage = services.storage()
    prefix = parts.part_prefix(part, parent)
    # A killed earlier attempt of this part may have left files: nothing will read them.
    storage.delete_prefix(prefix.rsplit("-a", 1)[0] + "-a")
    recording = parent.recording
    assert recording is not None, "a processing job always has a recording"
    progress = parts.PartProgress(part).span()
    with (
        parts.discarded_on_failure(storage, parent, prefix),
        storage.local_copy(recording.original_key) as source,
        tempfile.TemporaryDirectory(prefix="replay-part-") as tmp,
    ):
        out, timeout = Path(tmp), settings.ffmpeg_timeout_s
        info = probe(source, timeout=settings.probe_timeout_s)
        ladder = plan_ladder(info, segment_seconds=parts.planned(part)["segment_seconds"])
        chunk = parts.chunk_of(part)
        if chunk is not None:
            chunks.encode_chunk(
                source, info, ladder, chunk, out, timeout=timeout, progress=progress
            )
        else:
            measured = parts.planned(part)["loudness"]
            chunks.encode_audio(
                source, info, ladder, measured, out, timeout=timeout, progress=progress
            )
            _thumbnails(source, info, out, settings, parent.replay.title)
        store_outputs(storage, prefix, out, last=[])
        assemble_id = parts.complete_part(part)  # JobCancelled: another attempt counted it
    if assemble_id is not None:
        enqueue_job(job_queue(), assemble_id, priority=part.priority, kind=JobKind.ASSEMBLE)


def _assemble(assemble: Job, settings: Settings) -> None:
    """Join the parts into the renditions a one-piece transcode writes, then publish."""
    parent = parts.parent_of(assemble)
    storage = services.storage()
    prefix = parts.output_prefix(assemble, parent)
    storage.delete_prefix(prefix.rsplit("-a", 1)[0] + "-a")  # a killed earlier attempt's
    report = ProgressReporter(parent.id)
    recording = parent.recording
    assert recording is not None, "a processing job always has a recording"
    video, whole = parts.finished_parts(parent)
    with (
        parts.discarded_on_failure(storage, parent, prefix),
        storage.local_copy(recording.original_key) as source,
        tempfile.TemporaryDirectory(prefix="replay-assemble-") as tmp,
    ):
        out = Path(tmp) / "out"
        report.step("assemble", parts.PARTS_DONE_AT)
        info = probe(source, timeout=settings.probe_timeout_s)
        ladder = plan_ladder(info, segment_seconds=parts.planned(whole)["segment_seconds"])
        parts.fetch_part(storage, parts.part_prefix(whole, parent), out)  # audio, pictures
        joined = []
        for part in video:
            folder = Path(tmp) / parts.part_name(part)
            parts.fetch_part(storage, parts.part_prefix(part, parent), folder)
            joined.append((parts.video_chunk(part), folder))
        result = chunks.join_chunks(
            joined,
            info,
            ladder,
            parts.planned(whole)["loudness"],
            out,
            timeout=settings.ffmpeg_timeout_s,
        )
        storyboard = VTT_NAME if (out / VTT_NAME).is_file() else None
        report.step("store", 95)
        store_outputs(storage, prefix, out, last=[result.master_playlist])
    job_rows.finish(assemble, JobState.SUCCEEDED)  # committed with the publication
    _publish(parent, Outputs(prefix, result, POSTER, storyboard), info, report)
    storage.delete_prefix(parts.parts_prefix(parent))


def _publish(job: Job, outputs: Outputs, info: MediaInfo, report: ProgressReporter) -> None:
    report.step("publish", 97)
    previous = publish(job, info, outputs)
    # Indexed before the commit that shows the job succeeded: whoever sees it published finds
    # its words (search checks hits against the catalogue, so a failed commit shows nothing).
    replay_changed(job.replay_id, index_now=True)
    db.session.commit()
    if previous:
        services.storage().delete_prefix(previous)
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
        make_audio_cover(info, out / POSTER, title=title)
        return POSTER, None
    make_poster(source, info, out / POSTER, timeout=settings.probe_timeout_s * 2)
    _sprite, vtt = make_storyboard(source, info, out, timeout=settings.ffmpeg_timeout_s)
    return POSTER, vtt
