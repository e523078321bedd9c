"""What every page template is given: the site's name, logo, accent stylesheet, footer links
and information pages, and whether the catalogue holds demo content."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from archive.branding import site_name
from archive.extensions import db
from archive.models import Replay
from archive.site.pages import published_pages
from archive.site.theme import theme_url


def catalogue_has_demo() -> bool:
    """Whether ``replay-archive demo`` put replays in this catalogue (the home page says so)."""
    return db.session.scalar(db.select(Replay.id).where(Replay.is_demo).limit(1)) is not None


def register(app: Flask) -> None:
    """Give templates the site's identity."""

    @app.context_processor
    def site() -> dict[str, Any]:
        settings = current_app.config["ARCHIVE_SETTINGS"]
        return {
            "site_name": site_name(),
            "site_logo_url": settings.site_logo_url,
            "site_theme_url": theme_url(),
            "site_footer_links": settings.site_footer_links,
            "catalogue_has_demo": catalogue_has_demo,
            "site_pages": published_pages,
        }
