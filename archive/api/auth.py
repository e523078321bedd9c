"""Who calls the API: an API token (``Authorization: Bearer``), else the browser session.

A token is proof in itself: a page on another site cannot make a browser send it, so calls
with one skip CSRF. Calls that change something without a token need a signed-in session and
its CSRF token (``X-CSRFToken``); without either, they answer 401.
"""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from archive.accounts.bearer import act_as_token_user, bearer_token
from archive.api import bp
from archive.extensions import csrf

#: Methods that change nothing, open to visitors as the routes allow.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _unauthorized(message: str) -> ResponseReturnValue:
    headers = {"WWW-Authenticate": 'Bearer realm="api"'}
    return jsonify(error=message), 401, headers


@bp.before_request
def authenticate() -> ResponseReturnValue | None:
    """Act as the token's user, or check the session's CSRF token on changes."""
    token = bearer_token()
    if token is not None:
        if not act_as_token_user(token):
            return _unauthorized("The API token is unknown or revoked.")
        return None
    if request.method in SAFE_METHODS:
        return None
    if not current_user.is_authenticated:
        return _unauthorized("Sign in, or send an API token in an Authorization: Bearer header.")
    csrf.protect()
    return None
