"""Transcript parsing: WebVTT (to the W3C algorithm), SRT and timed plain text, to plain cues.

Pure Python: no Flask, no database. ``parse_transcript`` reads any supported file,
``write_webvtt``, ``write_srt`` and ``write_text`` write the files the archive serves,
``track_language`` tells a transcript file's language, ``webvtt.parse_webvtt`` gives
the spec's raw cues.
"""

from __future__ import annotations

from archive.transcripts.errors import TranscriptError
from archive.transcripts.languages import UnsupportedLanguage, track_language
from archive.transcripts.model import CueLike, ParsedCue, ParsedTranscript, TranscriptFormat
from archive.transcripts.parse import parse_transcript, parse_transcript_bytes
from archive.transcripts.writer import write_srt, write_text, write_webvtt

__all__ = [
    "CueLike",
    "ParsedCue",
    "ParsedTranscript",
    "TranscriptError",
    "TranscriptFormat",
    "UnsupportedLanguage",
    "track_language",
    "parse_transcript",
    "parse_transcript_bytes",
    "write_srt",
    "write_text",
    "write_webvtt",
]
