"""Syndication: the RSS podcast feeds, the video sitemap, oEmbed and robots.txt."""

from flask import Blueprint, Flask

bp = Blueprint("syndication", __name__)


def init_app(app: Flask) -> None:
    """Register the feed, sitemap and oEmbed routes."""
    from archive.syndication import views  # noqa: F401

    app.register_blueprint(bp)
