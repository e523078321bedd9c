"""Admin pages: the site's information pages (legal notice, privacy, accessibility)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from archive.catalogue.page_cache import pages as cached_pages
from archive.editor import bp
from archive.editor.audit import record
from archive.editor.forms import SitePageForm
from archive.editor.guards import admin_required
from archive.models.audit import AuditAction
from archive.site.markdown import render_markdown
from archive.site.pages import PAGES, save_page, site_page


@bp.get("/pages")
@admin_required
def site_pages() -> ResponseReturnValue:
    """The information pages, whether each is published, and who wrote it last."""
    rows = [(slug, title, site_page(slug)) for slug, title in PAGES.items()]
    return render_template("editor/site_pages.html", rows=rows)


@bp.route("/pages/<slug>", methods=["GET", "POST"])
@admin_required
def edit_site_page(slug: str) -> ResponseReturnValue:
    """Write a page in Markdown, preview it, publish it (or empty it to withdraw it)."""
    if slug not in PAGES:
        abort(404)
    page = site_page(slug)
    form = SitePageForm(body=page.body if page else "")
    preview = None
    if form.validate_on_submit():
        body = form.body.data or ""
        if request.form.get("action") == "preview":
            preview = render_markdown(body)
        else:
            _publish(slug, body)
            return redirect(url_for("editor.edit_site_page", slug=slug))
    return render_template(
        "editor/site_page.html", slug=slug, title=PAGES[slug], page=page, form=form, preview=preview
    )


def _publish(slug: str, body: str) -> None:
    """Save the page, log it, and let visitors' cached pages show the new footer."""
    changed = save_page(slug, body, current_user.email)
    if changed is None:
        flash(_("Nothing changed."), "success")
        return
    old, new = changed
    title = str(PAGES[slug])
    if not new:
        summary = f"Withdrew the page {title!r}: it answers 404."
    elif not old:
        summary = f"Published the page {title!r}."
    else:
        summary = f"Changed the page {title!r}."
    record(AuditAction.PAGE, summary, subject=title, changes={"body": (old, new)})
    # This process's cache at once; other web processes within their cache's 30 seconds.
    cached_pages().clear()
    flash(_("Page saved.") if new else _("Page withdrawn: it answers 404."), "success")
