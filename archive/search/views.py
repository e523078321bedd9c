"""The search page."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from archive.accounts.access import is_editor
from archive.search import bp
from archive.search.service import BadSearch, last_page, parse_request, run_search
from archive.search.statistics import count_search, flush_counts, week_of, week_queries
from archive.search.timelines import match_timelines
from archive.sentences import translate
from archive.times import utcnow


@bp.route("/search")
def search_page() -> ResponseReturnValue:
    """Moments matching the query, grouped by replay."""
    try:
        search_request = parse_request(request.args)
    except BadSearch as err:
        return render_template("search/results.html", error=translate(err), search=None), 400
    search = run_search(search_request) if search_request.q.strip() else None
    if search:
        count_search(search)
    return render_template(
        "search/results.html",
        search=search,
        timelines=match_timelines(search) if search else {},
        error=None,
        last_page=last_page(search_request.page_size),
    )


@bp.route("/editor/searches")
def searched_queries() -> ResponseReturnValue:
    """For editors: what people searched for this week and last, and what found nothing."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if not is_editor():
        abort(403)
    flush_counts()
    this_week = week_of(utcnow().date())
    weeks = [week_queries(this_week), week_queries(this_week - timedelta(days=7))]
    return render_template("search/queries.html", weeks=weeks)
