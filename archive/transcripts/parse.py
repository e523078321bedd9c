"""Reading a transcript file of any supported format into plain-text cues."""

from __future__ import annotations

from pathlib import Path

from archive.sentences import N_
from archive.transcripts.cuetext import parse_cue_text
from archive.transcripts.decode import decode_transcript
from archive.transcripts.detect import detect_format
from archive.transcripts.errors import TranscriptError
from archive.transcripts.model import ParsedCue, ParsedTranscript, TranscriptFormat
from archive.transcripts.plain_text import parse_plain_text
from archive.transcripts.srt_format import parse_srt
from archive.transcripts.webvtt import parse_webvtt


def parse_transcript(path: Path, *, display_name: str | None = None) -> ParsedTranscript:
    """Read and parse a transcript file; errors name ``display_name`` (default: the path)."""
    filename = display_name or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise TranscriptError(filename, None, N_("no such file")) from exc
    except IsADirectoryError as exc:
        raise TranscriptError(
            filename, None, N_("this is a folder, not a transcript file")
        ) from exc
    except OSError as exc:
        raise TranscriptError(
            filename, None, N_("cannot read the file (%(strerror)s)") % {"strerror": exc.strerror}
        ) from exc
    return parse_transcript_bytes(data, filename)


def parse_transcript_bytes(data: bytes, filename: str) -> ParsedTranscript:
    """Parse transcript bytes; ``filename`` names the file in errors and hints at the format."""
    text = decode_transcript(data, filename)
    transcript_format = detect_format(text, filename)
    if transcript_format is TranscriptFormat.VTT:
        cues = _parse_vtt(text, filename)
    elif not text.strip():
        raise TranscriptError(filename, 1, N_("the file is empty"))
    elif transcript_format is TranscriptFormat.SRT:
        cues = parse_srt(text, filename)
    else:
        cues = parse_plain_text(text, filename)
    if not cues:
        raise TranscriptError(filename, 1, N_("no cues found"))
    return ParsedTranscript(transcript_format, cues)


def _parse_vtt(text: str, filename: str) -> list[ParsedCue]:
    parsed = parse_webvtt(text, filename)
    if not parsed.cues and parsed.skipped:
        # Say why: the spec drops blocks with bad timings silently, users deserve better.
        first = parsed.skipped[0]
        raise TranscriptError(
            filename, first.line, N_("no cues found: %(reason)s") % {"reason": first.reason}
        )
    cues = []
    for cue in parsed.cues:
        content = parse_cue_text(cue.text)
        cues.append(ParsedCue(cue.start, cue.end, content.text, content.speaker, cue.identifier))
    return cues
