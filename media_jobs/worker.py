"""The ``replay-archive worker`` process: a Huey consumer plus a reaper for abandoned jobs."""

from __future__ import annotations

import logging
import threading

from flask import current_app

from archive import services
from media_jobs import job_rows
from media_jobs.lost_tasks import lost_queued_jobs
from media_jobs.tasks import bind_app, enqueue_job

log = logging.getLogger(__name__)


def reap_once() -> int:
    """Hand jobs of dead workers (stale heartbeat) and queued jobs whose message was lost back."""
    settings = services.settings()
    huey = services.queue()
    stale = job_rows.stale_jobs(settings.job_stale_s)
    for job_id in stale:
        job_rows.requeue(job_id, "The worker running this job stopped; it was queued again.")
        enqueue_job(huey, job_id, priority=job_rows.priority_of(job_id))
    if stale:
        log.warning("reaper: queued again jobs %s", stale)
    lost = [
        j for j in lost_queued_jobs(huey, grace_s=max(10.0, settings.job_stale_s)) if j not in stale
    ]
    for job_id in lost:
        enqueue_job(huey, job_id, priority=job_rows.priority_of(job_id))
    if lost:
        log.warning("reaper: queued again jobs whose queue message was lost %s", lost)
    try:
        services.storage().abort_incomplete_uploads(older_than_s=24 * 3600)
    except Exception:  # the reaper must outlive a storage outage
        log.exception("reaper: could not clean incomplete uploads")
    try:
        from archive.uploads.cleanup import clean_abandoned_uploads

        clean_abandoned_uploads()
    except Exception:
        log.exception("reaper: could not clean abandoned uploads")
    return len(stale) + len(lost)


def _reaper_loop(stop: threading.Event, interval_s: float) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def loop() -> None:
        while True:
            with app.app_context():
                try:
                    reap_once()
                except Exception:
                    log.exception("reaper: pass failed")
            if stop.wait(interval_s):
                return

    threading.Thread(target=loop, name="reaper", daemon=True).start()


def run_worker(workers: int | None = None) -> None:
    """Consume jobs until interrupted."""
    from archive.instance import check_tools
    from archive.ops.logs import configure_logging

    check_tools()
    settings = services.settings()
    bind_app(current_app._get_current_object())  # type: ignore[attr-defined]
    configure_logging()
    huey = services.queue()
    consumer = huey.create_consumer(
        workers=workers or settings.workers, worker_type="thread", periodic=False
    )
    stop = threading.Event()
    _reaper_loop(stop, interval_s=max(2.0, settings.job_stale_s / 2))
    try:
        consumer.run()
    finally:
        stop.set()
