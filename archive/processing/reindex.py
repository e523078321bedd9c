"""The one place search index updates start: every operation that changes a replay calls
``replay_changed`` after committing, so there is one call to find and no hidden trigger.
"""

from __future__ import annotations

from archive.processing.queue import job_queue
from archive.processing.tasks import enqueue_index


def replay_changed(replay_id: str, *, index_now: bool = False) -> None:
    """Bring a changed replay's search documents up to date.

    ``index_now`` is for code already running in a worker (the single index writer), such as
    the pipeline after publishing: the documents are written before it returns. Everywhere
    else the update is queued ahead of every processing job.
    """
    if index_now:
        from archive.search.indexing import index_replay

        index_replay(replay_id)
    else:
        enqueue_index(job_queue(), replay_id)
