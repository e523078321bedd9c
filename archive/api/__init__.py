"""The JSON API (``/api/v1``), described by ``/api/v1/openapi.json``."""

from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    """Register the API routes."""
    from archive.api import errors, jobs, openapi, replays, search  # noqa: F401

    app.register_blueprint(bp)
