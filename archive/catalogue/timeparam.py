"""Times in links to a moment, read from the query string (``?t=75``, ``?t=1:15``, ``?t=1m15s``)."""

from __future__ import annotations

from flask import request

from archive.times import parse_moment


def seconds_arg(name: str) -> float | None:
    """A time from the query string; None when absent or unreadable."""
    return parse_moment(request.args.get(name, ""))
