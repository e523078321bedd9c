"""The editor: create and edit replays, transcripts, chapters, posters and highlights; jobs; audit."""

from flask import Blueprint, Flask

bp = Blueprint("editor", __name__, url_prefix="/editor")


def init_app(app: Flask) -> None:
    """Register the editor pages (signed-in editors and admins only)."""
    from archive.editor import context, guards  # noqa: F401
    from archive.editor.views import (  # noqa: F401
        admin,
        audience,
        jobs,
        media,
        programme,
        records,
        replays,
        site_pages,
        tokens,
        transcripts,
        webhooks,
    )

    app.register_blueprint(bp)
