"""Search index snapshots in the media store: how web hosts of a fleet get the index.

The indexer (``replay-archive indexer``, the one writer) publishes the live index generation
as a tarball under ``search-index/`` and then replaces ``search-index/LATEST.json``, which
names it; the pointer is written last, so a reader never sees a pointer to a partial upload.
A web host downloads the tarball named by the pointer, checks its SHA-256, unpacks it into a
new generation folder and swaps ``CURRENT`` (an atomic rename, as a local rebuild does):
searches already running finish on the old generation, the next ones open the new one.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from archive.search.engine.index import SearchIndex
from archive.storage import ObjectNotFound, Storage

FOLDER = "search-index"
LATEST_KEY = f"{FOLDER}/LATEST.json"
#: The file in the index folder naming the snapshot installed there.
INSTALLED = "SNAPSHOT"
#: Snapshots kept in the store: a host still downloading an older one can finish.
KEEP = 3
#: How long a web host waits for another process installing a snapshot before trying later.
INSTALL_LOCK_S = 0.5


class SnapshotError(Exception):
    """A snapshot could not be used; the message is one sentence."""


@dataclass(frozen=True)
class Snapshot:
    """What ``LATEST.json`` says about the newest snapshot."""

    key: str
    sha256: str
    size: int
    created: float


def publish_snapshot(storage: Storage, index: SearchIndex) -> Snapshot:
    """Upload the live index as a new snapshot, point LATEST at it, drop old snapshots."""
    with tempfile.TemporaryDirectory(prefix="index-snapshot-") as tmp:
        tarball = Path(tmp) / "index.tar.gz"
        # The writer lock keeps commits out while the files are copied: a consistent index.
        with index.folder.writer_lock(index.lock_timeout):
            generation = index.folder.current()
            if generation is None:
                raise SnapshotError("There is no search index to publish yet.")
            _pack(generation, tarball)
        snapshot = Snapshot(
            key=f"{FOLDER}/snapshot-{time.time_ns():020d}.tar.gz",
            sha256=_sha256(tarball),
            size=tarball.stat().st_size,
            created=time.time(),
        )
        storage.put_file(snapshot.key, tarball, content_type="application/gzip")
    storage.put_bytes(
        LATEST_KEY,
        json.dumps(asdict(snapshot)).encode(),
        content_type="application/json",
        cache_control="no-store",
    )
    _prune(storage)
    return snapshot


def latest_snapshot(storage: Storage) -> Snapshot | None:
    """The snapshot LATEST.json names, or None when none was published."""
    try:
        stream = storage.open_stream(LATEST_KEY)
    except ObjectNotFound:
        return None
    try:
        data = json.loads(stream.read())
    finally:
        stream.close()
    return Snapshot(**{name: data[name] for name in ("key", "sha256", "size", "created")})


def installed_key(index: SearchIndex) -> str | None:
    """The key of the snapshot installed in this index folder, if any."""
    try:
        return (index.folder.root / INSTALLED).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def pull_snapshot(storage: Storage, index: SearchIndex) -> bool:
    """Install the newest snapshot unless it is already live; True when one was installed."""
    snapshot = latest_snapshot(storage)
    if snapshot is None or (snapshot.key == installed_key(index) and index.folder.current()):
        return False
    with index.folder.writer_lock(INSTALL_LOCK_S):
        if snapshot.key == installed_key(index) and index.folder.current():
            return False  # another process of this host installed it meanwhile
        with tempfile.TemporaryDirectory(prefix="index-pull-", dir=index.folder.root) as tmp:
            tarball = Path(tmp) / "index.tar.gz"
            storage.get_file(snapshot.key, tarball)
            if _sha256(tarball) != snapshot.sha256:
                raise SnapshotError(f"The index snapshot {snapshot.key} is damaged (checksum).")
            generation = index.folder.new_generation()
            try:
                _unpack(tarball, generation)
            except BaseException:
                index.folder.discard(generation)
                raise
        index.folder.switch_to(generation)
        index.folder.prune()
        _write_atomically(index.folder.root / INSTALLED, snapshot.key)
    return True


def _pack(generation: Path, tarball: Path) -> None:
    with tarfile.open(tarball, "w:gz", compresslevel=1) as archive:
        for path in sorted(generation.iterdir()):
            # Whoosh's own lock files say nothing about the index and must not travel.
            if path.is_file() and "LOCK" not in path.name.upper():
                archive.add(path, arcname=path.name, recursive=False)


def _unpack(tarball: Path, generation: Path) -> None:
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or "/" in member.name or member.name.startswith("."):
                raise SnapshotError(
                    f"The index snapshot holds an unexpected entry {member.name!r}."
                )
        archive.extractall(generation, filter="data")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _prune(storage: Storage) -> None:
    snapshots = sorted(k for k in storage.list_keys(f"{FOLDER}/") if k.endswith(".tar.gz"))
    for key in snapshots[:-KEEP]:
        storage.delete(key)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f"{path.name}.{time.time_ns()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
