"""Storyboard tracks: WebVTT cues whose text points into a sprite sheet (``#xywh=x,y,w,h``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.times import parse_clock

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)")
_XYWH = re.compile(r"^(?P<image>[^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+)\s*$")


@dataclass(frozen=True)
class Tile:
    """One storyboard cue: from ``start`` to ``end``, this rectangle of this image."""

    start: float
    end: float
    image: str
    box: tuple[int, int, int, int]


def parse_storyboard(text: str) -> list[Tile]:
    """The tiles of a WebVTT thumbnails track (cues whose text is ``image#xywh=x,y,w,h``)."""
    tiles: list[Tile] = []
    lines = text.splitlines()
    for position, line in enumerate(lines[:-1]):
        timing = _TIMING.match(line)
        target = _XYWH.match(lines[position + 1].strip()) if timing else None
        if not (timing and target):
            continue
        start, end = parse_clock(timing.group(1)), parse_clock(timing.group(2))
        if start is not None and end is not None:
            x, y, w, h = (int(value) for value in target.groups()[1:])
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
