"""API tokens on the upload endpoints: a script uploads a recording with its token over tus
(or signs its direct S3 calls) exactly as a browser does with its session.

The blueprint is exempt from the app-wide CSRF check; this restores it for calls made without
a token (a token is proof in itself: another site's page cannot make a browser send it).
"""

from __future__ import annotations

from flask import request

from archive.accounts.bearer import act_as_token_user, bearer_token
from archive.extensions import csrf
from archive.sentences import N_
from archive.uploads import bp
from archive.uploads.limits import UploadRefused

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@bp.before_request
def authenticate() -> None:
    """Act as the token's user, or check the session's CSRF token on changes."""
    token = bearer_token()
    if token is not None:
        if not act_as_token_user(token):
            raise UploadRefused(
                N_("The API token is unknown or revoked."),
                401,
                {"WWW-Authenticate": 'Bearer realm="api"'},
            )
        return
    if request.method not in _SAFE_METHODS:
        csrf.protect()
