"""Highlights: a time range of a replay becomes a new replay, without uploading anything.

The range is cut from the published renditions (stream copy when both ends sit on
keyframes, a fast re-encode otherwise), stored as the new replay's original, and processed
by the normal pipeline. The new replay carries the matching transcript lines, shifted.
"""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from archive import services
from archive.editor.segments import NoPublishedMedia, fetch_range, published_renditions
from archive.editor.speakers import set_speakers
from archive.extensions import db
from archive.models import (
    Chapter,
    Cue,
    Job,
    Recording,
    Replay,
    ReplayStatus,
    Transcript,
    Visibility,
)
from archive.processing.queue import job_queue
from archive.processing.tasks import enqueue_job
from archive.storage import StorageError
from archive.text import slugify
from archive.times import format_precise
from media_jobs.cutting import cut_clip, on_keyframes
from media_jobs.errors import MediaError

#: The shortest highlight worth a replay of its own.
MIN_SECONDS = 1.0
#: Re-encoding runs while the editor waits: ranges off keyframes are kept short.
MAX_ENCODED_SECONDS = 600.0
#: A stuck ffmpeg is stopped after this long (a 10-minute re-encode takes far less).
CUT_TIMEOUT_S = 300.0


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
    """The new replay, its processing job, and whether the cut was a stream copy."""

    replay: Replay
    job: Job
    stream_copy: bool


def create_highlight(source: Replay, request: HighlightRequest) -> Highlight:
    """Cut the range, store it as a new replay's original, and queue its processing."""
    _check(source, request)
    storage = services.storage()
    try:
        renditions = published_renditions(storage, source)
        with tempfile.TemporaryDirectory(prefix="highlight-") as tmp:
            folder = Path(tmp)
            clip, copy = _cut(source, request, renditions.video, renditions.audio, folder)
            key = f"originals/{uuid.uuid4().hex}.mp4"
            storage.put_file(key, clip, content_type="video/mp4")
            size = clip.stat().st_size
    except (NoPublishedMedia, MediaError, StorageError) as err:
        raise HighlightError(getattr(err, "sentence", None) or str(err)) from None
    replay = _new_replay(source, request)
    _carry_transcript(source, replay, request.start, request.end)
    _carry_chapters(source, replay, request.start, request.end)
    recording = Recording(
        replay=replay,
        original_key=key,
        original_filename=f"{slugify(request.title)}.mp4",
        size_bytes=size,
    )
    job = Job(replay=replay, recording=recording)
    db.session.add_all([recording, job])
    db.session.commit()
    enqueue_job(job_queue(), job.id, priority=job.priority)
    return Highlight(replay=replay, job=job, stream_copy=copy)


def _check(source: Replay, request: HighlightRequest) -> None:
    duration = source.duration or 0.0
    if not source.media_prefix or not duration:
        raise HighlightError("This replay has no processed recording to cut from.")
    if not 0 <= request.start < request.end <= duration + 0.001:
        raise HighlightError(
            f"Choose a range inside the recording, from 0:00 to {format_precise(duration)}."
        )
    if request.end - request.start < MIN_SECONDS:
        raise HighlightError("A highlight lasts at least one second.")
    if not request.title.strip():
        raise HighlightError("Give the highlight a title.")


def _cut(
    source: Replay,
    request: HighlightRequest,
    video_key: str | None,
    audio_key: str | None,
    folder: Path,
) -> tuple[Path, bool]:
    """Fetch the covering segments and cut them; returns the clip and whether it was copied."""
    storage = services.storage()
    start, end = request.start, min(request.end, source.duration or request.end)
    video = fetch_range(storage, video_key, start, end, folder / "video.mp4") if video_key else None
    audio = fetch_range(storage, audio_key, start, end, folder / "audio.mp4") if audio_key else None
    copy = video is None or on_keyframes(start, end, video.boundaries, source.duration or end)
    if not copy and end - start > MAX_ENCODED_SECONDS:
        every = services.settings().segment_seconds
        raise HighlightError(
            f"A highlight that does not start and end on a keyframe lasts at most "
            f"{format_precise(MAX_ENCODED_SECONDS)}; for a longer one, start and end on a "
            f"multiple of {every} seconds."
        )
    clip = folder / "clip.mp4"
    timeout = min(services.settings().ffmpeg_timeout_s, CUT_TIMEOUT_S)
    cut_clip(video, audio, start, end, clip, copy=copy, timeout=timeout)
    return clip, copy


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
