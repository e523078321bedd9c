"""Who may upload, and how refusals reach the browser: JSON with one sentence."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from archive.accounts.access import is_editor
from archive.i18n import sentence_for_client
from archive.sentences import N_
from archive.uploads import bp
from archive.uploads.limits import UploadRefused


def require_editor() -> int:
    """The signed-in editor's user id; anyone else is refused."""
    if not current_user.is_authenticated:
        raise UploadRefused(N_("Sign in as an editor to upload recordings."), 401)
    if not is_editor():
        raise UploadRefused(N_("Only editors may upload recordings."), 403)
    return int(current_user.id)


@bp.errorhandler(UploadRefused)
def refused(err: UploadRefused) -> ResponseReturnValue:
    """Answer a refusal as JSON, in the language of the upload page that shows it."""
    return jsonify(error=sentence_for_client(err.message)), err.status, err.headers


@bp.errorhandler(CSRFError)
def csrf_missing(err: CSRFError) -> ResponseReturnValue:
    """A state-changing upload call without a valid CSRF token."""
    sentence = N_("The CSRF token is missing or invalid; send it in X-CSRFToken.")
    return jsonify(error=sentence_for_client(sentence)), 400


@bp.errorhandler(RequestEntityTooLarge)
def too_large(err: RequestEntityTooLarge) -> ResponseReturnValue:
    """A request larger than the server accepts."""
    return jsonify(
        error=sentence_for_client(N_("The request is larger than this server accepts."))
    ), 413
