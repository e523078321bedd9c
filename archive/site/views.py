"""The information pages as visitors read them."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from archive.site import bp
from archive.site.markdown import render_markdown
from archive.site.pages import PAGES, site_page


@bp.get("/pages/<slug>")
def page(slug: str) -> ResponseReturnValue:
    """A legal or information page; 404 while an admin has not written it."""
    written = site_page(slug)
    if written is None or not written.body:
        abort(404)
    return render_template(
        "site/page.html", title=PAGES[slug], page=written, html=render_markdown(written.body)
    )
