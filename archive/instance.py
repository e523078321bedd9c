"""Create or upgrade what an instance needs: folders, database schema, search index."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from flask_migrate import upgrade

from archive import services
from archive.extensions import MIGRATIONS_DIR
from archive.search.access import search_index


class MissingTool(RuntimeError):
    """A program the archive runs is not installed."""


def check_tools() -> None:
    """Refuse to start processing without ffmpeg and ffprobe."""
    for tool in ("ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            raise MissingTool(f"{tool} is not installed: install the Debian package 'ffmpeg'.")


def init_instance() -> Iterator[str]:
    """Bring the instance up to date; safe to run again and again."""
    settings = services.settings()
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    yield f"instance: {settings.instance_dir}"
    if settings.storage_url.startswith("file://"):
        Path(settings.storage_url[len("file://") :]).mkdir(parents=True, exist_ok=True)
    services.storage().ping()
    yield f"storage: {settings.storage_url}"
    upgrade(directory=str(MIGRATIONS_DIR))
    yield "database: schema up to date"
    index = search_index()
    if not index.is_healthy():
        from archive.search.indexing import rebuild_index

        rebuild_index()
    yield f"search index: {settings.index_dir} ({index.doc_count()} documents)"
