"""Reading pages the way a crawler or a checker does: the standard library's HTML parser."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any


class Page(HTMLParser):
    """Collects a page's tags (with attributes), script bodies and visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember every tag; start collecting a script's body."""
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))

    def handle_endtag(self, tag: str) -> None:
        """Stop collecting a script's body."""
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        """Keep script bodies apart from the visible text."""
        if self._script is not None:
            attributes, body = self.scripts[-1]
            self.scripts[-1] = (attributes, body + data)
        else:
            self.text.append(data)

    def find_all(self, tag: str, **attributes: str) -> list[dict[str, str]]:
        """The attributes of every ``tag`` having these attribute values."""
        return [
            attrs
            for name, attrs in self.tags
            if name == tag
            and all(attrs.get(k.replace("_", "-")) == v for k, v in attributes.items())
        ]

    def meta(self, key: str) -> str | None:
        """The content of ``<meta property=key>`` or ``<meta name=key>``."""
        for attrs in self.find_all("meta"):
            if key in (attrs.get("property"), attrs.get("name")):
                return attrs.get("content")
        return None

    def json_ld(self) -> list[Any]:
        """Every JSON-LD block of the page, parsed."""
        return [
            json.loads(body)
            for attrs, body in self.scripts
            if attrs.get("type") == "application/ld+json"
        ]

    @property
    def visible_text(self) -> str:
        """The page's text, scripts left out, whitespace collapsed."""
        return " ".join(" ".join(self.text).split())
