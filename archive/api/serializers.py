"""Replays and jobs as the JSON the contract describes."""

from __future__ import annotations

from typing import Any

from archive.models import Job, Replay
from archive.playback.transcript_files import track_json
from archive.playback.urls import replay_urls


def replay_json(replay: Replay) -> dict[str, Any]:
    """A replay as the API shows it."""
    return {
        "id": replay.id,
        "title": replay.title,
        "description": replay.description,
        "status": str(replay.status),
        "visibility": str(replay.visibility),
        "duration": replay.duration,
        "language": replay.language,
        "media_kind": str(replay.media_kind),
        "session_type": str(replay.session_type),
        "recorded_on": replay.recorded_on.isoformat() if replay.recorded_on else None,
        "published_at": replay.published_at.isoformat() if replay.published_at else None,
        "event": (
            {"name": replay.event.name, "slug": replay.event.slug, "year": replay.event.year}
            if replay.event
            else None
        ),
        "speakers": [
            {"name": s.name, "slug": s.slug, "role": s.role_title, "organisation": s.organisation}
            for s in replay.speakers
        ],
        "themes": [t.name for t in replay.themes],
        "chapters": [{"start": c.start, "title": c.title} for c in replay.chapters],
        "renditions": [
            {"name": r.name, "width": r.width, "height": r.height, "bandwidth": r.bandwidth}
            for r in replay.renditions
        ],
        "error": replay.error,
        "urls": replay_urls(replay),
        "transcripts": [track_json(replay, t) for t in replay.tracks if t.cues],
    }


def job_json(job: Job) -> dict[str, Any]:
    """A job as the API shows it."""
    return {
        "id": job.public_id,
        "replay_id": job.replay_id,
        "state": str(job.state),
        "progress": job.progress,
        "step": job.step,
        "error": job.error,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
