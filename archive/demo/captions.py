"""The WebVTT transcript and chapter times of a demo replay, from the measured speech."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archive.demo.speech import SpokenLine
from archive.times import format_vtt_timestamp


@dataclass(frozen=True)
class Caption:
    """One cue: a sentence, who says it and when it is heard."""

    timing: SpokenLine
    speaker_name: str
    text: str


def _escape(text: str) -> str:
    """Cue text with the three characters WebVTT reserves escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_webvtt(captions: list[Caption], path: Path) -> None:
    """Write one cue per sentence, each with the speaker's voice span."""
    blocks = ["WEBVTT"]
    for number, caption in enumerate(captions, start=1):
        # A voice annotation ends at the first ">", so the name must not hold one.
        voice = caption.speaker_name.replace(">", "").replace("&", "and")
        blocks.append(
            f"{number}\n"
            f"{format_vtt_timestamp(caption.timing.start)} --> {format_vtt_timestamp(caption.timing.end)}\n"
            f"<v {voice}>{_escape(caption.text)}"
        )
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def snap_chapters(
    chapters: list[tuple[float, str]], lines: list[SpokenLine]
) -> list[tuple[float, str]]:
    """Move each chapter to the start of the sentence nearest to its planned time.

    The planned times are estimates written before synthesis; a chapter marker is only
    useful if seeking to it starts a sentence. Each chapter takes a later sentence than the
    one before, so no two chapters collapse onto one.
    """
    snapped: list[tuple[float, str]] = []
    previous = -1
    for planned, title in chapters:
        candidates = range(previous + 1, len(lines))
        if not candidates:
            break
        index = min(candidates, key=lambda i: abs(lines[i].start - planned))
        snapped.append((0.0 if index == 0 else lines[index].start, title))
        previous = index
    return snapped
