"""The generated picture of a demo replay: one slide saying who is speaking."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

#: the first font present is used; Debian's fonts-dejavu-core is on almost every machine
FONT_CANDIDATES = {
    False: [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ],
    True: [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ],
}

TOP_COLOUR = (14, 27, 56)  # night blue
BOTTOM_COLOUR = (24, 84, 96)  # steel teal
ACCENT = (232, 119, 46)  # molten orange
TEXT = (244, 246, 250)
MUTED = (196, 210, 224)


@dataclass(frozen=True)
class SlideText:
    """What one slide says."""

    event_name: str
    session_label: str
    title: str
    chapter: str
    speaker_name: str
    speaker_role: str
    notice: str


@cache
def load_font(size: int, bold: bool = False) -> Font:
    """A TrueType font installed on this machine, or Pillow's own one if there is none."""
    for candidate in FONT_CANDIDATES[bold]:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float) -> list[str]:
    """Lines of whole words that each fit in the width."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


@cache
def _background(width: int, height: int) -> Image.Image:
    """A vertical gradient with the outline of a saw-tooth factory roof, in RGBA."""
    mask = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGBA", (width, height), BOTTOM_COLOUR + (255,)),
        Image.new("RGBA", (width, height), TOP_COLOUR + (255,)),
        mask,
    )
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    unit = height / 720
    base, roof, tooth = height, height - 150 * unit, 90 * unit
    left = width * 0.55
    points = [(left, base), (left, roof)]
    x = left
    while x < width:
        points += [(x + tooth, roof - 60 * unit), (x + tooth, roof)]
        x += tooth
    points.append((width, base))
    draw.polygon(points, fill=(255, 255, 255, 18))
    chimney_x = left + 2.5 * tooth
    draw.rectangle(
        (chimney_x, roof - 200 * unit, chimney_x + 28 * unit, roof), fill=(255, 255, 255, 18)
    )
    draw.rectangle((0, 0, 12 * unit, height), fill=ACCENT + (255,))
    return Image.alpha_composite(image, overlay)


def draw_slide(text: SlideText, width: int = 1280, height: int = 720) -> Image.Image:
    """The slide shown while one sentence is spoken."""
    unit = height / 720
    image = _background(width, height).copy()
    draw = ImageDraw.Draw(image)
    margin = 80 * unit
    draw.text((margin, 52 * unit), text.event_name, font=load_font(int(28 * unit)), fill=MUTED)
    _draw_notice(draw, text.notice, width, unit)
    _draw_session(draw, text, width - 2 * margin, (margin, 108 * unit), unit)
    _draw_speaker(draw, text, width - 2 * margin, (margin, height - 170 * unit), unit)
    return image.convert("RGB")


def _draw_session(
    draw: ImageDraw.ImageDraw, text: SlideText, width: float, at: tuple[float, float], unit: float
) -> None:
    """The session-type badge, the title and the current chapter."""
    left, top = at
    badge_font = load_font(int(22 * unit), bold=True)
    label = text.session_label.upper()
    badge_right = left + draw.textlength(label, font=badge_font) + 28 * unit
    draw.rounded_rectangle((left, top, badge_right, top + 40 * unit), radius=8 * unit, fill=ACCENT)
    draw.text((left + 14 * unit, top + 8 * unit), label, font=badge_font, fill=TOP_COLOUR)
    title_font = load_font(int(52 * unit), bold=True)
    y = top + 82 * unit
    for line in _wrap(draw, text.title, title_font, width)[:3]:
        draw.text((left, y), line, font=title_font, fill=TEXT)
        y += 64 * unit
    draw.text((left, y + 12 * unit), text.chapter, font=load_font(int(28 * unit)), fill=ACCENT)


def _draw_speaker(
    draw: ImageDraw.ImageDraw, text: SlideText, width: float, at: tuple[float, float], unit: float
) -> None:
    """Who is speaking: a dot, the name, then the role on up to two lines."""
    left, top = at
    dot_top = top + 14 * unit
    draw.ellipse((left, dot_top, left + 24 * unit, dot_top + 24 * unit), fill=ACCENT)
    name_font = load_font(int(40 * unit), bold=True)
    draw.text((left + 40 * unit, top), text.speaker_name, font=name_font, fill=TEXT)
    role_font = load_font(int(24 * unit))
    for index, line in enumerate(_wrap(draw, text.speaker_role, role_font, width - 40 * unit)[:2]):
        line_top = top + (56 + 30 * index) * unit
        draw.text((left + 40 * unit, line_top), line, font=role_font, fill=MUTED)


def _draw_notice(draw: ImageDraw.ImageDraw, notice: str, width: int, unit: float) -> None:
    """The synthetic-content warning, boxed in the top right corner."""
    font = load_font(int(18 * unit))
    pad = 10 * unit
    right, top = width - 40 * unit, 44 * unit
    left = right - draw.textlength(notice, font=font) - 2 * pad
    draw.rounded_rectangle(
        (left, top, right, top + 18 * unit + 2 * pad + 4 * unit),
        radius=6 * unit,
        fill=(0, 0, 0),
        outline=ACCENT,
        width=max(1, int(2 * unit)),
    )
    draw.text((left + pad, top + pad), notice, font=font, fill=TEXT)
