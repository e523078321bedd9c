"""API errors are JSON with one sentence, never an HTML page."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from archive.api import bp


class ApiError(Exception):
    """A request the API refuses, with its status and one sentence."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@bp.errorhandler(ApiError)
def api_error(err: ApiError) -> ResponseReturnValue:
    """Answer an ApiError as JSON."""
    return jsonify(error=err.message), err.status


@bp.errorhandler(CSRFError)
def csrf_error(err: CSRFError) -> ResponseReturnValue:
    """A state-changing call without a valid CSRF token."""
    return jsonify(error="The CSRF token is missing or invalid; send it in X-CSRFToken."), 400


# Flask prefers handlers registered for a status code over class handlers, even app-wide
# ones, so the codes an API call can meet are named here as well.
@bp.errorhandler(400)
@bp.errorhandler(403)
@bp.errorhandler(404)
@bp.errorhandler(405)
@bp.errorhandler(413)
@bp.errorhandler(HTTPException)
def http_error(err: HTTPException) -> ResponseReturnValue:
    """404, 405 and friends as JSON."""
    messages = {404: "Not found.", 405: f"{request.method} is not allowed here."}
    return jsonify(error=messages.get(err.code or 500, err.description)), err.code or 500
