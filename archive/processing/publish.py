"""Publishing: one database update that switches a replay to its new, verified outputs."""

from __future__ import annotations

from dataclasses import dataclass

from archive.extensions import db
from archive.models import Job, JobState, MediaKind, Rendition, ReplayStatus
from archive.processing.job_rows import finish
from archive.times import utcnow
from archive.webhooks.outbox import announce, exposure
from media_jobs.probe import MediaInfo
from media_jobs.transcode import TranscodeResult


@dataclass(frozen=True)
class Outputs:
    """What one job produced, relative to its version prefix."""

    prefix: str
    result: TranscodeResult
    poster: str | None
    storyboard: str | None


def record_probe(job: Job, info: MediaInfo) -> None:
    """Save what the probe found on the recording row, for editors."""
    recording = job.recording
    if recording is None:
        return
    recording.container = info.format_name
    recording.duration = info.duration
    if info.video:
        recording.width = info.video.display_width
        recording.height = info.video.display_height
        recording.video_codec = info.video.codec
    recording.audio_tracks = [
        {
            "index": a.index,
            "codec": a.codec,
            "channels": a.channels,
            "language": a.language,
            "default": a.default,
        }
        for a in info.audio
    ]
    db.session.commit()


def publish(job: Job, info: MediaInfo, outputs: Outputs) -> str | None:
    """Point the replay at the new outputs and finish the job, in the session (the caller
    indexes the replay, then commits both at once); returns the old prefix to delete."""
    replay = job.replay
    before = exposure(replay)
    previous = replay.media_prefix
    result = outputs.result
    replay.renditions.clear()
    for variant in result.variants:
        replay.renditions.append(
            Rendition(
                name=variant.name,
                width=variant.width,
                height=variant.height,
                bandwidth=variant.bandwidth,
                average_bandwidth=variant.average_bandwidth,
                codecs=variant.codecs,
                playlist_key=variant.playlist,
            )
        )
    replay.media_prefix = outputs.prefix
    replay.hls_key = result.master_playlist
    replay.mp4_key = result.mp4
    replay.poster_key = outputs.poster
    replay.storyboard_key = outputs.storyboard
    replay.duration = info.duration
    replay.media_kind = MediaKind.VIDEO if info.video else MediaKind.AUDIO
    # New outputs never change whether the replay is shown: one an editor unpublished (a
    # draft that has media) stays a draft; a first processing publishes, unless the editor
    # asked to publish it themselves (an API client attaching media to a draft).
    wait_for_editor = (job.parameters or {}).get("publish", True) is False
    if wait_for_editor and replay.status != ReplayStatus.PUBLISHED:
        replay.status = ReplayStatus.DRAFT
    elif not (replay.status == ReplayStatus.DRAFT and previous is not None):
        replay.status = ReplayStatus.PUBLISHED
        replay.published_at = replay.published_at or utcnow()
    replay.error = None
    if job.recording is not None:
        job.recording.loudness = result.loudness
    finish(job, JobState.SUCCEEDED)
    announce(replay, before)
    db.session.flush()
    return previous if previous != outputs.prefix else None
