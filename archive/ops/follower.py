"""Web hosts of a fleet follow the index snapshots the indexer publishes (see snapshots.py)."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from archive import services
from archive.ops.snapshots import pull_snapshot
from archive.search.access import search_index
from archive.search.engine.errors import IndexBusy

log = logging.getLogger(__name__)


def pull_once(app: Flask) -> bool:
    """Install the newest snapshot if this host follows snapshots; True when one was installed."""
    with app.app_context():
        if services.settings().index_snapshots != "follow":
            return False
        try:
            installed = pull_snapshot(services.storage(), search_index())
        except IndexBusy:
            return False  # another process of this host is installing it
        if installed:
            log.info("index: installed a new snapshot from the media store")
        return installed


def start_following(app: Flask) -> threading.Event | None:
    """Look for a new snapshot every ARCHIVE_INDEX_SYNC_S seconds in a daemon thread."""
    with app.app_context():
        if services.settings().index_snapshots != "follow":
            return None
        interval = services.settings().index_sync_s
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                pull_once(app)
            except Exception:  # a storage outage only delays the next index; search goes on
                log.exception("index: could not install a snapshot; trying again later")

    threading.Thread(target=loop, name="index-follower", daemon=True).start()
    return stop
