"""The organiser's site around the catalogue: its name, logo, accent colour, footer links,
information pages (legal notice, privacy, accessibility) and error pages."""

from flask import Blueprint, Flask

bp = Blueprint("site", __name__)


def init_app(app: Flask) -> None:
    """Register the site's pages, error pages and what every template is given."""
    from archive.site import context, errors, theme, views  # noqa: F401

    app.register_blueprint(bp)
    context.register(app)
    errors.register(app)
