"""``/api/v1/suggest``: what to offer while a search is being typed."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from archive.api import bp
from archive.api.errors import ApiError
from archive.search.suggestions import BadPrefix, parse_prefix, suggestions, suggestions_json


@bp.get("/suggest")
def suggest() -> ResponseReturnValue:
    """Words and phrases said, speakers, titles, themes and events starting as typed."""
    try:
        typed = parse_prefix(request.args, request.query_string)
    except BadPrefix as err:
        raise ApiError(str(err)) from None
    return jsonify(suggestions_json(suggestions(typed)))
