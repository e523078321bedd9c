"""Speaker prefixes of SRT and text transcripts: "Marie Dupont: Bonjour", "MARIE : bonjour"."""

from __future__ import annotations

import re

# French typography puts a (narrow) no-break space before the colon.
_PREFIX = re.compile(
    r"(?P<name>[^:]{1,60}?)[ \t\u00a0\u202f]*:(?:[ \t\u00a0\u202f]+(?P<rest>.*)|$)"
)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[-'’.])*")
# Lower-case name particles: "Charles de Gaulle", "Ludwig van Beethoven".
_PARTICLES = {"de", "du", "des", "la", "le", "d'", "d’", "van", "von", "der", "den", "di", "da"}
_PARTICLES |= {"del", "della", "dos", "das", "y", "e", "bin", "ben", "al", "el", "ter", "ten"}
_MAX_WORDS = 5


def split_speaker(line: str) -> tuple[str | None, str]:
    """Split a leading "Name:" off a line: (speaker or None, the rest of the line)."""
    match = _PREFIX.fullmatch(line.strip())
    if match is None or not _looks_like_name(match["name"]):
        return None, line
    return match["name"].strip(), (match["rest"] or "").strip()


def split_first_speaker(lines: list[str]) -> tuple[str | None, list[str]]:
    """Take the speaker from a cue's first line; a dialogue dash ("- Oui") names no one."""
    if not lines or lines[0].lstrip().startswith(("-", "–", "—")):
        return None, lines
    speaker, rest = split_speaker(lines[0])
    if speaker is None:
        return None, lines
    return speaker, ([rest] if rest else []) + lines[1:]


def _looks_like_name(name: str) -> bool:
    """A name is a few capitalised words (or all caps), with particles between them."""
    words = name.split()
    if not words or len(words) > _MAX_WORDS:
        return False
    if not all(_WORD.fullmatch(word) for word in words):
        return False
    if not words[0][0].isupper():
        return False
    return all(word[0].isupper() or word.lower() in _PARTICLES for word in words)
