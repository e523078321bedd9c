"""Highlights: a time range of a replay becomes a new replay, without uploading anything.

The request checks the range, creates the new replay (with the matching transcript lines,
shifted, and chapters) and queues a highlight job; the worker cuts the range from the
published renditions and processes it like an upload (``archive.processing.highlights``),
with its progress on the job dashboard. Nothing slow runs while the editor waits.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive import services
from archive.editor.speakers import set_speakers
from archive.extensions import db
from archive.models import Chapter, Cue, Job, Replay, ReplayStatus, Transcript, Visibility
from archive.models.enums import JobKind
from archive.processing.highlights import highlight_parameters, plan_cut
from archive.processing.queue import job_queue
from archive.processing.segments import NoPublishedMedia
from archive.processing.tasks import enqueue_job
from archive.sentences import N_
from archive.storage import StorageError
from archive.times import format_precise

#: The shortest highlight worth a replay of its own.
MIN_SECONDS = 1.0


class HighlightError(ValueError):
    """The highlight cannot be made; the message is one sentence."""


@dataclass(frozen=True)
class HighlightRequest:
    """What the editor asked for."""

    start: float
    end: float
    title: str
    visibility: Visibility


@dataclass(frozen=True)
class Highlight:
    """The new replay, the job cutting it, and whether the cut will be a stream copy."""

    replay: Replay
    job: Job
    stream_copy: bool


def create_highlight(source: Replay, request: HighlightRequest) -> Highlight:
    """Create the new replay and queue the job that cuts its recording from ``source``."""
    _check(source, request)
    start, end = request.start, min(request.end, source.duration or request.end)
    try:
        # Only the playlists are read here: the cut itself runs on the worker.
        plan = plan_cut(services.storage(), source, start, end)
    except (NoPublishedMedia, StorageError) as err:
        raise HighlightError(str(err)) from None
    replay = _new_replay(source, request)
    _carry_transcript(source, replay, start, end)
    _carry_chapters(source, replay, start, end)
    job = Job(
        replay=replay,
        kind=JobKind.HIGHLIGHT,
        parameters=highlight_parameters(source, start, end),
    )
    db.session.add(job)
    db.session.commit()
    enqueue_job(job_queue(), job.id, priority=job.priority, kind=job.kind)
    return Highlight(replay=replay, job=job, stream_copy=plan.copy)


def _check(source: Replay, request: HighlightRequest) -> None:
    duration = source.duration or 0.0
    if not source.media_prefix or not duration:
        raise HighlightError(N_("This replay has no processed recording to cut from."))
    if not 0 <= request.start < request.end <= duration + 0.001:
        raise HighlightError(
            N_("Choose a range inside the recording, from 0:00 to %(duration)s.")
            % {"duration": format_precise(duration)}
        )
    if request.end - request.start < MIN_SECONDS:
        raise HighlightError(N_("A highlight lasts at least one second."))
    if not request.title.strip():
        raise HighlightError(N_("Give the highlight a title."))


def _new_replay(source: Replay, request: HighlightRequest) -> Replay:
    replay = Replay(
        title=request.title.strip()[:300],
        description=source.description,
        event=source.event,
        session_type=source.session_type,
        recorded_on=source.recorded_on,
        language=source.language,
        visibility=request.visibility,
        status=ReplayStatus.PROCESSING,
        # A cut of demo content is demo content.
        is_demo=source.is_demo,
    )
    db.session.add(replay)
    replay.themes = list(source.themes)
    set_speakers(replay, list(source.speakers))
    return replay


def _carry_transcript(source: Replay, replay: Replay, start: float, end: float) -> None:
    """The source's lines said within the range, on the highlight's own clock."""
    transcript = source.transcript
    if transcript is None:
        return
    lines = [cue for cue in transcript.cues if cue.end > start and cue.start < end]
    if not lines:
        return
    replay.transcripts = [
        Transcript(
            language=transcript.language,
            source_format=transcript.source_format,
            cues=[
                Cue(
                    position=position,
                    start=round(max(cue.start, start) - start, 3),
                    end=round(min(cue.end, end) - start, 3),
                    text=cue.text,
                    speaker_name=cue.speaker_name,
                    speaker_id=cue.speaker_id,
                )
                for position, cue in enumerate(lines)
            ],
        )
    ]


def _carry_chapters(source: Replay, replay: Replay, start: float, end: float) -> None:
    """The chapter under way at the start (from 0:00), then those beginning in the range."""
    current = [c for c in source.chapters if c.start <= start]
    inside = [c for c in source.chapters if start < c.start < end]
    chapters = ([Chapter(start=0.0, title=current[-1].title)] if current else []) + [
        Chapter(start=round(c.start - start, 3), title=c.title) for c in inside
    ]
    replay.chapters = chapters
