"""What ``replay-archive serve`` adds to gunicorn: JSON logs, shared metrics, the index follower,
a limit of requests per keep-alive connection."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.glogging import Logger

from archive.ops.logs import JsonFormatter, configure_logging
from archive.ops.metrics import MULTIPROC_ENV
from archive.ops.warm_up import warm_pages
from archive.processing.log_context import JobIdFilter

log = logging.getLogger(__name__)

#: A keep-alive connection is closed after this many requests (as Apache's
#: MaxKeepAliveRequests and nginx's keepalive_requests do). gunicorn keeps a connection with
#: the process that accepted it for as long as the client keeps it open, and the threads of
#: one process share one interpreter lock: a process that happened to accept three of eight
#: busy connections served them at a third of the others' pace for the whole run. The
#: client's next connection goes to a process that is free to accept it (figures in
#: bench/README.md, "Search API under concurrent load").
KEEPALIVE_REQUESTS = 100


class JsonGunicornLogger(Logger):
    """gunicorn's error and access logs as JSON lines (access lines with request fields)."""

    def setup(self, cfg: Any) -> None:
        """gunicorn's own set-up, then JSON formatting on each of its handlers."""
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(JsonFormatter())
                handler.addFilter(JobIdFilter())


def prepare_metrics_folder(instance_dir: Path) -> Path:
    """An empty folder for prometheus_client's multiprocess files, named in the environment."""
    folder = Path(os.environ.get(MULTIPROC_ENV) or instance_dir / "run" / "metrics")
    # Files of a previous server would be added to this one's counters.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(folder)
    # prometheus_client picks its value class when imported; if something imported it already,
    # make the metrics created from now on use the shared files too.
    import prometheus_client.values as values

    values.ValueClass = values.get_value_class()
    return folder


def warm_search_index(app: Flask) -> None:
    """Read the index's per-segment tables in the master, so that every worker forks with them.

    Without this each worker pays for them (about a second on a 1000-hour index) on its first
    searches.
    """
    from archive.accounts.access import ALL_VISIBILITIES, LISTED_FOR_VISITORS
    from archive.search.access import search_index

    started = time.monotonic()
    with app.app_context():
        documents = search_index().warm([LISTED_FOR_VISITORS, ALL_VISIBILITIES])
    log.info(
        "index: %d documents read before forking workers (%.1f s)",
        documents,
        time.monotonic() - started,
    )


def warm_pages_before_fork(app: Flask) -> None:
    """Render the main pages in the master (see archive.ops.warm_up), then freeze what is in
    memory: the collector no longer walks (and un-shares) what every worker inherits."""
    started = time.monotonic()
    try:
        rendered = warm_pages(app)
    except Exception:
        log.exception("warm-up: pages not rendered before forking; workers render them first")
        rendered = 0
    gc.collect()
    gc.freeze()
    log.info(
        "warm-up: %d pages rendered before forking workers (%.1f s)",
        rendered,
        time.monotonic() - started,
    )


def server_options(app: Flask) -> dict[str, Any]:
    """gunicorn settings and hooks for the archive's production server."""
    from archive.ops.follower import pull_once, start_following

    def on_starting(server: Any) -> None:
        configure_logging()
        prepare_metrics_folder(app.config["ARCHIVE_SETTINGS"].instance_dir)
        try:
            # A new host serves search from its first request: the index comes before workers.
            pull_once(app)
        except Exception:
            log.exception("index: no snapshot installed at start; searches rebuild if needed")
        warm_search_index(app)
        warm_pages_before_fork(app)

    def post_worker_init(worker: Any) -> None:
        start_following(app)

    def pre_request(worker: Any, req: Any) -> None:
        if req.req_number >= KEEPALIVE_REQUESTS:
            req.force_close()

    def child_exit(server: Any, worker: Any) -> None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

    return {
        "logger_class": JsonGunicornLogger,
        "on_starting": on_starting,
        "post_worker_init": post_worker_init,
        "pre_request": pre_request,
        "child_exit": child_exit,
    }
