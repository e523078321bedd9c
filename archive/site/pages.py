"""The information pages the French web expects: legal notice ("mentions légales"), privacy
and accessibility statement. Each is published once an admin writes it, and answers 404
while it is empty."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from archive.extensions import db
from archive.models.site_pages import SitePage

#: slug → title, in the footer's order.
PAGES: dict[str, LazyString] = {
    "legal-notice": _l("Legal notice"),
    "privacy": _l("Privacy"),
    "accessibility": _l("Accessibility"),
}
#: The longest page an admin may write, in characters.
MAX_BODY = 100_000


def site_page(slug: str) -> SitePage | None:
    """The page's row, if it was ever written."""
    return db.session.get(SitePage, slug) if slug in PAGES else None


def published_pages() -> list[tuple[str, str]]:
    """(slug, title) of the pages with something to read, for the footer."""
    written = set(db.session.scalars(db.select(SitePage.slug).where(SitePage.body != "")))
    return [(slug, str(title)) for slug, title in PAGES.items() if slug in written]


def save_page(slug: str, body: str, author: str) -> tuple[str, str] | None:
    """Write a page (an empty body withdraws it); (old body, new body), or None if unchanged."""
    body = body.replace("\r\n", "\n").strip()
    page = site_page(slug)
    old = page.body if page is not None else ""
    if body == old:
        return None
    if page is None:
        page = SitePage(slug=slug)
        db.session.add(page)
    page.body = body
    page.updated_by = author
    db.session.commit()
    return old, body
