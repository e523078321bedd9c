"""Search: find the moment something was said.

``archive.search.engine`` is the engine (Whoosh, analysis, matching, ranking, snippets): it
knows nothing of Flask, the database or the rest of the archive. The modules here connect it
to the app: the search page (``views``), the shared search call (``service``), the app's index
(``access``) and the documents built from the catalogue (``indexing``).
"""

from flask import Blueprint, Flask

bp = Blueprint("search", __name__)


def init_app(app: Flask) -> None:
    """Register the search page."""
    from archive.search import views  # noqa: F401

    app.register_blueprint(bp)
