"""The fleet's single index writer: keeps an index in step with the catalogue and publishes it.

Every worker host writes the replays it processes into its own local index, which nobody
else reads; in a fleet, the index web hosts serve comes from here. Each pass compares a
fingerprint of every published replay's search documents (built by the same code that writes
them to the index, so nothing the index shows can change unnoticed) with those indexed last time, re-indexes what changed, removes what
is no longer published, and publishes a snapshot when anything moved. The database is the
truth, so a lost queue message, a restarted Redis or a crashed indexer only delays search.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from archive import services
from archive.extensions import db
from archive.ops.snapshots import publish_snapshot
from archive.search.access import search_index
from archive.search.indexing import index_replay, published_fingerprints, rebuild_index

log = logging.getLogger(__name__)
STATE_FILE = "INDEXER_STATE.json"


@dataclass(frozen=True)
class SyncReport:
    """What one pass did."""

    indexed: int
    removed: int
    rebuilt: bool
    published: str | None


def sync_once(*, rebuild: bool = False, publish: bool = True) -> SyncReport:
    """Bring the local index in step with the catalogue; publish a snapshot if it changed."""
    index = search_index()
    state_path = Path(services.settings().index_dir) / STATE_FILE
    indexed = _load(state_path)
    current = published_fingerprints()
    db.session.rollback()
    rebuild = rebuild or indexed is None or not index.is_healthy()
    if rebuild:
        rebuild_index()
        changed, removed = [], []
    else:
        assert indexed is not None
        changed = [rid for rid, fp in current.items() if indexed.get(rid) != fp]
        removed = [rid for rid in indexed if rid not in current]
        for replay_id in changed + removed:
            index_replay(replay_id)
        db.session.rollback()
    _save(state_path, current)
    published = None
    if publish and (rebuild or changed or removed):
        published = publish_snapshot(services.storage(), index).key
        log.info(
            "indexer: published %s (%d indexed, %d removed)", published, len(changed), len(removed)
        )
    return SyncReport(len(changed), len(removed), rebuild, published)


def run_indexer(interval_s: float, stop: threading.Event | None = None) -> None:
    """Sync and publish every ``interval_s`` seconds until stopped; errors wait for the next pass."""
    stop = stop or threading.Event()
    while True:
        try:
            sync_once()
        except Exception:  # a database or storage outage must not end the indexer
            log.exception("indexer: pass failed; trying again in %g s", interval_s)
            db.session.rollback()
        if stop.wait(interval_s):
            return


def _load(path: Path) -> dict[str, str] | None:
    """The fingerprints indexed last time; None when this index was never synced."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return {str(k): str(v) for k, v in data.get("fingerprints", {}).items()}


def _save(path: Path, current: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"fingerprints": current}), encoding="utf-8")
    temporary.replace(path)
