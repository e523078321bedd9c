"""Markdown that admins write, rendered safely: CommonMark with tables, HTML kept as text.

Raw HTML in the source is shown escaped, never passed through, and links to ``javascript:``,
``vbscript:``, ``file:`` and most ``data:`` URLs are not made (markdown-it's link validation).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_renderer = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def render_markdown(text: str) -> Markup:
    """The HTML of ``text``, safe to put in a page."""
    return Markup(_renderer.render(text))  # noqa: S704 - html is off: the source is escaped
