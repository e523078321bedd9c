"""What syndication shows: public, published replays only, and facts about their files."""

from __future__ import annotations

import io
import threading

from PIL import Image
from sqlalchemy.orm import selectinload

from archive import services
from archive.accounts.access import released
from archive.extensions import db
from archive.models import Event, Replay, ReplayStatus, Visibility
from archive.storage import ObjectNotFound

#: Feeds list the newest replays; podcast apps read at most a few hundred items.
FEED_ITEMS = 100
#: The sitemap protocol's limit of URLs per file.
SITEMAP_URLS = 50_000

_sizes: dict[str, int] = {}
_dimensions: dict[str, tuple[int, int]] = {}
_lock = threading.Lock()


def syndicated_replays(event: Event | None = None, limit: int = FEED_ITEMS) -> list[Replay]:
    """Public, published replays, newest first: never unlisted or private ones, for anyone."""
    query = (
        db.select(Replay)
        .where(
            Replay.visibility == Visibility.PUBLIC,
            Replay.status == ReplayStatus.PUBLISHED,
            released(),
        )
        .options(
            selectinload(Replay.speakers), selectinload(Replay.event), selectinload(Replay.themes)
        )
        .order_by(Replay.published_at.desc().nulls_last(), Replay.created_at.desc())
        .limit(limit)
    )
    if event is not None:
        query = query.where(Replay.event_id == event.id)
    return list(db.session.scalars(query).all())


def media_size(replay: Replay, relative_key: str) -> int:
    """The size in bytes of a published file (published files never change, so it is kept)."""
    key = replay.media_key(relative_key)
    size = _sizes.get(key)
    if size is None:
        try:
            size = services.storage().size(key)
        except (ObjectNotFound, FileNotFoundError):
            size = 0
        with _lock:
            _sizes[key] = size
    return size


def poster_dimensions(replay: Replay) -> tuple[int, int] | None:
    """The poster's width and height in pixels, read from its header once."""
    if not replay.poster_key:
        return None
    key = replay.media_key(replay.poster_key)
    found = _dimensions.get(key)
    if found is None:
        try:
            with services.storage().open_stream(key) as stream:
                data = io.BytesIO(stream.read())
            with Image.open(data) as image:
                found = image.size
        except (ObjectNotFound, FileNotFoundError, OSError):
            return None
        with _lock:
            _dimensions[key] = found
    return found
