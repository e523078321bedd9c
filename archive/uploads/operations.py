"""Bringing a recording in: validate, store the original, create the rows, hand it to the pipeline.

The web upload form and ``replay-archive import`` both call :func:`import_recording`.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from archive import services
from archive.catalogue.operations import get_or_create_event, get_or_create_speaker
from archive.extensions import db
from archive.models import Job, Recording, Replay, ReplayStatus, SessionType, Visibility
from archive.processing.queue import job_queue
from archive.processing.tasks import enqueue_job
from archive.transcripts import TranscriptError, parse_transcript
from archive.uploads.transcripts import attach_transcript

#: File name endings kept on stored originals; anything else is stored without one.
KNOWN_SUFFIXES = frozenset(
    ".mp4 .m4v .mov .mkv .webm .avi .ts .mts .m2ts .mpg .mpeg .flv .mxf .wmv .3gp "
    ".m4a .mp3 .wav .flac .ogg .oga .opus .aac".split()
)
LANGUAGES = ("fr", "en")


class InvalidImport(ValueError):
    """The request cannot be imported; the message is one sentence for the user."""


@dataclass
class ImportRequest:
    """What an editor or the CLI asks to import."""

    media: Path
    title: str | None = None
    transcript: Path | None = None
    event: str | None = None
    speakers: list[str] = field(default_factory=list)
    language: str = "fr"
    visibility: Visibility = Visibility.PUBLIC
    session_type: SessionType = SessionType.TALK
    description: str = ""
    recorded_on: date | None = None
    original_filename: str | None = None
    #: queue priority (higher first); None picks one from the recording's size
    priority: int | None = None


def validate(request: ImportRequest) -> None:
    """Refuse a request that cannot work, before anything is created."""
    media = request.media
    if not media.exists():
        raise InvalidImport(f"The recording {media.name!r} does not exist.")
    if not media.is_file():
        raise InvalidImport(f"The recording {media.name!r} is not a regular file.")
    size = media.stat().st_size
    if size > services.settings().max_upload_bytes:
        raise InvalidImport(f"The recording {media.name!r} is larger than the configured limit.")
    if request.language not in LANGUAGES:
        raise InvalidImport(f"The language must be one of {', '.join(LANGUAGES)}.")
    if request.transcript is not None and not request.transcript.is_file():
        raise InvalidImport(f"The transcript {request.transcript.name!r} does not exist.")
    if request.title is not None and not request.title.strip():
        raise InvalidImport("The title must not be empty.")


def import_recording(request: ImportRequest) -> tuple[Replay, Job | None]:
    """Create the replay and, when its transcript is valid, a queued processing job."""
    validate(request)
    replay = replay_with_transcript(request)
    if replay.status == ReplayStatus.FAILED:
        return replay, None
    suffix = request.media.suffix.lower()
    # The key is ours alone: the editor's file name never reaches storage or ffmpeg.
    key = f"originals/{uuid.uuid4().hex}{suffix if suffix in KNOWN_SUFFIXES else ''}"
    services.storage().put_file(key, request.media, content_type="application/octet-stream")
    job = add_processing_job(replay, request, key, request.media.stat().st_size)
    db.session.commit()
    return replay, job


def replay_with_transcript(request: ImportRequest) -> Replay:
    """A new replay with its transcript; FAILED and committed when the transcript is invalid."""
    replay = new_replay(request)
    if request.transcript is None:
        return replay
    try:
        parsed = parse_transcript(request.transcript)
    except TranscriptError as err:
        replay.status = ReplayStatus.FAILED
        replay.error = f"The transcript is invalid: {err}."
        db.session.commit()
        return replay
    attach_transcript(replay, parsed, request.language)
    return replay


def add_processing_job(replay: Replay, request: ImportRequest, key: str, size: int) -> Job:
    """The recording row for the original stored under ``key``, and its queued job."""
    recording = Recording(
        replay=replay,
        original_key=key,
        original_filename=(request.original_filename or request.media.name)[:300],
        size_bytes=size,
    )
    priority = request.priority if request.priority is not None else priority_for_size(size)
    job = Job(replay=replay, recording=recording, priority=priority)
    db.session.add_all([recording, job])
    db.session.flush()
    return job


def priority_for_size(size: int) -> int:
    """Smaller recordings first, so a short new upload does not wait behind a long backlog.

    100 up to 64 MiB, then 12.5 less each time the size doubles: 50 at 1 GiB, 0 from 16 GiB.
    """
    mib = max(size / 2**20, 64.0)
    return max(0, 100 - int(12.5 * math.log2(mib / 64)))


def enqueue(job: Job) -> str:
    """Hand a queued job to the workers; returns the queue's task id."""
    return enqueue_job(job_queue(), job.id, priority=job.priority)


def new_replay(request: ImportRequest) -> Replay:
    """A processing replay with the request's metadata, event and speakers (not committed)."""
    replay = Replay(
        title=(request.title or request.media.stem).strip()[:300],
        description=request.description,
        language=request.language,
        visibility=request.visibility,
        session_type=request.session_type,
        recorded_on=request.recorded_on,
        status=ReplayStatus.PROCESSING,
    )
    db.session.add(replay)
    if request.event:
        replay.event = get_or_create_event(request.event)
    for name in request.speakers:
        speaker = get_or_create_speaker(name)
        if speaker not in replay.speakers:
            replay.speakers.append(speaker)
    db.session.flush()
    return replay
