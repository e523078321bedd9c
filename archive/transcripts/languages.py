"""The language of a transcript file: ``name.LANG.ext``, else a WebVTT ``Language:`` header,
else what the caller says (the replay's language)."""

from __future__ import annotations

import re
from pathlib import PurePath

from archive.sentences import N_

#: Languages the archive has analyzers, captions labels and an interface for.
LANGUAGES = ("fr", "en")
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
_HEADER = re.compile(rb"^Language:\s*([A-Za-z0-9_-]+)\s*$", re.MULTILINE | re.IGNORECASE)


class UnsupportedLanguage(ValueError):
    """A transcript declares a language the archive does not support; one sentence."""


def _normalise(code: str, where: str) -> str:
    primary = re.split(r"[-_]", code.lower(), maxsplit=1)[0]
    if primary not in LANGUAGES:
        raise UnsupportedLanguage(
            N_("The transcript %(where)s is in %(code)r, which is not one of %(languages)s.")
            % {"where": where, "code": code, "languages": ", ".join(LANGUAGES)}
        )
    return primary


def track_language(filename: str, head: bytes, default: str | None) -> str | None:
    """The language of a transcript file from its name, its WebVTT header, or ``default``.

    ``head`` is the start of the file (a few kilobytes are enough for a WebVTT header).
    """
    name = PurePath(filename).name
    parts = name.split(".")
    if len(parts) >= 3 and _CODE.match(parts[-2]):
        return _normalise(parts[-2], repr(name))
    text = head.lstrip(b"\xef\xbb\xbf")
    if text.startswith(b"WEBVTT"):
        header = re.split(rb"\r?\n\r?\n|\r\r", text, maxsplit=1)[0]
        declared = _HEADER.search(header)
        if declared:
            return _normalise(declared.group(1).decode("ascii", "replace"), repr(name))
    return default
