"""The JSON API (``/api/v1``), described by ``/api/v1/openapi.json``."""

from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    """Register the API routes."""
    from archive.api import (  # noqa: F401
        auth,
        drafts,
        errors,
        jobs,
        lifecycle,
        media,
        openapi,
        replays,
        search,
        suggest,
        transcripts,
    )
    from archive.extensions import csrf

    # archive.api.auth checks CSRF itself, for calls made without an API token.
    csrf.exempt(bp)
    app.register_blueprint(bp)
