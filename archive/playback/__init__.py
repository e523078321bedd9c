"""Playback: media files, captions and the embeddable player, behind the visibility policy."""

from flask import Blueprint, Flask

bp = Blueprint("playback", __name__)


def init_app(app: Flask) -> None:
    """Register the media and embed routes."""
    from archive.playback import transcript_files, views  # noqa: F401

    app.register_blueprint(bp)
