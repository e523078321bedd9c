"""WebVTT cue text to plain text and speaker, following the spec's cue text tokenizer.

https://www.w3.org/TR/webvtt1/#cue-text-parsing-rules: a tag runs from "<" to the next ">"
(or the end); text between tags keeps its characters with HTML character references
decoded; only the first voice span's annotation is the cue's speaker.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Start tags end their name at whitespace or "."; the annotation follows the first whitespace.
_START_TAG = re.compile(
    r"(?P<name>[^\t\n\x0c .]*)(?P<classes>(?:\.[^\t\n\x0c .]*)*)(?P<rest>.*)", re.S
)
_WHITESPACE_RUN = re.compile(r"[\t\n\x0c\r ]+")


@dataclass(frozen=True)
class CueText:
    """A cue's text as plain text, with the speaker its voice span names."""

    text: str
    speaker: str | None


@dataclass(frozen=True)
class StartTag:
    """A start tag token: name, classes and annotation (a voice's name, a language)."""

    name: str
    classes: tuple[str, ...]
    annotation: str


def parse_cue_text(raw: str) -> CueText:
    """Strip cue markup, decode entities and find the voice span's speaker."""
    pieces: list[str] = []
    speaker: str | None = None
    for token in tokenize(raw):
        if isinstance(token, str):
            pieces.append(token)
        elif isinstance(token, StartTag) and token.name == "v" and speaker is None:
            speaker = token.annotation or None
    return CueText("".join(pieces).strip(), speaker)


def tokenize(raw: str) -> list[str | StartTag | None]:
    """Split cue text into text runs (decoded), start tags, and None for other tags."""
    tokens: list[str | StartTag | None] = []
    pos = 0
    while pos < len(raw):
        opening = raw.find("<", pos)
        if opening == -1:
            opening = len(raw)
        if opening > pos:
            tokens.append(html.unescape(raw[pos:opening]))
        if opening == len(raw):
            break
        closing = raw.find(">", opening + 1)
        if closing == -1:
            closing = len(raw)
        tokens.append(_tag_token(raw[opening + 1 : closing]))
        pos = closing + 1
    return tokens


def _tag_token(content: str) -> StartTag | None:
    """End tags and timestamp tags carry nothing plain text needs: they become None."""
    if content.startswith("/") or content[:1].isdigit():
        return None
    match = _START_TAG.fullmatch(content)
    assert match is not None  # the pattern matches any string
    classes = tuple(match["classes"].split(".")[1:])
    annotation = _WHITESPACE_RUN.sub(" ", html.unescape(match["rest"])).strip(" ")
    return StartTag(match["name"], classes, annotation)
