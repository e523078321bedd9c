"""Reading a page the way a browser would, to find anything from the payload that would run."""

from __future__ import annotations

import json
from html.parser import HTMLParser


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        handlers = [name for name in names if name.startswith("on")]
        if handlers:
            self.problems.append(f"<{tag}> carries event handlers {handlers}")
        if tag == "script" and "src" not in names and names.get("type") != "application/ld+json":
            self.problems.append("an inline <script> element")
        if tag == "img" and names.get("src") == "x":
            self.problems.append("an <img src=x> element")
        for name, value in attrs:
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"a javascript: URL in {name}")
        if tag == "script":
            self._script = names

    def handle_data(self, data: str) -> None:
        if self._script is not None and self._script.get("type") == "application/ld+json":
            # Data, not code, as long as it stays one JSON value inside its element.
            try:
                json.loads(data)
            except ValueError:
                self.problems.append("structured data that is not JSON (broken out of?)")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def active_content(html: str) -> list[str]:
    """What in ``html`` a browser would run: event handlers, inline scripts, script URLs."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems
