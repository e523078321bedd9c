"""The worker process: a Huey consumer plus a reaper for abandoned jobs and other chores."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from flask import Flask, current_app
from huey import Huey

from archive import services
from archive.processing import job_rows
from archive.processing.lost_tasks import lost_queued_jobs
from archive.processing.queue import job_queue
from archive.processing.tasks import bind_app, enqueue_job
from archive.sentences import N_
from archive.webhooks.deliveries import start_delivery_loop

log = logging.getLogger(__name__)

#: Periodic housekeeping run beside the reaper (e.g. removing abandoned uploads); each gets
#: its own try so one failing chore never stops the others or the worker.
Chore = Callable[[], object]


def reap_once(chores: Sequence[Chore] = ()) -> int:
    """Hand jobs of dead workers (stale heartbeat) and queued jobs whose message was lost back."""
    settings = services.settings()
    huey = job_queue()
    stale = job_rows.stale_jobs(settings.job_stale_s)
    for job_id in stale:
        job_rows.requeue(job_id, N_("The worker running this job stopped; it was queued again."))
        _enqueue_again(huey, job_id)
    if stale:
        log.warning("reaper: queued again jobs %s", stale)
    lost = [
        j for j in lost_queued_jobs(huey, grace_s=max(10.0, settings.job_stale_s)) if j not in stale
    ]
    for job_id in lost:
        _enqueue_again(huey, job_id)
    if lost:
        log.warning("reaper: queued again jobs whose queue message was lost %s", lost)
    try:
        services.storage().abort_incomplete_uploads(older_than_s=24 * 3600)
    except Exception:  # the reaper must outlive a storage outage
        log.exception("reaper: could not clean incomplete uploads")
    for chore in chores:
        try:
            chore()
        except Exception:
            log.exception("reaper: chore %s failed", getattr(chore, "__name__", chore))
    return len(stale) + len(lost)


def _enqueue_again(huey: Huey, job_id: int) -> None:
    priority, kind = job_rows.queue_facts(job_id)
    enqueue_job(huey, job_id, priority=priority, kind=kind)


def _reaper_loop(
    app: Flask, stop: threading.Event, interval_s: float, chores: Sequence[Chore]
) -> None:
    def loop() -> None:
        while True:
            with app.app_context():
                try:
                    reap_once(chores)
                except Exception:
                    log.exception("reaper: pass failed")
            if stop.wait(interval_s):
                return

    threading.Thread(target=loop, name="reaper", daemon=True).start()


def run_worker(workers: int | None = None, chores: Sequence[Chore] = ()) -> None:
    """Consume jobs until interrupted (the caller has checked tools and set up logging)."""
    settings = services.settings()
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    bind_app(app)
    huey = job_queue()
    consumer = huey.create_consumer(
        workers=workers or settings.workers, worker_type="thread", periodic=False
    )
    stop = threading.Event()
    _reaper_loop(app, stop, max(2.0, settings.job_stale_s / 2), chores)
    start_delivery_loop(app, stop)
    try:
        consumer.run()
    finally:
        stop.set()
