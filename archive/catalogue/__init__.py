"""The catalogue: home, replay, event and speaker pages."""

from flask import Blueprint, Flask

bp = Blueprint("catalogue", __name__)


def init_app(app: Flask) -> None:
    """Register the catalogue pages and template helpers."""
    from archive.catalogue import filters, views  # noqa: F401

    app.register_blueprint(bp)
    filters.register(app)
