"""Publishing, unpublishing and deleting a replay, with its media and index entries."""

from __future__ import annotations

import logging

from sqlalchemy import delete as sql_delete

from archive import services
from archive.editor.jobs import cancel_job
from archive.extensions import db
from archive.models import JobState, Replay, ReplayGrant, ReplayStatus
from archive.playback.rotation import discard_media, is_public, withdraw_public_media
from archive.processing.reindex import replay_changed
from archive.sentences import N_
from archive.storage import StorageError
from archive.times import utcnow
from archive.webhooks.outbox import announce, exposure

log = logging.getLogger(__name__)


class LifecycleError(ValueError):
    """The replay cannot make this move now; the message is one sentence."""


def publish(replay: Replay) -> None:
    """Show a processed replay to the people its visibility allows."""
    if replay.status == ReplayStatus.PUBLISHED:
        raise LifecycleError(N_("This replay is already published."))
    if replay.media_prefix is None:
        raise LifecycleError(
            N_("This replay has no processed recording yet; upload one and wait for processing.")
        )
    before = exposure(replay)
    replay.status = ReplayStatus.PUBLISHED
    replay.published_at = replay.published_at or utcnow()
    announce(replay, before)
    db.session.commit()
    replay_changed(replay.id)


def unpublish(replay: Replay) -> None:
    """Take a replay down: its page, media, listings and search results disappear for visitors."""
    if replay.status != ReplayStatus.PUBLISHED:
        raise LifecycleError(N_("Only a published replay can be unpublished."))
    before = exposure(replay)
    # Draft: visible to editors only; the media stay stored, so publishing again is instant,
    # but no longer where public URLs pointed (playback.rotation).
    try:
        left = withdraw_public_media(replay) if is_public(replay) else None
    except StorageError:
        raise LifecycleError(
            N_(
                "The media store could not move this replay's files, so it stays published; "
                "try again."
            )
        ) from None
    replay.status = ReplayStatus.DRAFT
    announce(replay, before)
    db.session.commit()
    if left:
        discard_media(replay.id, left)
    replay_changed(replay.id)


def delete_replay(replay: Replay) -> list[str]:
    """Delete the replay, its rows, media objects and originals; returns the problems, if any."""
    replay_id = replay.id
    for job in replay.jobs:
        if job.state in (JobState.QUEUED, JobState.RUNNING):
            cancel_job(job, N_("The replay was deleted."))
    originals = [recording.original_key for recording in replay.recordings]
    db.session.execute(sql_delete(ReplayGrant).where(ReplayGrant.replay_id == replay_id))
    announce(replay, exposure(replay), deleted=True)
    db.session.delete(replay)
    db.session.commit()
    # The rows go first: a storage outage then leaves unreferenced objects, never a broken page.
    problems = []
    storage = services.storage()
    for remove, key in [(storage.delete_prefix, f"replays/{replay_id}/")] + [
        (storage.delete, key) for key in originals
    ]:
        try:
            remove(key)
        except StorageError as err:
            log.warning("replay %s: could not delete %s: %s", replay_id, key, err)
            problems.append(str(err))
    replay_changed(replay_id)
    return problems
