"""Search: find the moment something was said (the page; the engine is Flask-free)."""

from flask import Blueprint, Flask

bp = Blueprint("search", __name__)


def init_app(app: Flask) -> None:
    """Register the search page."""
    from archive.search import views  # noqa: F401

    app.register_blueprint(bp)
