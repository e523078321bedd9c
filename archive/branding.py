"""The archive's own name, for page titles, feeds, oEmbed and social cards.

ARCHIVE_SITE_NAME when the organiser set one, else "Replay archive" in the visitor's language.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext


def site_name() -> str:
    """The name that ends every page title."""
    return current_app.config["ARCHIVE_SETTINGS"].site_name or gettext("Replay archive")
