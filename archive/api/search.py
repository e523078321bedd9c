"""``/api/v1/search``: moment-level results."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from archive.api import bp
from archive.api.errors import ApiError
from archive.search.service import BadSearch, parse_request, run_search, search_json
from archive.search.statistics import count_search


@bp.get("/search")
def search() -> ResponseReturnValue:
    """Search what was said; each hit is one cue."""
    try:
        search_request = parse_request(request.args)
    except BadSearch as err:
        raise ApiError(str(err)) from None
    found = run_search(search_request)
    count_search(found)
    return jsonify(search_json(found))
