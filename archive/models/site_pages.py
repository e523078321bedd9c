"""The site's information pages (legal notice, privacy, accessibility), written by an admin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.extensions import db
from archive.times import utcnow


class SitePage(db.Model):  # type: ignore[name-defined]
    """One information page; an empty body means the page is not published (404)."""

    __tablename__ = "site_pages"
    #: one of archive.site.pages.PAGES, e.g. "legal-notice"
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: Markdown, rendered without HTML (archive.site.markdown)
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    #: the admin who last wrote it
    updated_by: Mapped[str] = mapped_column(String(254), default="")
