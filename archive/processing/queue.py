"""The Huey queue: SQLite for the embedded default, Redis to scale out; same tasks on both."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from huey import Huey, MemoryHuey, PriorityRedisHuey, SqliteHuey

from archive.processing.tasks import register_tasks

QUEUE_NAME = "replay-archive"


def build_queue(url: str) -> Huey:
    """A Huey instance for ``sqlite:///path``, ``redis://host:port/db`` or ``memory://``."""
    scheme = urlsplit(url).scheme
    huey: Huey
    if scheme == "sqlite":
        path = Path(url[len("sqlite:///") :] if url.startswith("sqlite:///") else url[7:])
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(QUEUE_NAME, filename=str(path))
    elif scheme in ("redis", "rediss"):
        # The priority flavour (a sorted set): plain RedisHuey refuses task priorities.
        huey = PriorityRedisHuey(QUEUE_NAME, url=url)
    elif scheme == "memory":
        huey = MemoryHuey(QUEUE_NAME)
    else:
        raise ValueError(f"Unsupported queue URL {url!r}: use sqlite:/// or redis://.")
    register_tasks(huey)
    return huey


def job_queue() -> Huey:
    """The current app's queue (ARCHIVE_QUEUE_URL), built once, with the archive's tasks."""
    cache = current_app.extensions["archive"]
    if "queue" not in cache:
        cache["queue"] = build_queue(current_app.config["ARCHIVE_SETTINGS"].queue_url)
    return cache["queue"]  # type: ignore[no-any-return]
