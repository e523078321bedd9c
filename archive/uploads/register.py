"""Registering an original the browser already put in storage (S3 mode).

The twin of :func:`archive.uploads.operations.import_recording` for bytes that need no
copying: the same replay, transcript and job rows, with the recording pointing at the key
the direct upload filled.
"""

from __future__ import annotations

from archive import services
from archive.extensions import db
from archive.models import Job, Recording, Replay, ReplayStatus
from archive.sentences import N_
from archive.storage import ObjectNotFound
from archive.uploads.operations import (
    ImportRequest,
    InvalidImport,
    add_processing_job,
    replay_with_transcripts,
    validate_details,
)


def register_stored_original(request: ImportRequest, key: str) -> tuple[Replay, Job | None]:
    """Create the replay for the original under ``key`` and, when its transcript is valid,
    a queued processing job (``request.media`` only names the editor's file)."""
    size = _checked_size(key)
    validate_details(request)
    replay = replay_with_transcripts(request)
    if replay.status == ReplayStatus.FAILED:
        return replay, None
    job = add_processing_job(replay, request, key, size)
    db.session.commit()
    return replay, job


def registered_replay(key: str) -> tuple[Replay, Job | None] | None:
    """The replay already made from the original under ``key``, with its latest job."""
    recording = db.session.scalar(db.select(Recording).where(Recording.original_key == key))
    if recording is None:
        return None
    job = db.session.scalar(
        db.select(Job).where(Job.recording_id == recording.id).order_by(Job.id.desc()).limit(1)
    )
    return recording.replay, job


def _checked_size(key: str) -> int:
    try:
        size = services.storage().size(key)
    except ObjectNotFound:
        raise InvalidImport(
            N_("The upload is not finished: the recording is not in storage yet.")
        ) from None
    if size <= 0:
        raise InvalidImport(N_("The uploaded recording is empty."))
    if size > services.settings().max_upload_bytes:
        services.storage().delete(key)
        raise InvalidImport(N_("The uploaded recording is larger than the configured limit."))
    return size
