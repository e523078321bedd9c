"""Search latency as visitors wait for it: the search page and the search API, timed per request.

Timing the request (rather than the engine call) leaves the search code untouched and counts
what a visitor feels: argument parsing, the privacy filter, the index and the JSON or HTML.
"""

from __future__ import annotations

import time

from flask import Response, g, request

from archive.ops import bp


def _interface() -> str | None:
    """The ``interface`` label of this request if it is a search: ``api`` or ``page``."""
    if request.endpoint == "api.search":
        return "api"
    if request.blueprint == "search":
        return "page"
    return None


@bp.before_app_request
def start_search_clock() -> None:
    """Note when a search request started."""
    if _interface():
        g.search_started = time.perf_counter()


@bp.after_app_request
def stop_search_clock(response: Response) -> Response:
    """Record the search's latency once its answer is ready."""
    started = g.pop("search_started", None)
    interface = _interface()
    if started is not None and interface:
        from archive.ops.metrics import observe_search

        observe_search(interface, time.perf_counter() - started)
    return response
