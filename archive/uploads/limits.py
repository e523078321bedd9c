"""What an editor may upload: which recordings and transcripts, and how large.

The file name and the browser's MIME type are only a first gate for honest mistakes (a PDF
chosen by accident); the pipeline probes every recording with ffprobe anyway.
"""

from __future__ import annotations

from pathlib import PureWindowsPath

from archive.sentences import N_
from archive.uploads.operations import KNOWN_SUFFIXES

#: Transcript formats ``archive.transcripts`` reads.
TRANSCRIPT_SUFFIXES = frozenset({".vtt", ".srt", ".txt"})
#: A transcript of an eight-hour day is under 2 MB; anything far larger is not a transcript.
MAX_TRANSCRIPT_BYTES = 10 * 1024**2
# Browsers send these major types for files that are certainly not recordings.
_REFUSED_MAJOR_TYPES = frozenset({"image", "text", "font", "model", "multipart", "message"})


class UploadRefused(Exception):
    """An upload request the archive refuses: an HTTP status and one sentence for the user."""

    def __init__(
        self, message: str, status: int = 400, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        #: extra response headers (tus answers carry the offset or the versions it speaks)
        self.headers = headers or {}


def file_suffix(filename: str) -> str:
    """The lower-case extension of a browser-supplied name (which may carry a Windows path)."""
    return PureWindowsPath(filename).suffix.lower()


def display_name(filename: str) -> str:
    """The last part of a browser-supplied name, printable and at most 300 characters."""
    name = PureWindowsPath(filename.replace("/", "\\")).name
    return "".join(char for char in name if char.isprintable())[:300] or "recording"


def recording_suffix(filename: str, mime_type: str | None) -> str:
    """The extension of an acceptable recording's name; refuse (415) anything else."""
    suffix = file_suffix(filename)
    if suffix not in KNOWN_SUFFIXES:
        raise UploadRefused(
            N_(
                "%(filename)r is not a recording the archive accepts; "
                "send a video or audio file (%(known_suffixes)s)."
            )
            % {
                "filename": display_name(filename),
                "known_suffixes": ", ".join(sorted(KNOWN_SUFFIXES)),
            },
            415,
        )
    major = (mime_type or "").split(";")[0].strip().lower().partition("/")[0]
    if major in _REFUSED_MAJOR_TYPES:
        raise UploadRefused(
            N_("%(filename)r is a %(major)s file, not a video or audio recording.")
            % {"filename": display_name(filename), "major": major},
            415,
        )
    return suffix


def check_recording_size(size: int, max_bytes: int) -> None:
    """Refuse an empty recording (400) or one over the configured limit (413)."""
    if size <= 0:
        raise UploadRefused(N_("The recording is empty."), 400)
    if size > max_bytes:
        raise UploadRefused(
            N_("The recording is %(size)s, over the %(max_bytes)s limit of this archive.")
            % {"size": human_size(size), "max_bytes": human_size(max_bytes)},
            413,
        )


def transcript_suffix(filename: str) -> str:
    """The extension of an acceptable transcript's name; refuse (415) anything else."""
    suffix = file_suffix(filename)
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise UploadRefused(
            N_(
                "%(filename)r is not a transcript the archive reads; "
                "send a WebVTT (.vtt), SRT (.srt) or text (.txt) file."
            )
            % {"filename": display_name(filename)},
            415,
        )
    return suffix


def human_size(size: int) -> str:
    """A size as people read it: 1.5 GB, 200 MB, 12 KB (decimal units, as file managers show)."""
    for unit, scale in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{size} bytes"


def recording_accept() -> str:
    """The file input's ``accept`` attribute for recordings."""
    return ",".join(["video/*", "audio/*", *sorted(KNOWN_SUFFIXES)])


def transcript_accept() -> str:
    """The file input's ``accept`` attribute for transcripts."""
    return ",".join(sorted(TRANSCRIPT_SUFFIXES))
