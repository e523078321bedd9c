"""Transcription jobs: speech to text on the worker, after the replay is published.

The replay is watchable while its words are recognised. The result becomes an ``automatic``
transcript track (captions, the interactive transcript and moment search at once); a track
an editor uploaded or corrected is never overwritten by a later automatic run.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from archive import services
from archive.extensions import db
from archive.models import Job, JobKind, JobState, Replay, TranscriptOrigin
from archive.processing.job_rows import finish
from archive.processing.progress import ProgressReporter
from archive.processing.queue import job_queue
from archive.processing.reindex import replay_changed
from archive.processing.runner import run_claimed
from archive.processing.tasks import enqueue_job
from archive.sentences import N_
from archive.tracks import attach_cues
from archive.transcripts import ParsedCue
from archive.transcripts.languages import LANGUAGES
from config import Settings
from media_jobs.asr_models import ModelUnavailable, resolve_model
from media_jobs.cue_breaking import TimedCue
from media_jobs.probe import probe
from media_jobs.transcription import (
    LOW_CONFIDENCE,
    TranscriptionFailed,
    build_prompt,
    decode_audio,
    load_model,
    model_is_english_only,
    transcribe,
)

log = logging.getLogger(__name__)
#: Transcription jobs wait behind recordings to publish: watching comes first.
PRIORITY = 0
#: Models loaded in this worker process, by folder (loading one takes seconds).
_models: dict[str, Any] = {}
_models_lock = threading.Lock()


class NothingToTranscribe(ValueError):
    """The replay cannot be transcribed now; the message is one sentence."""


def automatic_transcription_wanted(replay: Replay) -> bool:
    """A new recording without any transcript track is transcribed when a model is set."""
    return not replay.transcripts and services.settings().asr_model.lower() != "off"


def request_transcription(
    replay: Replay,
    *,
    language: str | None = None,
    translate: bool = False,
    model: str | None = None,
) -> Job:
    """Create a transcription job for a published replay (the caller enqueues or runs it).

    ``language`` None lets the engine detect it; ``translate`` asks for an English track
    translated from the spoken language (Whisper's own translation).
    """
    if replay.media_prefix is None or not replay.recordings:
        raise NothingToTranscribe(N_("This replay has no processed recording to transcribe yet."))
    busy = [
        j
        for j in replay.jobs
        if j.kind == JobKind.TRANSCRIBE and j.state in (JobState.QUEUED, JobState.RUNNING)
    ]
    if busy:
        raise NothingToTranscribe(N_("A transcript of this replay is already being made."))
    job = Job(
        replay=replay,
        recording=replay.recordings[-1],
        kind=JobKind.TRANSCRIBE,
        priority=PRIORITY,
        parameters={"language": language, "task": "translate" if translate else "transcribe"}
        | ({"model": model} if model else {}),
    )
    db.session.add(job)
    db.session.commit()
    return job


def enqueue_transcription(job: Job) -> None:
    """Hand a transcription job to the workers."""
    enqueue_job(job_queue(), job.id, priority=job.priority, kind=JobKind.TRANSCRIBE)


def transcribe_from_cli(
    replay_id: str, *, language: str | None, translate: bool, wait: bool
) -> dict[str, Any]:
    """``replay-archive transcribe``: queue (or, with ``wait``, run) a transcription job."""
    replay = db.session.get(Replay, replay_id)
    if replay is None:
        return {"job": None, "status": "failed", "error": f"No replay has the id {replay_id!r}."}
    try:
        job = request_transcription(replay, language=language, translate=translate)
    except NothingToTranscribe as err:
        return {"job": None, "status": "failed", "error": str(err)}
    public_id, job_id = job.public_id, job.id
    if not wait:
        enqueue_transcription(job)
        return {"job": public_id, "status": "queued", "error": None}
    run_transcription_job(job_id)
    db.session.expire_all()
    done = db.session.get(Job, job_id)
    assert done is not None
    succeeded = done.state == JobState.SUCCEEDED
    return {
        "job": public_id,
        "status": "succeeded" if succeeded else "failed",
        "error": None if succeeded else done.error,
    }


def run_queued_transcriptions(replay_id: str) -> None:
    """Run a replay's queued transcription jobs here and now (``--wait``: no worker to ask)."""
    queued = db.session.scalars(
        db.select(Job.id).where(
            Job.replay_id == replay_id,
            Job.kind == JobKind.TRANSCRIBE,
            Job.state == JobState.QUEUED,
        )
    ).all()
    for job_id in queued:
        run_transcription_job(job_id)


def run_transcription_job(job_id: int) -> None:
    """Transcribe to the end: a new automatic track, or failed with one sentence."""
    run_claimed(job_id, _transcribe)


def _transcribe(job: Job, settings: Settings) -> None:
    parameters = job.parameters or {}
    language: str | None = parameters.get("language")
    task = str(parameters.get("task", "transcribe"))
    replay = job.replay
    recording = job.recording
    if recording is None:
        raise TranscriptionFailed(N_("The replay's recording is gone; nothing to transcribe."))
    report = ProgressReporter(job.id)
    report.step("model", 0)
    model = _model(str(parameters.get("model") or settings.asr_model), settings)
    if task == "transcribe" and language is None and model_is_english_only(model):
        language = "en"  # an English-only model hears English or nothing
    if task == "transcribe" and language is not None:
        _refuse_to_overwrite(replay, language)
    storage = services.storage()
    started = time.monotonic()
    with storage.local_copy(recording.original_key) as source:
        report.step("audio", 5)
        info = probe(source, timeout=settings.probe_timeout_s)
        audio = decode_audio(source, info, timeout=settings.ffmpeg_timeout_s)
    report.step("transcribe", 10)
    result = transcribe(
        model,
        audio,
        language=language,
        prompt=build_prompt(
            replay.title, [s.name for s in replay.speakers], [t.name for t in replay.themes]
        ),
        task=task,
        progress=report.span(10, 95),
    )
    track_language = "en" if task == "translate" else result.language
    if track_language not in LANGUAGES:
        raise TranscriptionFailed(
            N_("The replay seems to be in %(language)r; the archive handles %(languages)s only.")
            % {"language": result.language, "languages": " and ".join(LANGUAGES)}
        )
    if task == "transcribe":
        _refuse_to_overwrite(replay, track_language)
    if not result.cues:
        raise TranscriptionFailed(N_("No speech was heard in this recording."))
    report.step("save", 95)
    attach_cues(
        replay,
        [ParsedCue(cue.start, cue.end, cue.text, None) for cue in result.cues],
        track_language,
        source_format="asr",
        origin=TranscriptOrigin.AUTOMATIC,
        model_name=str(parameters.get("model") or settings.asr_model),
        machine_translation=task == "translate",
        uncertain=[_uncertain_spans(cue) for cue in result.cues],
    )
    if task == "transcribe" and parameters.get("language") is None and not replay.tracks[1:]:
        replay.language = track_language  # nobody said what is spoken: now we know
    finish(job, JobState.SUCCEEDED)
    db.session.commit()
    log.info(
        "job %s: %d cues in %s, %.1f s of audio in %.1f s",
        job.id,
        len(result.cues),
        track_language,
        result.duration,
        time.monotonic() - started,
    )
    replay_changed(replay.id, index_now=True)


def _model(name: str, settings: Settings) -> Any:
    if name.lower() == "off":
        raise TranscriptionFailed(
            N_("Speech to text is off: set ARCHIVE_ASR_MODEL to a model name or folder.")
        )
    try:
        folder = resolve_model(name, allow_download=settings.asr_download)
    except ModelUnavailable:
        raise TranscriptionFailed(
            N_(
                "The speech-to-text model %(name)r is not installed here: set ARCHIVE_ASR_MODEL "
                "to an installed model or folder (or ARCHIVE_ASR_DOWNLOAD=1 where downloads work)."
            )
            % {"name": name}
        ) from None
    with _models_lock:
        if str(folder) not in _models:
            _models[str(folder)] = load_model(folder)
        return _models[str(folder)]


def _refuse_to_overwrite(replay: Replay, language: str) -> None:
    track = replay.track(language)
    if track is not None and track.origin != TranscriptOrigin.AUTOMATIC:
        raise TranscriptionFailed(
            N_("This replay already has an %(origin)s transcript in %(language)r; it is kept.")
            % {"origin": track.origin, "language": language}
        )


def _uncertain_spans(cue: TimedCue) -> list[list[int]]:
    """Character spans, in the cue's text, of the words the engine was unsure of."""
    spans: list[list[int]] = []
    position = 0
    for word in cue.words:
        at = cue.text.find(word.text, position)
        if at < 0:
            continue
        if word.probability < LOW_CONFIDENCE:
            spans.append([at, at + len(word.text)])
        position = at + len(word.text)
    return spans
