"""Error pages in the site's look, so every page's title ends with the site's name.

The API and the upload endpoints answer their errors themselves (JSON); 404 is the catalogue's
page. A response already made for an error (``abort(response)``) is left as it is.
"""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

#: One sentence per status a visitor may meet; others get the generic sentence.
SENTENCES = {
    400: _l("The request could not be understood; reload the page and try again."),
    401: _l("Sign in to open this page."),
    403: _l("Your account may not open this page."),
    405: _l("This address does not accept this kind of request."),
    413: _l("The request is too large."),
    429: _l("Too many requests: wait a minute, then try again."),
}
GENERIC = _l("This request could not be served.")
CSRF = _l("The CSRF token of the form is missing or has expired: reload the page and try again.")
SERVER_ERROR = _l("Something went wrong on our side; try again in a moment.")


def error_page(err: HTTPException) -> ResponseReturnValue:
    """The error as a page of the site, keeping the error's own headers (Allow, Retry-After)."""
    if err.response is not None or err.code is None:
        return err
    headers = [(k, v) for k, v in err.get_headers() if k.lower() != "content-type"]
    if err.code >= 500:
        # No database, no session: the page must render when they are what failed.
        try:
            body = render_template("errors/server_error.html", sentence=SERVER_ERROR)
        except Exception:  # noqa: BLE001 - the plain error beats a second failure
            return err
        return body, err.code, headers
    sentence = CSRF if isinstance(err, CSRFError) else SENTENCES.get(err.code, GENERIC)
    return render_template("errors/error.html", code=err.code, sentence=sentence), err.code, headers


def register(app: Flask) -> None:
    """Answer HTTP errors with the site's error pages."""
    app.register_error_handler(HTTPException, error_page)
