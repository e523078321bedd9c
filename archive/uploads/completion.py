"""The call the upload page makes once the bytes are in: create the replay, queue its job.

``POST /upload/complete`` takes the upload form's fields (``multipart/form-data``, with the
optional transcript file) plus ``upload`` (a tus upload id, local mode) or ``token`` (the
grant of a direct S3 upload), and answers JSON. Completing the same upload twice answers
the same replay, so a browser may safely retry after a lost answer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from archive.extensions import db
from archive.models import Job, Replay
from archive.ops.metrics import count_upload_bytes
from archive.sentences import N_
from archive.transcripts import TranscriptError, parse_transcript
from archive.uploads import bp
from archive.uploads.details import read_details
from archive.uploads.errors import require_editor
from archive.uploads.grants import read_grant
from archive.uploads.limits import (
    MAX_TRANSCRIPT_BYTES,
    UploadRefused,
    display_name,
    transcript_suffix,
)
from archive.uploads.operations import (
    ImportRequest,
    InvalidImport,
    ReplayBusy,
    enqueue,
    import_recording,
)
from archive.uploads.pending import upload_folder
from archive.uploads.register import register_stored_original, registered_replay
from archive.uploads.tus import owned_upload

#: The transcript is the only file of the form; the rest is a few short fields.
MAX_FORM_BYTES = MAX_TRANSCRIPT_BYTES + 256 * 1024

Outcome = tuple[Replay, Job | None, bool]
#: The import of a finished upload, given its bytes (or the editor's file name, in S3 mode)
#: and the editor's file name.
RequestFor = Callable[[Path, str], ImportRequest]


@bp.post("/upload/complete")
def complete_upload() -> ResponseReturnValue:
    """Make a replay of a finished upload; 201 when created, 200 when it already was."""
    owner_id = require_editor()
    if (request.content_length or 0) > MAX_FORM_BYTES:
        raise UploadRefused(N_("The request is too large; a transcript must be under 10 MB."), 413)
    details = read_details(request.form)
    with saved_transcript(request.files.get("transcript")) as transcript:

        def request_for(media: Path, filename: str) -> ImportRequest:
            return details.import_request(media, original_filename=filename, transcript=transcript)

        if request.form.get("upload"):
            outcome = complete_tus(owner_id, request.form["upload"], request_for)
        elif request.form.get("token"):
            outcome = complete_direct(owner_id, request.form["token"], request_for)
        else:
            raise UploadRefused(N_("Say which upload to complete (upload or token)."), 400)
    replay, job, created = outcome
    return jsonify(outcome_json(replay, job)), 201 if created else 200


def outcome_json(replay: Replay, job: Job | None) -> dict[str, Any]:
    """What the page needs next: the replay's page and the job to follow."""
    return {
        "replay": {
            "id": replay.id,
            "title": replay.title,
            "status": str(replay.status),
            "url": url_for("catalogue.replay", replay_id=replay.id),
        },
        "job": None
        if job is None
        else {
            "id": job.public_id,
            "state": str(job.state),
            "url": url_for("api.get_job", job_id=job.public_id),
        },
    }


@contextmanager
def saved_transcript(file: FileStorage | None) -> Iterator[Path | None]:
    """The uploaded transcript as a checked temporary file (None without one).

    It is parsed here first so that a bad transcript is refused before anything is
    created: the editor fixes it and completes the same upload again.
    """
    if file is None or not file.filename:
        yield None
        return
    suffix = transcript_suffix(file.filename)
    folder = upload_folder().root
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix="transcript-") as temporary:
        path = Path(temporary) / f"transcript{suffix}"
        file.save(path)
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise UploadRefused(N_("The transcript must be under 10 MB."), 413)
        try:
            parse_transcript(path)
        except TranscriptError as err:
            values = {
                "filename": display_name(file.filename),
                "line": err.line,
                "reason": err.reason.rstrip("."),
            }
            if err.line is None:
                sentence = N_("The transcript %(filename)r is invalid: %(reason)s.") % values
            else:
                sentence = (
                    N_("The transcript %(filename)r is invalid: line %(line)s: %(reason)s.")
                    % values
                )
            raise UploadRefused(sentence, 400) from None
        yield path


def complete_tus(
    owner_id: int, upload_id: str, request_for: RequestFor, *, replay_id: str | None = None
) -> Outcome:
    """Import a finished tus upload (onto the replay ``replay_id`` when given) and queue it."""
    folder = upload_folder()
    upload = owned_upload(folder, upload_id, owner_id)
    with folder.locked(upload) as current:
        if current is None:
            raise UploadRefused(N_("This upload does not exist; it may have expired."), 404)
        _check_target(current.target_replay_id, replay_id)
        if current.replay_id is not None:
            return _existing(current.replay_id, current.job_id)
        arrived = folder.offset(current)
        if arrived != current.length:
            raise UploadRefused(
                N_("The upload is not finished: %(arrived)s of %(length)s bytes arrived.")
                % {"arrived": arrived, "length": current.length},
                409,
            )
        media = folder.data_path(current)
        replay, job = _created(lambda: import_recording(request_for(media, current.filename)))
        current.replay_id, current.job_id = replay.id, job.id
        folder.save(current)
        folder.remove_data(current)
    return replay, job, True


def complete_direct(
    owner_id: int, token: str, request_for: RequestFor, *, replay_id: str | None = None
) -> Outcome:
    """Register a finished direct upload (onto the replay ``replay_id`` when given), queue it."""
    upload = read_grant(token, owner_id)
    _check_target(upload.replay_id, replay_id)
    existing = registered_replay(upload.key)
    if existing is not None:
        return existing[0], existing[1], False
    request_ = request_for(Path(upload.filename), upload.filename)
    replay, job = _created(lambda: register_stored_original(request_, upload.key))
    # The bytes went straight into the bucket: they are counted once, here, at the size the
    # stored object has (completing again answers the replay above and counts nothing).
    if job.recording is not None:
        count_upload_bytes(job.recording.size_bytes)
    return replay, job, True


def _created(create: Callable[[], tuple[Replay, Job | None]]) -> tuple[Replay, Job]:
    """Run an import, turning its refusals into answers, and queue the job it made."""
    try:
        replay, job = create()
    except InvalidImport as err:
        db.session.rollback()
        raise UploadRefused(str(err), 409 if isinstance(err, ReplayBusy) else 400) from None
    if job is None:
        raise UploadRefused(replay.error or N_("The recording could not be imported."), 422)
    enqueue(job)
    return replay, job


def _check_target(target: str | None, replay_id: str | None) -> None:
    """An upload started for one replay becomes that replay's recording and nothing else."""
    if target is not None and target != replay_id:
        raise UploadRefused(N_("This upload was started for another replay."), 409)


def _existing(replay_id: str, job_id: int | None) -> Outcome:
    replay = db.session.get(Replay, replay_id)
    if replay is None:
        raise UploadRefused(N_("The replay made from this upload was deleted."), 410)
    job = db.session.get(Job, job_id) if job_id is not None else None
    return replay, job, False
