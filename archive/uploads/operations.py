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
from archive.models import (
    Job,
    JobState,
    Recording,
    Replay,
    ReplayStatus,
    SessionType,
    Visibility,
)
from archive.processing.queue import job_queue
from archive.processing.tasks import enqueue_job
from archive.sentences import N_
from archive.transcripts import (
    ParsedTranscript,
    TranscriptError,
    UnsupportedLanguage,
    parse_transcript,
    track_language,
)
from archive.uploads.transcripts import attach_transcript

#: File name endings kept on stored originals; anything else is stored without one.
KNOWN_SUFFIXES = frozenset(
    ".mp4 .m4v .mov .mkv .webm .avi .ts .mts .m2ts .mpg .mpeg .flv .mxf .wmv .3gp "
    ".m4a .mp3 .wav .flac .ogg .oga .opus .aac".split()
)
LANGUAGES = ("fr", "en")


class InvalidImport(ValueError):
    """The request cannot be imported; the message is one sentence for the user."""


class ReplayBusy(InvalidImport):
    """The replay's current recording is still being processed."""


@dataclass
class ImportRequest:
    """What an editor or the CLI asks to import."""

    media: Path
    title: str | None = None
    #: transcript files, one track per language (``name.LANG.ext``, a WebVTT ``Language:``
    #: header, else ``language``)
    transcripts: list[Path] = field(default_factory=list)
    event: str | None = None
    speakers: list[str] = field(default_factory=list)
    #: what is spoken; None when nobody said (speech to text then detects it)
    language: str | None = None
    visibility: Visibility = Visibility.PUBLIC
    session_type: SessionType = SessionType.TALK
    description: str = ""
    recorded_on: date | None = None
    original_filename: str | None = None
    #: queue priority (higher first); None picks one from the recording's size
    priority: int | None = None
    #: an existing replay (a draft, or a published one whose recording is replaced)
    replay_id: str | None = None
    #: the speech-to-text model for this replay when it has no transcript (default: the
    #: ARCHIVE_ASR_MODEL setting)
    asr_model: str | None = None
    #: False keeps a draft a draft once processed, until an editor publishes it (the API)
    publish: bool = True


def validate(request: ImportRequest) -> None:
    """Refuse a request that cannot work, before anything is created."""
    media = request.media
    if not media.exists():
        raise InvalidImport(N_("The recording %(name)r does not exist.") % {"name": media.name})
    if not media.is_file():
        raise InvalidImport(
            N_("The recording %(name)r is not a regular file.") % {"name": media.name}
        )
    size = media.stat().st_size
    if size > services.settings().max_upload_bytes:
        raise InvalidImport(
            N_("The recording %(name)r is larger than the configured limit.") % {"name": media.name}
        )
    validate_details(request)


def validate_details(request: ImportRequest) -> None:
    """Refuse a language, transcript list or title that cannot work."""
    if request.language is not None and request.language not in LANGUAGES:
        raise InvalidImport(
            N_("The language must be one of %(languages)s.") % {"languages": ", ".join(LANGUAGES)}
        )
    for transcript in request.transcripts:
        if not transcript.is_file():
            raise InvalidImport(
                N_("The transcript %(name)r does not exist.") % {"name": transcript.name}
            )
    if request.title is not None and not request.title.strip():
        raise InvalidImport(N_("The title must not be empty."))


def import_recording(request: ImportRequest) -> tuple[Replay, Job | None]:
    """Create the replay (or take ``request.replay_id``'s) and, when its transcripts are
    valid, a queued processing job."""
    validate(request)
    replay = replay_with_transcripts(request)
    if replay.status == ReplayStatus.FAILED and request.replay_id is None:
        return replay, None
    suffix = request.media.suffix.lower()
    # The key is ours alone: the editor's file name never reaches storage or ffmpeg.
    key = f"originals/{uuid.uuid4().hex}{suffix if suffix in KNOWN_SUFFIXES else ''}"
    services.storage().put_file(key, request.media, content_type="application/octet-stream")
    job = add_processing_job(replay, request, key, request.media.stat().st_size)
    db.session.commit()
    return replay, job


def replay_with_transcripts(request: ImportRequest) -> Replay:
    """The replay with its transcript tracks: new, or ``request.replay_id`` given a recording.

    A new replay whose transcripts are invalid is FAILED and committed; for an existing replay
    the error is raised as InvalidImport and nothing changes.
    """
    existing = existing_replay(request.replay_id) if request.replay_id else None
    try:
        tracks = parsed_tracks(request, existing)
    except InvalidImport as err:
        if existing is not None:
            raise
        replay = new_replay(request)
        replay.status = ReplayStatus.FAILED
        replay.error = str(err)
        db.session.commit()
        return replay
    replay = existing if existing is not None else new_replay(request)
    if existing is not None:
        replay_existing(existing, request)
    for language, parsed in tracks:
        attach_transcript(replay, parsed, language)
    if request.language is None and tracks and existing is None:
        replay.language = tracks[0][0]
    return replay


def parsed_tracks(
    request: ImportRequest, existing: Replay | None
) -> list[tuple[str, ParsedTranscript]]:
    """Each transcript file parsed, with its language; InvalidImport naming the first problem."""
    fallback = request.language or (existing.language if existing else None) or "fr"
    tracks: list[tuple[str, ParsedTranscript]] = []
    for path in request.transcripts:
        try:
            with path.open("rb") as stream:
                language = track_language(path.name, stream.read(4096), fallback) or fallback
            parsed = parse_transcript(path)
        except (TranscriptError, UnsupportedLanguage) as err:
            raise InvalidImport(
                N_("The transcript is invalid: %(reason)s.") % {"reason": str(err).rstrip(".")}
            ) from None
        if any(language == known for known, _ in tracks):
            raise InvalidImport(
                N_("Two transcripts are in %(language)r; give one transcript per language.")
                % {"language": language}
            )
        tracks.append((language, parsed))
    return tracks


def existing_replay(replay_id: str) -> Replay:
    """The replay an import gives a recording to; InvalidImport when it cannot take one now."""
    replay = db.session.get(Replay, replay_id)
    if replay is None:
        raise InvalidImport(N_("No replay has the id %(replay_id)r.") % {"replay_id": replay_id})
    busy = [j for j in replay.jobs if j.state in (JobState.QUEUED, JobState.RUNNING)]
    if any(j.recording_id is not None for j in busy):
        raise ReplayBusy("This replay's recording is being processed; wait for it to finish.")
    return replay


def replay_existing(replay: Replay, request: ImportRequest) -> None:
    """Apply the import's details to an existing replay; it keeps its id and transcripts.

    A published replay stays published, serving its current recording until the new one is.
    """
    if request.title:
        replay.title = request.title.strip()[:300]
    if request.language:
        replay.language = request.language
    add_event_and_speakers(replay, request)
    if replay.status != ReplayStatus.PUBLISHED:
        replay.status = ReplayStatus.PROCESSING
        replay.error = None
    db.session.flush()


def add_processing_job(replay: Replay, request: ImportRequest, key: str, size: int) -> Job:
    """The recording row for the original stored under ``key``, and its queued job."""
    recording = Recording(
        replay=replay,
        original_key=key,
        original_filename=(request.original_filename or request.media.name)[:300],
        size_bytes=size,
    )
    priority = request.priority if request.priority is not None else priority_for_size(size)
    # Speech to text needs to know whether the spoken language was said or must be detected.
    job = Job(
        replay=replay,
        recording=recording,
        priority=priority,
        parameters={
            "spoken_language": request.language or (replay.language if request.replay_id else None),
            "asr_model": request.asr_model,
            "publish": request.publish,
        },
    )
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
        language=request.language or "fr",
        visibility=request.visibility,
        session_type=request.session_type,
        recorded_on=request.recorded_on,
        status=ReplayStatus.PROCESSING,
    )
    db.session.add(replay)
    add_event_and_speakers(replay, request)
    db.session.flush()
    return replay


def add_event_and_speakers(replay: Replay, request: ImportRequest) -> None:
    """Set the request's event (created when new) and add its speakers to the replay's."""
    if request.event:
        replay.event = get_or_create_event(request.event)
    for name in request.speakers:
        speaker = get_or_create_speaker(name)
        if speaker not in replay.speakers:
            replay.speakers.append(speaker)
