"""The upload page for editors."""

from __future__ import annotations

from flask import abort, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from archive import services
from archive.accounts.access import is_editor
from archive.extensions import db, login_manager
from archive.models import Event
from archive.uploads import bp
from archive.uploads.limits import human_size, recording_accept, transcript_accept
from archive.uploads.operations import LANGUAGES


@bp.get("/upload")
def upload_page() -> ResponseReturnValue:
    """Choose a recording and its details; the upload itself runs in the page's script."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_editor():
        abort(404)
    settings = services.settings()
    mode = "s3" if services.storage().supports_direct_upload else "tus"
    page = render_template(
        "uploads/upload.html",
        mode=mode,
        max_bytes=settings.max_upload_bytes,
        max_size=human_size(settings.max_upload_bytes),
        recording_accept=recording_accept(),
        transcript_accept=transcript_accept(),
        upload_languages=LANGUAGES,
        events=db.session.scalars(db.select(Event.name).order_by(Event.name)).all(),
    )
    response = make_response(page)
    # The page carries this editor's CSRF token: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response
