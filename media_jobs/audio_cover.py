"""A generated cover picture for audio-only replays, drawn with Pillow.

The title is user text: it is drawn here, never handed to ffmpeg's drawtext, whose option
syntax would turn quotes, colons and percent signs in a title into filter instructions.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from media_jobs.probe import MediaInfo

COVER_SIZE = (1280, 720)
#: Bars of the decorative waveform across the lower part of the picture.
WAVE_BARS = 64
_TITLE_CHARACTERS_PER_LINE = 34
_TITLE_LINES = 3
#: A font with every Latin accent (Pillow's built-in one draws "é" as a box). Pillow finds
#: it by name in the system font folders; the built-in font stands in where it is absent.
FONT_NAME = "DejaVuSans.ttf"


def make_audio_cover(info: MediaInfo, out_path: Path, *, title: str | None = None) -> None:
    """Write a JPEG cover at ``out_path``: colours and waveform from the title, title, duration."""
    seed = hashlib.sha256((title or "").encode("utf-8")).digest()
    image = Image.new("RGB", COVER_SIZE)
    _gradient(image, _colour(seed, 0, dark=True), _colour(seed, 3, dark=False))
    draw = ImageDraw.Draw(image)
    _waveform(draw, seed)
    if title:
        lines = textwrap.wrap(title, _TITLE_CHARACTERS_PER_LINE)[:_TITLE_LINES]
        font = _font(56)
        draw.multiline_text((80, 90), "\n".join(lines), font=font, fill="white", spacing=14)
    small = _font(36)
    draw.text((80, COVER_SIZE[1] - 90), _duration(info.duration), font=small, fill="white")
    image.save(out_path, "JPEG", quality=88)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_NAME, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _colour(seed: bytes, offset: int, *, dark: bool) -> tuple[int, int, int]:
    scale = 0.35 if dark else 0.8
    r, g, b = (int(value * scale) for value in seed[offset : offset + 3])
    return r, g, b


def _gradient(image: Image.Image, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> None:
    width, height = image.size
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)


def _waveform(draw: ImageDraw.ImageDraw, seed: bytes) -> None:
    """Bars of seeded heights: a picture that says "sound" and differs between replays."""
    width, height = COVER_SIZE
    middle, bar = round(height * 0.62), width // WAVE_BARS
    for position in range(WAVE_BARS):
        level = (seed[position % len(seed)] / 255) * 0.7 + 0.1
        half = round(level * height * 0.18)
        x = position * bar + bar // 4
        draw.rectangle([x, middle - half, x + bar // 2, middle + half], fill=(255, 255, 255, 160))


def _duration(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
