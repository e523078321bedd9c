"""Storyboard frames: the tile of the sprite sheet showing a moment, cut out on the server.

A search page shows one picture per moment; sending each moment's whole sprite sheet would
weigh megabytes, so the tile is cut once (Pillow) and kept in a small in-memory cache.
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image

from archive.storage import Storage

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)")
_XYWH = re.compile(r"^(?P<image>[^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+)\s*$")
CACHE_SIZE = 512


@dataclass(frozen=True)
class Tile:
    """One storyboard cue: from ``start`` to ``end``, this rectangle of this image."""

    start: float
    end: float
    image: str
    box: tuple[int, int, int, int]


def parse_vtt_time(text: str) -> float:
    """``"00:01:02.500"`` or ``"01:02.500"`` → seconds."""
    total = 0.0
    for part in text.split(":"):
        total = total * 60 + float(part)
    return total


def parse_storyboard(text: str) -> list[Tile]:
    """The tiles of a WebVTT thumbnails track (cues whose text is ``image#xywh=x,y,w,h``)."""
    tiles: list[Tile] = []
    lines = text.splitlines()
    for position, line in enumerate(lines[:-1]):
        timing = _TIMING.match(line)
        target = _XYWH.match(lines[position + 1].strip()) if timing else None
        if timing and target:
            x, y, w, h = (int(value) for value in target.groups()[1:])
            start, end = parse_vtt_time(timing.group(1)), parse_vtt_time(timing.group(2))
            tiles.append(Tile(start, end, target.group("image"), (x, y, w, h)))
    return tiles


def tile_at(tiles: list[Tile], seconds: float) -> Tile | None:
    """The tile showing ``seconds`` (the last one past the end)."""
    found = None
    for tile in tiles:
        if tile.start <= seconds:
            found = tile
        else:
            break
    return found or (tiles[0] if tiles else None)


class FrameCache:
    """Storyboard tracks and cut tiles, by storage key; least recently used go first."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._items: OrderedDict[tuple[str, ...], object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def _get(self, key: tuple[str, ...]) -> object | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def _put(self, key: tuple[str, ...], value: object) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def tiles(self, storage: Storage, vtt_key: str) -> list[Tile]:
        """The parsed storyboard track stored at ``vtt_key``."""
        cached = self._get(("vtt", vtt_key))
        if cached is None:
            with storage.open_stream(vtt_key) as stream:
                cached = parse_storyboard(stream.read().decode("utf-8", "replace"))
            self._put(("vtt", vtt_key), cached)
        return cached  # type: ignore[return-value]

    def frame(self, storage: Storage, image_key: str, box: tuple[int, int, int, int]) -> bytes:
        """The JPEG of one tile of the sprite stored at ``image_key``."""
        key = ("tile", image_key, *map(str, box))
        cached = self._get(key)
        if cached is None:
            x, y, w, h = box
            with storage.open_stream(image_key) as stream:
                data = io.BytesIO(stream.read())
            with Image.open(data) as sprite:
                tile = sprite.convert("RGB").crop((x, y, x + w, y + h))
            out = io.BytesIO()
            tile.save(out, "JPEG", quality=80, optimize=True)
            cached = out.getvalue()
            self._put(key, cached)
        return cached  # type: ignore[return-value]


FRAMES = FrameCache()
