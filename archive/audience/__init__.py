"""A replay's audience without tracking people: the player's reports, counted per day."""

from flask import Blueprint, Flask

bp = Blueprint("audience", __name__)


def init_app(app: Flask) -> None:
    """Register the endpoint the player reports plays and watched parts to."""
    from archive.audience import views
    from archive.extensions import csrf

    # A report carries no form and changes nothing a visitor owns; views.py checks its origin.
    csrf.exempt(views.count_views)
    app.register_blueprint(bp)
