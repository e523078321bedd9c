"""The search page."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from archive.search import bp
from archive.search.service import BadSearch, last_page, parse_request, run_search
from archive.search.timelines import match_timelines


@bp.route("/search")
def search_page() -> ResponseReturnValue:
    """Moments matching the query, grouped by replay."""
    try:
        search_request = parse_request(request.args)
    except BadSearch as err:
        return render_template("search/results.html", error=str(err), search=None), 400
    search = run_search(search_request) if search_request.q.strip() else None
    return render_template(
        "search/results.html",
        search=search,
        timelines=match_timelines(search) if search else {},
        error=None,
        last_page=last_page(search_request.page_size),
    )
