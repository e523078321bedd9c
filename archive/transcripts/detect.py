"""Which parser a transcript needs: by content first, the file name only to hold .vtt to WebVTT."""

from __future__ import annotations

from pathlib import PurePath

from archive.transcripts.model import TranscriptFormat
from archive.transcripts.plain_text import has_time_markers
from archive.transcripts.srt_format import looks_like_srt
from archive.transcripts.webvtt import has_webvtt_signature


def detect_format(text: str, filename: str) -> TranscriptFormat:
    """Pick the format of decoded text; a *.vtt file is always WebVTT, so it must be valid."""
    # A .vtt that is really SRT or text must be rejected, never silently read otherwise:
    # players would refuse the same file.
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".vtt" or has_webvtt_signature(text):
        return TranscriptFormat.VTT
    if looks_like_srt(text):
        return TranscriptFormat.SRT
    # Content that fits neither shape: a .srt name at least lets the SRT parser say what is wrong.
    if suffix == ".srt" and not has_time_markers(text):
        return TranscriptFormat.SRT
    return TranscriptFormat.TEXT
