"""Small pictures made on the server from published media: storyboard frames and thumbnails.

A search page shows one picture per moment and a list shows one per replay; sending the
sprite sheet or the 1280-pixel poster for each would weigh megabytes. Each picture is made
once (Pillow) from files that never change, and kept in a small in-memory cache.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable

from PIL import Image

from archive.catalogue.storyboard import Tile, parse_storyboard
from archive.storage import Storage

CACHE_SIZE = 512
#: Thumbnail widths offered to ``srcset``; a fixed set keeps the cache bounded.
THUMB_WIDTHS = (320, 640)
JPEG_QUALITY = 78


class PictureCache:
    """Parsed storyboards and encoded pictures by storage key; least recently used go first."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._items: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def _cached(self, key: tuple[object, ...], make: Callable[[], object]) -> object:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def tiles(self, storage: Storage, vtt_key: str) -> list[Tile]:
        """The parsed storyboard track stored at ``vtt_key``."""
        return self._cached(  # type: ignore[return-value]
            ("vtt", vtt_key),
            lambda: parse_storyboard(_read(storage, vtt_key).decode("utf-8", "replace")),
        )

    def frame(self, storage: Storage, image_key: str, box: tuple[int, int, int, int]) -> bytes:
        """The JPEG of one tile of the sprite stored at ``image_key``."""
        x, y, w, h = box

        def make() -> bytes:
            with Image.open(io.BytesIO(_read(storage, image_key))) as sprite:
                return _jpeg(sprite.convert("RGB").crop((x, y, x + w, y + h)))

        return self._cached(("tile", image_key, box), make)  # type: ignore[return-value]

    def thumbnail(self, storage: Storage, image_key: str, width: int) -> bytes:
        """The JPEG of the picture at ``image_key`` scaled down to ``width`` pixels."""

        def make() -> bytes:
            with Image.open(io.BytesIO(_read(storage, image_key))) as source:
                picture = source.convert("RGB")
            if picture.width > width:
                height = max(1, round(picture.height * width / picture.width))
                picture = picture.resize((width, height), Image.Resampling.LANCZOS)
            return _jpeg(picture)

        return self._cached(("thumb", image_key, width), make)  # type: ignore[return-value]


def _read(storage: Storage, key: str) -> bytes:
    with storage.open_stream(key) as stream:
        return stream.read()


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


PICTURES = PictureCache()
