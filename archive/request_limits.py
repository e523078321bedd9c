"""How large a request body may be: small everywhere, larger on the upload endpoints for editors.

``MAX_CONTENT_LENGTH`` (``ARCHIVE_MAX_REQUEST_BYTES``, 2 MiB) covers every request, so a body
larger than that is refused with 413 from its ``Content-Length`` before a byte of it is read,
whoever sends it and wherever (``/login`` included: the global CSRF check reads the form of
every POST before any view runs). The few endpoints that take files get their own limit, and
only once the request is known to come from a signed-in editor: an anonymous body never gets
past the small limit. The views still check each file against its own rule (a transcript's
size, an upload's declared length, an editor's upload); ``deploy/nginx.conf`` mirrors this.
"""

from __future__ import annotations

from flask import Flask, request

from archive.accounts.access import is_editor

#: Room for a form's other fields beside its files.
FORM_SLACK_BYTES = 1024**2
#: Speaker photos one submission of the replay details form may carry.
PHOTOS_PER_FORM = 8


def upload_limits(app: Flask) -> dict[str, int]:
    """Body limits of the endpoints that receive files, by endpoint."""
    from archive.editor.photos import MAX_PHOTO_BYTES
    from archive.editor.transcripts import MAX_TRANSCRIPT_BYTES
    from archive.uploads.completion import MAX_FORM_BYTES

    details_form = PHOTOS_PER_FORM * MAX_PHOTO_BYTES + FORM_SLACK_BYTES
    return {
        # tus PATCH bodies (Uppy sends 64 MiB chunks); the view checks the declared length.
        "uploads.tus_upload": app.config["ARCHIVE_SETTINGS"].max_upload_bytes,
        "uploads.complete_upload": MAX_FORM_BYTES,
        "editor.upload_transcript": MAX_TRANSCRIPT_BYTES + FORM_SLACK_BYTES,
        "editor.new_replay": details_form,
        "editor.edit_replay": details_form,
        # An event's cover picture, a speaker's photo.
        "editor.edit_event": MAX_PHOTO_BYTES + FORM_SLACK_BYTES,
        "editor.edit_speaker": MAX_PHOTO_BYTES + FORM_SLACK_BYTES,
    }


def init_app(app: Flask) -> None:
    """Raise the body limit of upload endpoints for editors, before anything reads a body."""
    limits = upload_limits(app)

    @app.before_request
    def editors_upload_limit() -> None:
        limit = limits.get(request.endpoint or "")
        if limit is not None and request.method in ("POST", "PUT", "PATCH") and is_editor():
            request.max_content_length = limit
